package czemu.pager.linux.signal;

/**
 * What the kernel keeps of signals per thread: the blocked mask (rt_sigprocmask), the signals sent
 * to this thread alone (tkill, tgkill, its own faults), the alternate stack, and the state of the call
 * a signal may cut short.
 */
public final class ThreadSignals {
    private long blocked;
    private final PendingSignals pending = new PendingSignals();
    private AltStack altStack = AltStack.DISABLED;
    /** rt_sigsuspend's caller's own mask, put back by the handler's sigreturn (the kernel's saved_sigmask), or null. */
    private Long maskToRestore;
    /** r0 as the current call got it (the kernel's ARM_ORIG_r0): a call made again gets it back. */
    private int callArgument;
    /** A parked call was cut short by a signal: r0 holds the kernel's restart code until the delivery settles it. */
    private boolean callInterrupted;
    /** The call just made was sigreturn: r0 is the interrupted code's, not a call's result to settle. */
    private boolean sigreturned;

    public ThreadSignals(long blocked) {
        this.blocked = blocked & SignalSets.BLOCKABLE;
    }

    public long blocked() { return blocked; }
    public void setBlocked(long mask) { blocked = mask & SignalSets.BLOCKABLE; }
    public PendingSignals pending() { return pending; }
    public AltStack altStack() { return altStack; }
    public void setAltStack(AltStack stack) { altStack = stack; }

    /** rt_sigsuspend: {@code temporary} is the mask until a handler has been set up; then the old one comes back. */
    public void suspendWith(long temporary) {
        maskToRestore = blocked;
        setBlocked(temporary);
    }

    /** The mask a handler's frame keeps for sigreturn: the one rt_sigsuspend replaced, if it did, else the current one. */
    long maskToSave() {
        return maskToRestore != null ? maskToRestore : blocked;
    }

    /** Forgets rt_sigsuspend's mask once a frame holds it; with {@code restore}, puts it back now (no handler ran). */
    void settleSuspend(boolean restore) {
        if (maskToRestore != null && restore) blocked = maskToRestore;
        maskToRestore = null;
    }

    public int callArgument() { return callArgument; }
    public void setCallArgument(int r0) { callArgument = r0; }
    boolean callInterrupted() { return callInterrupted; }
    void setCallInterrupted(boolean interrupted) { callInterrupted = interrupted; }
    void setSigreturned() { sigreturned = true; }

    /** Whether the call that just returned was sigreturn; asking forgets it. */
    boolean takeSigreturned() {
        boolean was = sigreturned;
        sigreturned = false;
        return was;
    }
}
