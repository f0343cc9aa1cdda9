package czemu.kernel.scheduler;

import czemu.kernel.KernelObserver;
import czemu.kernel.arch.Cpu;
import czemu.kernel.arch.RunOutcome;
import czemu.kernel.ipc.Ipc;
import czemu.kernel.space.AddressSpace;
import czemu.kernel.syscall.Kip;
import czemu.kernel.syscall.Personality;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;
import java.util.LinkedHashSet;
import java.util.function.Consumer;

/**
 * Round-robin preemptive scheduling of the ARM threads on the one CPU. Hosted (Java) threads never
 * run here: they act inside the IPC that reaches them. Switching to a thread loads its registers,
 * its space's translation table (with a full TLB flush) and its UTCB address into the KIP.
 */
public final class Scheduler implements Ipc.Scheduling {
    private final Cpu cpu;
    private final Kip kip;
    private final SchedulingMode mode;
    private final long instructionBudget;
    private final long quantumMillis;
    private final LinkedHashSet<Tcb> runQueue = new LinkedHashSet<>();
    private final Consumer<AddressSpace> spaceActivated;
    private Tcb current;
    private AddressSpace liveSpace;
    private volatile boolean shutdown;
    private volatile boolean othersWaiting;
    /**
     * Set by the preemption ticker; honoured at the next system call or fault of the running thread,
     * on the engine's own thread. Stopping Unicorn from another thread (uc_emu_stop is not atomic)
     * was measured to corrupt threads: posixtest failed 5 runs in 5 with a 1 ms quantum, and 0 in 5
     * once preemption moved to hook points.
     */
    private volatile boolean preemptRequested;
    /** Quanta the current thread ran past its slice without entering the kernel. */
    private volatile int ticksPending;
    /** A thread that makes no system call and no fault this many quanta past its slice is stopped from outside. */
    private static final int FORCED_PREEMPTION_TICKS = 10;
    /** A hook asked for this slice to end (yield, probe, a thread leaving the CPU). */
    private boolean endSliceRequested;
    /**
     * The hook that ended the slice left the thread's registers in its context (and not in the CPU):
     * do not read them back. A register write inside a hook cancels a pending stop in Unicorn.
     */
    private boolean contextHeldByKernel;
    /** Work a hook asked for that needs the CPU stopped (a probe run), done right after the slice. */
    private final java.util.ArrayDeque<Runnable> afterSlice = new java.util.ArrayDeque<>();
    private DebugGate debug = DebugGate.NONE;
    /** Work other host threads post for the engine thread (timers, the host's stdin). */
    private final HostEvents hostEvents = new HostEvents(() -> othersWaiting = true);
    private final GuestClock clock;
    /** The TPIDRURO value on the CPU, so a switch writes it only when it changes. */
    private int loadedThreadIdRegister;
    private KernelObserver observer = KernelObserver.NONE;

    public Scheduler(Cpu cpu, Kip kip, SchedulingMode mode, long instructionBudget, long quantumMillis,
                     Consumer<AddressSpace> spaceActivated) {
        this.cpu = cpu;
        this.kip = kip;
        this.mode = mode;
        this.instructionBudget = instructionBudget;
        this.quantumMillis = quantumMillis;
        this.spaceActivated = spaceActivated;
        this.clock = new GuestClock(mode == SchedulingMode.DETERMINISTIC, cpu::instructionsExecuted, hostEvents);
    }

    /** Lets a debugger stop the machine at slice boundaries and single-step threads. */
    public void setDebugGate(DebugGate gate) {
        this.debug = gate;
    }

    /** Where timers and readers of host input hand their results to the engine thread. */
    public HostEvents hostEvents() {
        return hostEvents;
    }

    /** The guests' time and timers. */
    public GuestClock clock() {
        return clock;
    }

    /** The thread's TPIDRURO changed (a Linux set_tls): if it is on the CPU, the CPU gets the new value now. */
    public void threadIdRegisterChanged(Tcb thread) {
        if (thread == current) loadThreadIdRegister(thread.context.threadIdRegister);
    }

    private void loadThreadIdRegister(int value) {
        if (value != loadedThreadIdRegister) {
            cpu.writeUserThreadIdRegister(value);
            loadedThreadIdRegister = value;
        }
    }

    /** Shows the observers each slice's start and end (traces). */
    public void setObserver(KernelObserver observer) {
        this.observer = observer;
    }

    /** The thread on the CPU now (also while a hook runs on its behalf), or null. */
    public Tcb current() {
        return current;
    }

    public boolean isLive(AddressSpace space) {
        return space != null && space == liveSpace;
    }

    @Override
    public void wake(Tcb thread) {
        if (thread.state() == ThreadState.DEAD || thread.state() == ThreadState.HALTED || thread.isHosted()) return;
        thread.setState(ThreadState.RUNNABLE);
        if (thread != current) {
            runQueue.add(thread);
            othersWaiting = true;
        }
    }

    @Override
    public void block(Tcb thread) {
        thread.setState(ThreadState.BLOCKED);
        runQueue.remove(thread);
    }

    /** The thread's space changed (execve): if it is on the CPU, the MMU must walk the new tables now. */
    public void spaceChanged(Tcb thread) {
        if (thread == current && thread.space() != liveSpace) {
            activate(thread.space());
        }
    }

    /** The thread's UTCB moved (execve): if it is on the CPU, the KIP must show the new one now. */
    public void utcbChanged(Tcb thread) {
        if (thread == current) kip.setCurrentUtcb(thread.utcbAddress());
    }

    /** thread_control SUSPEND (or a thread's exit): it leaves the CPU until RUN; if it is on the CPU now, its slice ends. */
    public void suspend(Tcb thread) {
        thread.setState(ThreadState.INACTIVE);
        runQueue.remove(thread);
        if (thread == current) endSlice();
    }

    /** Takes a thread off the CPU's queue for good (destroyed or halted). */
    public void remove(Tcb thread) {
        runQueue.remove(thread);
    }

    /** thread_switch: the caller gives up the rest of its slice if anyone else can run. */
    public void yieldCurrent() {
        if (!runQueue.isEmpty()) endSlice();
    }

    /** Threads ready to run besides the one on the CPU. */
    public int othersRunnable() {
        return runQueue.size();
    }

    /** Ends the current slice at the next opportunity (from a hook or the kernel's own code). */
    public void endSlice() {
        endSliceRequested = true;
        cpu.requestStop();
    }

    /** Whether a hook must stop the CPU: the slice was ended, or the current thread cannot go on. */
    public boolean sliceEnding(Tcb thread) {
        if (preemptRequested || debug.wantsStop()) {
            endSliceRequested = true;
        }
        return endSliceRequested || shutdown || thread.state() != ThreadState.RUNNABLE;
    }

    /** The hook keeps the thread's registers in its context and stops the CPU without writing them. */
    public void stopHoldingContext() {
        contextHeldByKernel = true;
        cpu.requestStop();
    }

    /** Stops the CPU and runs {@code work} once the current slice has ended and its registers are saved. */
    public void afterSlice(Runnable work) {
        afterSlice.add(work);
        endSlice();
    }

    /** Stops the run loop at the next opportunity; safe from any thread (a timeout, Ctrl-C). */
    public void shutdown() {
        shutdown = true;
        cpu.requestStop();
    }

    public boolean isShutdown() {
        return shutdown;
    }

    /**
     * Runs threads until none is runnable or {@link #shutdown()} is called. An engine failure halts
     * the thread it happened in, through {@code engineFailure}, and the others go on.
     */
    public void run(java.util.function.BiConsumer<Tcb, String> engineFailure) {
        Thread ticker = mode == SchedulingMode.FAST ? startPreemptionTicker() : null;
        try {
            while (!shutdown) {
                debug.atBoundary();
                if (shutdown) return;
                hostEvents.runPosted();
                clock.runDue();
                Tcb next = pollRunnable();
                if (next == null) {
                    // A sleep or a read of the host's input ends by itself: wait for it before a debugger
                    // is told that nothing can run (a step over nanosleep ends when the call returns).
                    if (clock.sleepToNextTimer()) continue;
                    if (hostEvents.anyExpected()
                            && (hostEvents.awaitPosted(() -> shutdown || debug.wantsStop()) || debug.wantsStop())) {
                        continue;
                    }
                    if (debug.nothingRunnable()) continue;
                    return;
                }
                switchTo(next);
                othersWaiting = !runQueue.isEmpty();
                if (hostEvents.anyPosted()) othersWaiting = true; // a post after this line sets it itself
                endSliceRequested = false;
                contextHeldByKernel = false;
                preemptRequested = false;
                ticksPending = 0;
                observer.sliceStarting(next);
                long budget = debug.budgetFor(next);
                if (budget < 0) budget = mode == SchedulingMode.DETERMINISTIC ? instructionBudget : 0;
                RunOutcome outcome = enterUser(next) ? cpu.run(budget) : RunOutcome.STOPPED;
                current = null;
                if (next.isAlive()) {
                    if (!contextHeldByKernel) cpu.readCore(next.context.core);
                    next.context.fpscr = cpu.readVfp(next.context.vfp);
                    observer.sliceEnded(next);
                }
                while (!afterSlice.isEmpty()) {
                    afterSlice.poll().run();
                }
                if (outcome.kind() == RunOutcome.Kind.ENGINE_ERROR && next.isAlive()) {
                    engineFailure.accept(next, outcome.detail());
                }
                if (next.state() == ThreadState.RUNNABLE) runQueue.add(next);
                debug.sliceEnded(next);
            }
        } finally {
            if (ticker != null) ticker.interrupt();
        }
    }

    /**
     * The thread's personality sees it before it runs (a Linux signal is delivered here): registers it
     * changed go onto the CPU. False when the thread can no longer run (the personality ended it).
     */
    private boolean enterUser(Tcb thread) {
        Personality personality = thread.personality();
        if (personality == null) return true;
        if (personality.returningToUser(thread, false)) cpu.writeCore(thread.context.core);
        return thread.state() == ThreadState.RUNNABLE;
    }

    /**
     * The thread's VFP registers into its context (d0..d31 and FPSCR): read from the CPU when it is
     * the thread on the CPU (inside a hook, or at the start of its slice), where they live then;
     * otherwise the context holds them already.
     */
    public void vfpToContext(Tcb thread) {
        if (thread == current) thread.context.fpscr = cpu.readVfp(thread.context.vfp);
    }

    /** The thread's VFP registers in its context changed: onto the CPU now if it is the thread on it. */
    public void vfpFromContext(Tcb thread) {
        if (thread == current) cpu.writeVfp(thread.context.vfp, thread.context.fpscr);
    }

    private Tcb pollRunnable() {
        Tcb preferred = debug.preferred();
        if (preferred != null && runQueue.remove(preferred)) return preferred;
        for (var iterator = runQueue.iterator(); iterator.hasNext(); ) {
            Tcb next = iterator.next();
            if (debug.mayRun(next)) {
                iterator.remove();
                return next;
            }
        }
        return null;
    }

    private void switchTo(Tcb next) {
        current = next;
        if (next.space() != liveSpace) {
            activate(next.space());
        }
        kip.setCurrentUtcb(next.utcbAddress());
        cpu.writeCore(next.context.core);
        cpu.writeVfp(next.context.vfp, next.context.fpscr);
        loadThreadIdRegister(next.context.threadIdRegister);
    }

    /**
     * Puts {@code space} on the MMU between slices, for work that translates its addresses through
     * the engine (a debugger dropping translated code at a breakpoint).
     */
    public void makeLive(AddressSpace space) {
        if (space != liveSpace && space.pageTable() != null) activate(space);
    }

    /** Puts a space's tables on the MMU and lets its owner finish what needed it live (code invalidation). */
    private void activate(AddressSpace space) {
        debug.spaceGoingLive(space);
        liveSpace = space;
        cpu.switchTranslationTable(space.pageTable().l1PhysicalAddress());
        spaceActivated.accept(space);
    }

    /** Each quantum, a ticker asks the running thread to give way at its next entry into the kernel. */
    private Thread startPreemptionTicker() {
        Thread ticker = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(quantumMillis);
                    if (othersWaiting) {
                        preemptRequested = true;
                        if (++ticksPending >= FORCED_PREEMPTION_TICKS) cpu.requestStop(); // last resort, see preemptRequested
                    }
                }
            } catch (InterruptedException done) {
                // the run loop ended
            }
        }, "czemu-preemption");
        ticker.setDaemon(true);
        ticker.start();
        return ticker;
    }
}
