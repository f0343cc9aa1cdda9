package czemu.kernel;

import czemu.kernel.thread.Tcb;

/**
 * Sees every system call as the kernel returns from it (czemu run --strace, traces). {@code args}
 * are r0..r8 at entry (r3..r8 are MR0..MR5); {@code blocked} means the result comes later.
 */
public interface SyscallObserver {
    SyscallObserver NONE = (thread, name, args, result, blocked) -> { };

    void returned(Tcb thread, String name, int[] args, int result, boolean blocked);
}
