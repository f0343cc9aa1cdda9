package czemu.kernel.syscall;

import czemu.kernel.thread.Tcb;

/**
 * A second system-call interface a thread may speak besides Codezero's, such as the Linux EABI's
 * {@code svc 0} with the call number in r7. The kernel knows nothing of it: a pager registers a
 * personality on the threads it runs for that interface ({@link Tcb#setPersonality}), and an svc
 * such a thread executes outside the syscall page comes here instead of answering -ENOSYS. A thread
 * without one keeps the Codezero behaviour.
 *
 * <p>The call runs on the engine thread inside the trap, with the caller's registers in its context
 * and PC already past the svc (the caller continues after it, not at LR). It returns the value for
 * r0; when it has blocked, halted or destroyed the caller (its state is no longer RUNNABLE), the
 * return value is ignored and whoever wakes the caller writes its registers. A personality must
 * never let an exception escape for anything a guest does: it answers with an error instead.
 */
@FunctionalInterface
public interface Personality {
    int supervisorCall(Tcb caller);

    /** The call's name for the kernel's {@link czemu.kernel.SyscallObserver}, from the registers at entry. */
    default String callName(int[] entryRegisters) {
        return "svc";
    }
}
