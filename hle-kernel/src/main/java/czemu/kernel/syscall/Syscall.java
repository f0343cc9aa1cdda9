package czemu.kernel.syscall;

import czemu.kernel.thread.Tcb;

/**
 * One system call. Arguments are in the caller's saved registers ({@code caller.context.core});
 * the return value becomes r0. A call that blocks the caller leaves r0 to whoever wakes it, and
 * its return value is ignored.
 */
@FunctionalInterface
public interface Syscall {
    int invoke(Tcb caller);
}
