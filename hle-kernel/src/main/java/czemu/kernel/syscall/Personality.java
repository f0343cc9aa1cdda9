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

    /** The call's name for the kernel's {@link czemu.kernel.KernelObserver}, from the registers at entry. */
    default String callName(int[] entryRegisters) {
        return "svc";
    }

    /**
     * {@code thread} is about to run user code again: one of its calls has just returned
     * ({@code fromCall}: its result in r0, the observers told), or it is about to begin a slice (its
     * registers loaded, the observers told). This is where Linux enters a signal handler. The personality may change the registers in
     * the thread's context, and then answers true so the kernel puts them on the CPU (VFP registers go
     * through {@link czemu.kernel.scheduler.Scheduler#vfpToContext} and
     * {@link czemu.kernel.scheduler.Scheduler#vfpFromContext}); it may also end the thread. Called on
     * the engine thread, for RUNNABLE threads only; it must not let an exception escape.
     */
    default boolean returningToUser(Tcb thread, boolean fromCall) {
        return false;
    }
}
