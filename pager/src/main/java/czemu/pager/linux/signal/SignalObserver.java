package czemu.pager.linux.signal;

import czemu.kernel.thread.Tcb;

/**
 * Sees each signal a Linux thread takes (czemu run --strace, --trace): as qemu-user's -strace shows
 * one, when the thread's handler is entered or the signal's default action ends its process.
 */
@FunctionalInterface
public interface SignalObserver {
    /**
     * {@code thread} (Linux tid {@code tid}) takes {@code info}: its handler at {@code handler} runs
     * next (odd: Thumb), or {@code handler} is SIG_DFL and the process ends by the signal.
     */
    void taken(Tcb thread, int tid, SignalInfo info, int handler);
}
