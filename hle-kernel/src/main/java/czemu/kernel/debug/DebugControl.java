package czemu.kernel.debug;

import czemu.kernel.arch.Cpu;
import czemu.kernel.arch.MemoryAccess;
import czemu.kernel.fault.FaultPath;
import czemu.kernel.memory.Access;
import czemu.kernel.memory.PhysicalMemory;
import czemu.kernel.scheduler.DebugGate;
import czemu.kernel.scheduler.Scheduler;
import czemu.kernel.space.AddressSpace;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;
import czemu.kernel.thread.ThreadTable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The kernel's side of a debugger: it stops the whole machine at a slice boundary, where every
 * thread's registers are in its context and the engine is idle, and while stopped runs the
 * debugger's requests on the engine thread (the only thread that may touch the engine). Stops come
 * from breakpoints (engine hooks), watchpoints (narrowed pages, {@link Watchpoints}), single steps
 * (a budget of one instruction), faults (held rather than ending the thread), fault-stop (before
 * the pager sees a fault) and interrupts.
 *
 * <p>Threading: {@link #call}, {@link #submit}, {@link #resume}, {@link #requestInterrupt} and
 * {@link #detach} are for the debugger's own threads; everything else runs on the engine thread,
 * from the kernel's hooks or inside a request.
 */
public final class DebugControl implements DebugGate, FaultPath.Narrowing {
    /** Told of each stop on the engine thread, just before the machine waits for requests. */
    public interface Listener {
        void stopped(DebugStop stop);
    }

    /** How long an interrupt waits for the running thread to enter the kernel before the engine is stopped from outside. */
    private static final long FORCED_STOP_MILLIS = 100;
    /** An instruction whose step keeps being taken by faults that its pager resolves is stepped again, this often at most. */
    private static final int MAX_STEP_RETRIES = 16;
    private static final int NO_ADDRESS = 1; // instructions are at least halfword aligned

    private final Cpu cpu;
    private final Scheduler scheduler;
    private final ThreadTable threads;
    private final LongSupplier abortsTaken;
    private final Breakpoints breakpoints;
    private final Watchpoints watchpoints;
    private final DebuggerMemory memory;
    private final LinkedBlockingQueue<Runnable> requests = new LinkedBlockingQueue<>();
    /** Guards "parked" against requests: one is either queued while parked, or refused, never left unserved. */
    private final Object requestGate = new Object();

    private volatile Listener listener;
    private volatile boolean parked;
    private volatile DebugStop currentStop;
    private volatile boolean interruptRequested;
    private volatile boolean detachPending;
    private boolean stopAtStart;
    private boolean resumeRequested;
    private DebugStop pendingStop;
    private Tcb lastRun;
    /** The breakpoint the thread starting a slice stands on: it runs that instruction once before the breakpoint counts again. */
    private int skipOnce = NO_ADDRESS;
    /**
     * Threads stopped at a breakpoint they were shown at (or stepped over by an overstep there): only
     * such a thread skips that breakpoint once. A thread that merely starts a slice at a breakpoint
     * (a system call returned there, an overstep ended there) has not been shown it yet.
     */
    private final Map<Tcb, Integer> standingOn = new HashMap<>();
    private Tcb stepping;
    private int stepPc;
    private int stepRetries;
    private boolean stepBlocked;
    /** A thread whose instruction touched a watched page but no watched byte: it runs that one instruction with its space's narrowing lifted. */
    private Tcb overstepping;
    private int overstepPc;
    private int overstepRetries;
    /** The space whose narrowing is lifted during the present slice (an overstep), or null. */
    private AddressSpace lifted;
    /** Aborts taken before the present one-instruction slice (a step or an overstep) began. */
    private long stepAborts;
    private boolean faultStop;
    /** The fault a fault-stop reported: when it recurs after the resume it goes to the pager. */
    private Tcb faultShown;
    private int faultShownPc, faultShownAddress;
    /** Threads the debugger left stopped while it resumed others (vCont without an action for them). */
    private final Set<Tcb> frozen = new HashSet<>();
    /** Threads held at a fatal event, with what ends them if the debugger lets the signal through. */
    private final Map<Tcb, DebugStop.Fatal> held = new LinkedHashMap<>();
    private final Map<Tcb, Runnable> endings = new LinkedHashMap<>();

    public DebugControl(Cpu cpu, Scheduler scheduler, ThreadTable threads, PhysicalMemory physical,
                        DebuggerMemory.PageIn pageIn, DebuggerMemory.CodeWritten codeWritten,
                        java.util.function.IntPredicate devicePage, LongSupplier abortsTaken) {
        this.cpu = cpu;
        this.scheduler = scheduler;
        this.threads = threads;
        this.abortsTaken = abortsTaken;
        this.breakpoints = new Breakpoints(cpu, scheduler, this::breakpointReached);
        this.watchpoints = new Watchpoints(cpu, scheduler);
        this.memory = new DebuggerMemory(physical, pageIn, codeWritten, devicePage);
    }

    // ---- set-up and the debugger's thread ---------------------------------------------------------

    /**
     * Before the machine runs: its first boundary stops with {@link DebugStop.Started}, and waits
     * there for a debugger to attach and resume it.
     */
    public void stopAtStart() {
        stopAtStart = true;
        scheduler.setDebugGate(this);
    }

    /** The stop the machine waits at, or null while it runs. */
    public DebugStop currentStop() {
        return currentStop;
    }

    /** Stops are reported to {@code listener} from now on; null: no debugger, the machine just runs. */
    public void setListener(Listener listener) {
        this.listener = listener;
        scheduler.setDebugGate(this);
    }

    public boolean isParked() {
        return parked;
    }

    /**
     * Runs {@code request} on the engine thread while the machine is stopped, and returns its result.
     * Throws IllegalStateException if the machine is running, also when it moves on before serving
     * the request (a resume submitted just before, a detach).
     */
    public <T> T call(Callable<T> request) {
        FutureTask<T> task = new FutureTask<>(request);
        enqueue(task);
        try {
            return task.get();
        } catch (CancellationException e) {
            throw new IllegalStateException("the machine is running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the machine");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Runs {@code request} on the engine thread while the machine is stopped, without waiting for
     * it: for a request that resumes the machine ({@link #resumeNow}), so the debugger's thread is
     * not woken once more just to hear that it was done. A failure is the request's to handle.
     */
    public void submit(Runnable request) {
        enqueue(request);
    }

    /** Queues a request for the parked machine; the machine drops what it has not served when it moves on. */
    private void enqueue(Runnable request) {
        synchronized (requestGate) {
            if (!parked) throw new IllegalStateException("the machine is running");
            requests.add(request);
        }
    }

    /** Fails every request not served (their callers hear that the machine is running) and forgets them. */
    private void dropRequests() {
        for (Runnable request; (request = requests.poll()) != null; ) {
            if (request instanceof Future<?> waited) waited.cancel(false);
        }
    }

    /**
     * Lets the stopped machine run on: {@code step} (or null) executes one instruction and stops;
     * {@code signals} says which held threads get their signal (and end as they would have);
     * the other held threads re-execute the instruction that stopped them.
     */
    public void resume(Tcb step, Map<Tcb, Integer> signals) {
        call(() -> {
            resumeNow(step, signals, Set.of());
            return null;
        });
    }

    /**
     * {@link #resume}, for a request already on the engine thread (inside {@link #call}): the machine
     * runs once it returns. The threads in {@code stay} do not run until the next resume (new
     * threads do).
     */
    public void resumeNow(Tcb step, Map<Tcb, Integer> signals, Set<Tcb> stay) {
        if (step != null && !cpu.enableExactBudgets()) throw new IllegalStateException("this CPU cannot single-step");
        for (Map.Entry<Tcb, DebugStop.Fatal> entry : held.entrySet()) {
            Integer signal = signals.get(entry.getKey());
            Runnable ending = endings.get(entry.getKey());
            if (signal != null && signal == entry.getValue().signal() && entry.getKey().isAlive()) ending.run();
        }
        held.clear();
        endings.clear();
        frozen.clear();
        frozen.addAll(stay);
        if (step != null && step.isAlive()) {
            stepping = step;
            stepPc = step.context.core[Cpu.PC];
            stepRetries = 0;
            stepBlocked = false;
        }
        resumeRequested = true;
    }

    /** Ctrl-C: stop the running machine soon (at the running thread's next entry into the kernel, at the latest shortly after). */
    public void requestInterrupt() {
        synchronized (requestGate) { // a machine leaving a stop is no longer parked once this is asked
            if (parked || listener == null) return;
            interruptRequested = true;
        }
        Thread forced = new Thread(() -> {
            try {
                Thread.sleep(FORCED_STOP_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (interruptRequested && !parked) cpu.requestStop(); // a thread spinning in user code never enters the kernel
        }, "czemu-debug-interrupt");
        forced.setDaemon(true);
        forced.start();
    }

    /** The debugger left: breakpoints go, held threads go on, and the machine runs as if none had been attached. */
    public void detach() {
        listener = null;
        interruptRequested = false;
        synchronized (requestGate) {
            detachPending = true;
            if (parked) requests.add(this::detachInOrder); // after what the leaving debugger asked, before a new one's requests
        }
    }

    /**
     * A detach, served in order with the requests while stopped: what the old debugger left goes,
     * and without a new debugger the machine runs on.
     */
    private void detachInOrder() {
        if (detachPending) forgetDebugger();
        if (listener == null) resumeRequested = true;
    }

    /** After a detach, at the next boundary or at once if stopped. */
    private void forgetDebugger() {
        detachPending = false;
        breakpoints.removeAll();
        watchpoints.clear(userSpaces());
        overstepping = null;
        frozen.clear();
        faultStop = false;
        faultShown = null;
        stepping = null;
        pendingStop = null;
        held.clear();
        endings.clear();
        standingOn.clear();
        cpu.disableExactBudgets(); // the counter that single steps need costs half the speed: not without a debugger
    }

    // ---- requests while stopped (engine thread, through call) -------------------------------------

    public void insertBreakpoint(Tcb selected, int address) {
        int frame = memory.frameForCode(selected, address);
        withoutNarrowing(selected, () -> breakpoints.insert(selected, address, frame));
    }

    public void removeBreakpoint(Tcb selected, int address) {
        withoutNarrowing(selected, () -> breakpoints.remove(selected, address));
    }

    /**
     * Runs {@code work}, which drops translated code through the MMU, with the selected thread's
     * space live and its narrowing lifted: the engine cannot find code on a page the MMU refuses.
     */
    private void withoutNarrowing(Tcb selected, Runnable work) {
        AddressSpace space = selected == null ? null : selected.space();
        if (space == null || space.pageTable() == null || !space.pageTable().hasNarrowing()) {
            work.run();
            return;
        }
        scheduler.makeLive(space);
        watchpoints.lift(space);
        try {
            work.run();
        } finally {
            watchpoints.bringUpToDate(space);
        }
    }

    /**
     * Watches {@code length} bytes from {@code address} for accesses of {@code kind}, in every user
     * space. False when that would narrow more pages than {@link Watchpoints#MAX_PAGES} or this CPU
     * cannot run a single instruction (what stepping over a neighbour of the watched bytes needs).
     */
    public boolean insertWatchpoint(int address, int length, DebugStop.WatchKind kind) {
        if (length <= 0 || !cpu.enableExactBudgets()) return false;
        return watchpoints.add(new Watchpoints.Watch(address, length, kind), userSpaces());
    }

    public void removeWatchpoint(int address, int length, DebugStop.WatchKind kind) {
        watchpoints.remove(new Watchpoints.Watch(address, length, kind), userSpaces());
    }

    /** The spaces of the machine's ARM threads, each once. */
    private Set<AddressSpace> userSpaces() {
        Set<AddressSpace> spaces = new LinkedHashSet<>();
        for (Tcb thread : threads.all()) {
            if (!thread.isHosted() && thread.isAlive() && thread.space() != null && thread.space().pageTable() != null) {
                spaces.add(thread.space());
            }
        }
        return spaces;
    }

    public byte[] readMemory(Tcb thread, int address, int length) {
        return memory.read(thread, address, length);
    }

    public boolean writeMemory(Tcb thread, int address, byte[] data) {
        return memory.write(thread, address, data);
    }

    /** What holds {@code thread} instead of ending it (a fault its pager refused, ...), or null. */
    public DebugStop.Fatal heldFor(Tcb thread) {
        return held.get(thread);
    }

    /** fault-stop: stop at every page fault before the pager handles it. */
    public void setFaultStop(boolean on) {
        faultStop = on;
    }

    public boolean faultStop() {
        return faultStop;
    }

    // ---- the kernel's hooks (engine thread) -------------------------------------------------------

    /**
     * Something would end {@code thread} (see {@link DebugStop.Fatal}). With a debugger attached the
     * thread is held and the machine stops; true means the caller must not end it, {@code ending}
     * does that later if the debugger passes the signal. Asking again for a held thread is a no-op.
     */
    public boolean holdFatal(Tcb thread, int signal, int address, String reason, Runnable ending) {
        if (listener == null) return false;
        if (held.containsKey(thread)) return true;
        DebugStop.Fatal stop = new DebugStop.Fatal(thread, signal, address, reason);
        held.put(thread, stop);
        endings.put(thread, ending);
        stopSoon(stop);
        return true;
    }

    /**
     * fault-stop: true when the fault must wait (the machine stops first); the instruction
     * re-executes after the resume and that second fault goes to the pager.
     */
    public boolean holdPageFault(Tcb thread, int pc, int address, Access access, boolean mapped) {
        if (!faultStop || listener == null) return false;
        if (thread == faultShown && pc == faultShownPc && (address & ~0xFFF) == (faultShownAddress & ~0xFFF)) {
            faultShown = null;
            return false;
        }
        faultShown = thread;
        faultShownPc = pc;
        faultShownAddress = address;
        stopSoon(new DebugStop.PageFault(thread, address, access, pc, mapped));
        return true;
    }

    /**
     * The MMU refused an instruction of {@code thread} only because a watchpoint narrowed the page
     * (FaultPath.Narrowing). A watched access stops the thread before the instruction, with the
     * first watched byte it touches; a fetched instruction with a breakpoint stops there (the
     * breakpoint's hook never saw it). True when the thread stops.
     */
    @Override
    public boolean stops(Tcb thread, List<MemoryAccess> accesses, boolean fetch) {
        if (listener == null) return false;
        int pc = thread.context.core[Cpu.PC];
        Watchpoints.Hit hit = watchpoints.hit(accesses);
        if (hit != null) {
            stopSoon(new DebugStop.Watchpoint(thread, hit.watch().kind(), hit.address()));
            return true;
        }
        if (fetch && pc != skipOnce && breakpoints.appliesTo(thread, pc)) {
            stopSoon(new DebugStop.Breakpoint(thread, pc));
            return true;
        }
        return false;
    }

    /** The refused instruction touches no watched byte: it runs once, alone, with its space's narrowing lifted. */
    @Override
    public void stepOver(Tcb thread) {
        int pc = thread.context.core[Cpu.PC];
        if (breakpoints.isSet(pc)) standingOn.put(thread, pc); // its breakpoint was passed over in this slice: not again in the overstep
        if (overstepping != thread || overstepPc != pc) overstepRetries = 0;
        overstepping = thread;
        overstepPc = pc;
        scheduler.endSlice();
    }

    private void breakpointReached(int address) {
        Tcb thread = scheduler.current();
        if (thread == null || listener == null) return;
        if (address == skipOnce) {
            skipOnce = NO_ADDRESS;
            return;
        }
        if (breakpoints.appliesTo(thread, address)) stopSoon(new DebugStop.Breakpoint(thread, address));
    }

    /** The first reason wins: a breakpoint met during a step is what the debugger hears of. */
    private void stopSoon(DebugStop stop) {
        if (pendingStop == null) pendingStop = stop;
        scheduler.endSlice();
    }

    // ---- DebugGate ----------------------------------------------------------------------------

    @Override
    public void atBoundary() {
        if (detachPending) forgetDebugger();
        if (stopAtStart) {
            stopAtStart = false;
            Tcb first = firstThread();
            if (first != null && pendingStop == null) pendingStop = new DebugStop.Started(first);
        }
        if (stepping != null && stepBlocked && stepping.state() == ThreadState.RUNNABLE) {
            finishStep();
        }
        if (interruptRequested) {
            interruptRequested = false;
            Tcb thread = lastRun != null && lastRun.isAlive() ? lastRun : firstThread();
            if (pendingStop == null && thread != null) pendingStop = new DebugStop.Interrupted(thread);
        }
        if (pendingStop != null) {
            DebugStop stop = pendingStop;
            pendingStop = null;
            boolean awaitedAtStart = stop instanceof DebugStop.Started;
            if ((listener != null || awaitedAtStart) && stop.thread().isAlive()) park(stop);
        }
    }

    @Override
    public Tcb preferred() {
        if (overstepping != null) {
            if (overstepping.isAlive() && overstepping.state() == ThreadState.RUNNABLE) return overstepping;
            overstepping = null;
        }
        return stepping != null && !stepBlocked ? stepping : null;
    }

    @Override
    public boolean mayRun(Tcb thread) {
        return frozen.isEmpty() || !frozen.contains(thread);
    }

    @Override
    public long budgetFor(Tcb thread) {
        lastRun = thread;
        int pc = thread.context.core[Cpu.PC];
        Integer standing = standingOn.isEmpty() ? null : standingOn.remove(thread);
        skipOnce = standing != null && standing == pc && breakpoints.isSet(pc) ? pc : NO_ADDRESS;
        if (thread == overstepping) {
            lifted = thread.space();
            watchpoints.lift(lifted);
        }
        if (thread == stepping || thread == overstepping) {
            stepAborts = abortsTaken.getAsLong();
            return 1;
        }
        return -1;
    }

    @Override
    public void sliceEnded(Tcb thread) {
        skipOnce = NO_ADDRESS;
        if (lifted != null) {
            watchpoints.bringUpToDate(lifted);
            lifted = null;
            boolean retake = thread.isAlive() && thread.state() == ThreadState.RUNNABLE && thread.context.core[Cpu.PC] == overstepPc
                    && abortsTaken.getAsLong() != stepAborts && ++overstepRetries < MAX_STEP_RETRIES;
            if (!retake) overstepping = null; // else a fault its pager resolved took the instruction: run it again
        }
        if (thread != stepping) return;
        if (!thread.isAlive() || thread.state() == ThreadState.HALTED) {
            stepping = null; // it is gone: the others run on, and the machine stops when something else happens
        } else if (thread.state() != ThreadState.RUNNABLE) {
            stepBlocked = true; // in a system call that blocks: the step ends when it returns
        } else if (thread.context.core[Cpu.PC] == stepPc && abortsTaken.getAsLong() != stepAborts
                && pendingStop == null && ++stepRetries < MAX_STEP_RETRIES) {
            // a fault its pager resolved took the step; the instruction has yet to run
        } else {
            finishStep();
        }
    }

    private void finishStep() {
        Tcb thread = stepping;
        stepping = null;
        stepBlocked = false;
        if (pendingStop == null) pendingStop = new DebugStop.Stepped(thread);
    }

    @Override
    public boolean nothingRunnable() {
        if (listener == null) return false;
        if (pendingStop != null) return true; // report it at the boundary
        Tcb waiting = null;
        for (Tcb thread : threads.all()) {
            if (thread.isHosted() || !thread.isAlive() || thread.hasExited()) continue;
            if (thread.state() == ThreadState.BLOCKED || thread.state() == ThreadState.INACTIVE) {
                waiting = thread;
                break;
            }
            if (waiting == null && frozen.contains(thread)) waiting = thread; // ready, but the debugger keeps it stopped
        }
        if (waiting == null) return false;
        pendingStop = new DebugStop.NothingRunnable(waiting);
        atBoundary();
        return scheduler.othersRunnable() > 0;
    }

    @Override
    public boolean wantsStop() {
        return interruptRequested;
    }

    @Override
    public void spaceGoingLive(AddressSpace space) {
        watchpoints.bringUpToDate(space);
    }

    /** Stopped: serve the debugger's requests on this (the engine) thread until it resumes or leaves. */
    private void park(DebugStop stop) {
        resumeRequested = false;
        currentStop = stop;
        if (stop instanceof DebugStop.Breakpoint shown) standingOn.put(shown.thread(), shown.address());
        synchronized (requestGate) {
            parked = true;
            if (detachPending) requests.add(this::detachInOrder); // a debugger left just before this stop
        }
        try {
            Listener told = listener;
            if (told != null) told.stopped(stop);
            while (!resumeRequested && !scheduler.isShutdown()) {
                Runnable request = requests.poll(50, TimeUnit.MILLISECONDS);
                if (request == null) continue;
                try {
                    request.run(); // a call's failure is in its FutureTask, for the debugger
                } catch (RuntimeException submittedRequestFailed) {
                    // a submitted request answers for its own failures; the machine stays stopped and serving
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            scheduler.shutdown();
        } finally {
            synchronized (requestGate) {
                parked = false;
                dropRequests();
            }
            currentStop = null;
        }
    }

    private Tcb firstThread() {
        for (Tcb thread : threads.all()) {
            if (!thread.isHosted() && thread.isAlive() && !thread.hasExited()) return thread;
        }
        return null;
    }
}
