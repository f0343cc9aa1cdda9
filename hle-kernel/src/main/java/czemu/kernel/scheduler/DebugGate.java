package czemu.kernel.scheduler;

import czemu.kernel.space.AddressSpace;
import czemu.kernel.thread.Tcb;

/**
 * Where a debugger takes part in scheduling. The scheduler calls it on the engine thread at each
 * slice boundary, when every thread's registers are saved in its context, so a debugger can stop
 * the whole machine there and inspect it without touching a running engine. Without a debugger
 * the scheduler uses {@link #NONE}, which costs nothing.
 */
public interface DebugGate {
    /** At a slice boundary: may block while a debugger inspects the stopped machine. */
    void atBoundary();

    /** The thread that must run next if it can (a thread being single-stepped), or null. */
    Tcb preferred();

    /** Whether {@code thread}, ready to run, may have a slice (a debugger may keep threads stopped while others run). */
    boolean mayRun(Tcb thread);

    /** The instruction budget of {@code thread}'s coming slice: 1 for a single step; -1 for the normal one. */
    long budgetFor(Tcb thread);

    /** {@code thread}'s slice ended and its registers are in its context. */
    void sliceEnded(Tcb thread);

    /** No thread can run: true to look again (a debugger was shown the machine and may have changed it). */
    boolean nothingRunnable();

    /** Whether a debugger wants the running slice to end at the next entry into the kernel. */
    boolean wantsStop();

    /**
     * {@code space}'s tables are about to go on the MMU (before the TLB flush of the switch): a
     * debugger gives a space it has not seen yet its watchpoints.
     */
    void spaceGoingLive(AddressSpace space);

    DebugGate NONE = new DebugGate() {
        @Override public void atBoundary() {}
        @Override public Tcb preferred() { return null; }
        @Override public boolean mayRun(Tcb thread) { return true; }
        @Override public long budgetFor(Tcb thread) { return -1; }
        @Override public void sliceEnded(Tcb thread) {}
        @Override public boolean nothingRunnable() { return false; }
        @Override public boolean wantsStop() { return false; }
        @Override public void spaceGoingLive(AddressSpace space) {}
    };
}
