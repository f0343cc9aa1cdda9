package czemu.emulator.debug;

import czemu.emulator.gdb.ArmRegisters;
import czemu.emulator.gdb.Breakpoint;
import czemu.emulator.gdb.DebugTarget;
import czemu.emulator.gdb.GdbSignal;
import czemu.emulator.gdb.ResumeAction;
import czemu.emulator.gdb.ResumeRequest;
import czemu.emulator.gdb.StopEvent;
import czemu.emulator.gdb.StopListener;
import czemu.emulator.gdb.ThreadInfo;
import czemu.emulator.machine.Machine;
import czemu.emulator.machine.RunResult;
import czemu.kernel.arch.Cpu;
import czemu.kernel.debug.DebugControl;
import czemu.kernel.debug.DebugStop;
import czemu.kernel.memory.Access;
import czemu.kernel.thread.Tcb;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole machine as one debuggee for the GDB stub: every ARM thread of every task of every
 * container is a gdb thread, numbered by its L4 thread id. Requests run on the engine thread
 * through the kernel's {@link DebugControl} while the machine is stopped; the machine's own
 * stops come back through {@link #stopped}.
 */
public final class MachineDebugTarget implements DebugTarget, DebugControl.Listener {
    private final Machine machine;
    private final DebugControl control;
    private final MonitorCommands monitor;
    private final Object lock = new Object();
    private StopListener gdb;
    /** Resumed, and the stop that follows not yet reported. */
    private boolean running;
    /** How the machine ended, once it has. */
    private StopEvent ending;
    private boolean killed;
    private final DeferredBreakpoints breakpoints = new DeferredBreakpoints();
    private final StopCache cache = new StopCache();
    private volatile int lastStoppedThread;

    public MachineDebugTarget(Machine machine) {
        this.machine = machine;
        this.control = machine.kernel().debug();
        this.monitor = new MonitorCommands(machine, this::lastStoppedThread);
    }

    // ---- the machine's side -------------------------------------------------------------------

    /** The machine stopped (engine thread): tell the debugger, if it is waiting for that. */
    @Override
    public void stopped(DebugStop stop) {
        StopListener told;
        StopEvent event = toEvent(stop);
        String note = note(stop);
        learnAtStop(stop.thread());
        synchronized (lock) {
            lastStoppedThread = stop.thread().tid();
            told = running ? gdb : null;
            running = false;
            lock.notifyAll();
        }
        if (told != null) {
            if (note != null) told.output(note);
            told.stopped(event);
        }
    }

    /**
     * Puts what gdb asks first after every stop into the cache while the engine thread is here
     * anyway: the thread list, the stopped thread's registers and the page of code at its PC.
     */
    private void learnAtStop(Tcb thread) {
        cache.forgetAll();
        cache.putThreads(listThreads());
        if (!isDebuggable(thread)) return;
        ArmRegisters registers = registersOf(thread);
        cache.putRegisters(thread.tid(), registers);
        int pc = registers.r[Cpu.PC];
        if (thread.space().pageTable().permits(pc, Access.EXECUTE)) { // never page in behind a fault-stop's back
            cache.putPage(thread.tid(), pc & -StopCache.PAGE, control.readMemory(thread, pc & -StopCache.PAGE, StopCache.PAGE));
        }
    }

    /** What gdb cannot tell from the stop reply: the fault a fault-stop shows, or why a held thread would have ended. */
    private String note(DebugStop stop) {
        Tcb thread = stop.thread();
        if (stop instanceof DebugStop.PageFault f) {
            return String.format("czemu: page fault in %s: %s at 0x%08x from pc %s, %s; its pager has not seen it yet"
                    + " (continue hands it over)%n", thread, f.access().describe(), f.address(), monitor.where(thread, f.pc()),
                    f.mapped() ? "the page is mapped without that access" : "the page is not mapped");
        }
        if (stop instanceof DebugStop.Fatal f) {
            return String.format("czemu: %s is held instead of ending: %s (continue passes the signal and ends it as it"
                    + " would have been; 'signal 0' runs the instruction again)%n", thread, f.reason());
        }
        return null;
    }

    /** The machine ended: the program exited, or the debugger killed it. */
    public void machineEnded(RunResult result) {
        StopListener told;
        synchronized (lock) {
            ending = result.ending() == RunResult.Ending.KILLED && result.exitStatus() > 128
                    ? StopEvent.killed(result.exitStatus() - 128) // Linux and gdb agree on the signals a pager kills with
                    : StopEvent.exited(result.exitStatus() & 0xFF);
            told = running ? gdb : null;
            running = false;
            lock.notifyAll();
        }
        if (told != null && !killed) told.stopped(ending);
    }

    /** Whether the debugger killed the machine ({@code k}). */
    public boolean killed() {
        return killed;
    }

    // ---- DebugTarget ----------------------------------------------------------------------------

    @Override
    public StopEvent attach(StopListener listener) {
        synchronized (lock) {
            gdb = listener;
            running = false;
        }
        cache.forgetAll();
        control.setListener(this);
        DebugStop stop;
        while (true) {
            control.requestInterrupt(); // a machine already stopped ignores it
            synchronized (lock) {
                while (!control.isParked() && ending == null) {
                    try {
                        lock.wait(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while stopping the machine");
                    }
                }
                if (ending != null) return ending;
            }
            try {
                stop = control.call(() -> {
                    breakpoints.kernelHasNone(); // an earlier debugger's went with its detach
                    return control.currentStop();
                });
                break;
            } catch (IllegalStateException movedOn) {
                // it was leaving a stop (an earlier debugger's last resume or detach): stop it again
            }
        }
        lastStoppedThread = stop.thread().tid();
        return stop instanceof DebugStop.Started s ? StopEvent.initial(s.thread().tid()) : toEvent(stop);
    }

    @Override
    public void detach() {
        synchronized (lock) {
            gdb = null;
            running = false;
        }
        breakpoints.clear();
        control.detach(); // the kernel drops every breakpoint and watchpoint
    }

    @Override
    public void kill() {
        killed = true;
        // Shut down first: a detach alone lets the stopped machine run on, and a short program would
        // finish (printing, exiting) before a shutdown that came second was seen.
        machine.kernel().shutdown();
        detach();
    }

    @Override
    public void interrupt() {
        control.requestInterrupt();
    }

    @Override
    public List<ThreadInfo> threads() {
        if (ending != null) return List.of();
        List<ThreadInfo> known = cache.threads();
        if (known != null) return known;
        List<ThreadInfo> list = control.call(this::listThreads);
        cache.putThreads(list);
        return list;
    }

    /** Every debuggable thread, as gdb lists them (engine thread). */
    private List<ThreadInfo> listThreads() {
        List<ThreadInfo> list = new ArrayList<>();
        for (Tcb thread : machine.kernel().threads().all()) {
            if (isDebuggable(thread)) list.add(new ThreadInfo(thread.tid(), monitor.taskName(thread), monitor.describe(thread)));
        }
        return list;
    }

    @Override
    public ArmRegisters readRegisters(int thread) {
        ArmRegisters known = cache.registers(thread);
        if (known != null) return known;
        ArmRegisters registers = control.call(() -> registersOf(find(thread)));
        cache.putRegisters(thread, registers);
        return new ArmRegisters(registers);
    }

    private static ArmRegisters registersOf(Tcb tcb) {
        ArmRegisters registers = new ArmRegisters();
        System.arraycopy(tcb.context.core, 0, registers.r, 0, 16);
        registers.cpsr = tcb.context.core[Cpu.CPSR];
        System.arraycopy(tcb.context.vfp, 0, registers.d, 0, 32);
        registers.fpscr = tcb.context.fpscr;
        return registers;
    }

    @Override
    public void writeRegisters(int thread, ArmRegisters registers) {
        cache.forgetRegisters(thread);
        control.call(() -> {
            Tcb tcb = find(thread);
            System.arraycopy(registers.r, 0, tcb.context.core, 0, 16);
            // Only the flags and the Thumb bit are the user's to change: the thread stays in user mode.
            tcb.context.core[Cpu.CPSR] = (registers.cpsr & ~0x1F) | Cpu.CPSR_MODE_USER;
            tcb.context.core[Cpu.PC] &= ~1;
            System.arraycopy(registers.d, 0, tcb.context.vfp, 0, 32);
            tcb.context.fpscr = registers.fpscr;
            return null;
        });
    }

    /** Served from whole pages read once per stop: gdb reads the same few words around the PC many times. */
    @Override
    public byte[] readMemory(int thread, long address, int length) {
        int first = (int) address & -StopCache.PAGE;
        long end = address + length;
        List<Integer> missing = new ArrayList<>();
        for (long page = Integer.toUnsignedLong(first); page < end; page += StopCache.PAGE) {
            if (cache.page(thread, (int) page) == null) missing.add((int) page);
        }
        if (!missing.isEmpty()) {
            control.call(() -> {
                Tcb tcb = find(thread);
                for (int page : missing) cache.putPage(thread, page, control.readMemory(tcb, page, StopCache.PAGE));
                return null;
            });
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        for (long at = address; at < end; ) {
            byte[] page = cache.page(thread, (int) at & -StopCache.PAGE);
            int offset = (int) (at & (StopCache.PAGE - 1));
            int chunk = (int) Math.min(end - at, StopCache.PAGE - offset);
            if (page == null || page.length < offset + chunk) break; // unreadable from here on
            out.write(page, offset, chunk);
            at += chunk;
        }
        return out.toByteArray();
    }

    @Override
    public boolean writeMemory(int thread, long address, byte[] data) {
        cache.forgetMemory();
        return control.call(() -> control.writeMemory(find(thread), (int) address, data));
    }

    /**
     * Z0/Z1 are hooks on the instruction address, for the code the selected thread sees there;
     * Z2/Z3/Z4 watch the range in every task (the kernel's {@code Watchpoints}: narrowed pages).
     */
    @Override
    public Breakpoint.Result insertBreakpoint(int thread, Breakpoint breakpoint) {
        if (breakpoint.type().isWatchpoint()) {
            boolean inserted = control.call(() -> control.insertWatchpoint((int) breakpoint.address(), breakpoint.kind(),
                    watchKind(breakpoint.type())));
            return inserted ? Breakpoint.Result.OK : Breakpoint.Result.ERROR;
        }
        int address = (int) breakpoint.address() & ~1;
        breakpoints.want(address, thread, breakpoint.type() == Breakpoint.Type.HARDWARE);
        return Breakpoint.Result.OK;
    }

    @Override
    public Breakpoint.Result removeBreakpoint(int thread, Breakpoint breakpoint) {
        if (breakpoint.type().isWatchpoint()) {
            control.call(() -> {
                control.removeWatchpoint((int) breakpoint.address(), breakpoint.kind(), watchKind(breakpoint.type()));
                return null;
            });
            return Breakpoint.Result.OK;
        }
        int address = (int) breakpoint.address() & ~1;
        breakpoints.drop(address);
        return Breakpoint.Result.OK;
    }

    private Tcb anyThread() {
        for (Tcb thread : machine.kernel().threads().all()) {
            if (isDebuggable(thread)) return thread;
        }
        return null;
    }

    /**
     * All-stop: one thread may step; the machine runs every other runnable thread only while that
     * one is blocked in a system call (the step ends when the call returns). Threads without an
     * action stay stopped ({@code set scheduler-locking on}); if nothing else can then run, the
     * machine stops again (SIGSTOP on a waiting thread) rather than wait for ever. A signal in a
     * thread's action is delivered only to a thread held at a fatal event with that very signal
     * (C/S with SIGSEGV ends a thread held at a fault as it would have ended; without it, the
     * instruction runs again); czemu has no signals to deliver to a running thread.
     */
    @Override
    public void resume(ResumeRequest request) {
        StopEvent over;
        synchronized (lock) {
            over = ending;
            running = over == null;
        }
        if (over != null) {
            reportLater(over);
            return;
        }
        cache.forgetAll();
        // One visit to the engine thread, not waited for: breakpoints, the actions, and off it goes.
        control.submit(() -> {
            Map<Tcb, Integer> signals = new HashMap<>();
            Set<Tcb> stay = new HashSet<>();
            Tcb step = null;
            try {
                breakpoints.applyTo(control, this::debuggable, anyThread());
                for (Tcb thread : machine.kernel().threads().all()) {
                    if (!isDebuggable(thread)) continue;
                    ResumeAction action = request.actionFor(thread.tid());
                    if (action == null) {
                        stay.add(thread);
                        continue;
                    }
                    if (action.signal() != 0) signals.put(thread, GdbSignal.toLinux(action.signal()));
                    if (action.step() && step == null) step = thread;
                }
                control.resumeNow(step, signals, stay);
            } catch (RuntimeException e) {
                // gdb waits for a stop reply: the machine stays where it is, and gdb hears so
                synchronized (lock) {
                    running = false;
                }
                reportLater(StopEvent.signal(lastStoppedThread, GdbSignal.TRAP));
            }
        });
    }

    @Override
    public String monitor(String command) {
        if (ending != null) return "the machine has ended\n";
        return control.call(() -> monitor.run(command));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static DebugStop.WatchKind watchKind(Breakpoint.Type type) {
        return switch (type) {
            case READ_WATCH -> DebugStop.WatchKind.READ;
            case ACCESS_WATCH -> DebugStop.WatchKind.ACCESS;
            default -> DebugStop.WatchKind.WRITE;
        };
    }

    private int lastStoppedThread() {
        return lastStoppedThread;
    }

    private void reportLater(StopEvent event) {
        StopListener told;
        synchronized (lock) {
            told = gdb;
        }
        if (told != null) told.stopped(event);
    }

    static boolean isDebuggable(Tcb thread) {
        return !thread.isHosted() && thread.isAlive() && !thread.hasExited() && thread.tid() > 0;
    }

    /** The live debuggable thread with this id, or null. */
    private Tcb debuggable(int tid) {
        Tcb thread = machine.kernel().threads().find(tid);
        return thread != null && isDebuggable(thread) ? thread : null;
    }

    private Tcb find(int tid) {
        Tcb thread = debuggable(tid);
        if (thread == null) throw new IllegalArgumentException("no thread " + Integer.toHexString(tid));
        return thread;
    }

    private StopEvent toEvent(DebugStop stop) {
        int tid = stop.thread().tid();
        if (stop instanceof DebugStop.Started) return StopEvent.initial(tid);
        if (stop instanceof DebugStop.Interrupted) return StopEvent.interrupted(tid);
        if (stop instanceof DebugStop.Stepped) return StopEvent.stepped(tid);
        if (stop instanceof DebugStop.Breakpoint b) {
            return breakpoints.isHardware(b.address()) ? StopEvent.hardwareBreakpoint(tid) : StopEvent.softwareBreakpoint(tid);
        }
        if (stop instanceof DebugStop.Watchpoint w) {
            StopEvent.WatchKind kind = switch (w.kind()) {
                case WRITE -> StopEvent.WatchKind.WRITE;
                case READ -> StopEvent.WatchKind.READ;
                case ACCESS -> StopEvent.WatchKind.ACCESS;
            };
            return StopEvent.watchpoint(tid, kind, Integer.toUnsignedLong(w.address()));
        }
        if (stop instanceof DebugStop.PageFault f) {
            return new StopEvent.Fault(tid, GdbSignal.SEGV, f.mapped() ? StopEvent.SEGV_ACCERR : StopEvent.SEGV_MAPERR,
                    Integer.toUnsignedLong(f.address()));
        }
        if (stop instanceof DebugStop.Fatal f) {
            long address = Integer.toUnsignedLong(f.address());
            return switch (f.signal()) {
                case DebugStop.SIGILL -> new StopEvent.Fault(tid, GdbSignal.ILL, StopEvent.ILL_ILLOPC, address);
                case DebugStop.SIGTRAP -> StopEvent.signal(tid, GdbSignal.TRAP);
                default -> StopEvent.segmentationFault(tid, address, true);
            };
        }
        return StopEvent.signal(tid, GdbSignal.STOP); // NothingRunnable
    }
}
