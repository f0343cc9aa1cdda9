package czemu.pager.linux;

import czemu.kernel.thread.Tcb;

/**
 * Sees each Linux call as it completes (czemu run --strace), decoded as qemu-user's -strace shows
 * it: {@code call} is the name with its arguments ({@code openat(AT_FDCWD,"/etc/passwd",O_RDONLY)}),
 * {@code result} what it answered ({@code 3}, or {@code -1 errno=2 (No such file or directory)}).
 * A call that waits to be made again (wait4, a read of an empty pipe) is shown once, when it is done;
 * one that waits for a waker to finish it (nanosleep, a futex wait, vfork) is shown as
 * {@linkplain #unfinished unfinished} when it parks, and its result comes as the kernel's
 * {@code resumed} when its thread runs again.
 */
public interface LinuxCallObserver {
    LinuxCallObserver NONE = (thread, tid, call, result) -> { };

    void returned(Tcb thread, int tid, String call, String result);

    /** {@code call} parked its thread until a waker gives it a result. */
    default void unfinished(Tcb thread, int tid, String call) {
    }
}
