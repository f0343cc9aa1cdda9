package czemu.pager.linux;

import czemu.kernel.thread.Tcb;

/**
 * Sees each Linux call as it completes (czemu run --strace), decoded as qemu-user's -strace shows
 * it: {@code call} is the name with its arguments ({@code openat(AT_FDCWD,"/etc/passwd",O_RDONLY)}),
 * {@code result} what it answered ({@code 3}, or {@code -1 errno=2 (No such file or directory)}).
 * A call that waited is shown once, when it is done.
 */
public interface LinuxCallObserver {
    LinuxCallObserver NONE = (thread, tid, call, result) -> { };

    void returned(Tcb thread, int tid, String call, String result);
}
