package czemu.emulator.trace;

import czemu.kernel.InstructionTracing;
import czemu.kernel.Kernel;
import czemu.kernel.KernelObserver;
import czemu.kernel.abi.IpcTags;
import czemu.kernel.abi.ThreadIds;
import czemu.kernel.arch.Cpu;
import czemu.kernel.fault.FaultResolution;
import czemu.kernel.memory.Access;
import czemu.kernel.thread.Tcb;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code czemu run --trace FILE}: records the run as a czemu trace (docs/traces.md). In full mode a
 * hook before every instruction reads the running thread's registers and the instruction's
 * encoding and hands them to the {@link TraceWriter}, which writes each instruction with the
 * registers it changed once its thread reaches its next one; in pc-only mode a hook at the start of
 * each translated block writes its pc. The kernel's events (system calls, IPC, faults, switches,
 * undefined instructions, threads starting and ending) arrive through {@link KernelObserver}.
 *
 * <p>A window bounds the cost: recording may start at an address, a symbol or after a number of
 * instructions, and stop at an address or after a number of recorded instructions. Outside the
 * window the trace hook is a closed {@link Cpu.TraceHook}, a few host instructions per instruction,
 * and opening or closing it changes nothing else in the run (no slice ends for it). Start and exit
 * lines are written whether the window is open or not, so the trace always says which programs ran.
 *
 * <p>Everything runs on the engine thread. Nothing here may throw into the engine: a write error
 * ends the recording, and {@link #close} reports it.
 */
public final class TraceRecorder implements KernelObserver, AutoCloseable {
    /** What each record is: an instruction with its encoding and changes, or a block's first pc. */
    public enum Mode { FULL, PC }

    /** What to record: the file (gzip when it ends in .gz), the mode and the window (null: from the start, to the end). */
    public record Options(Path file, Mode mode, TracePoint start, TracePoint stop) {
    }

    private enum Window { WAITING, OPEN, CLOSED }

    private final InstructionTracing tracing;
    private final Kernel kernel;
    private final TraceWriter writer;
    private final CodeReader code;
    private final Mode mode;
    private final TracePoint start;
    private final TracePoint stop;
    private final int[] registers = new int[Registers.COUNT];
    private Window window = Window.WAITING;
    private Cpu.TraceHook trace;
    /** The thread of the last slice (perhaps gone since: the CPU still passes from it). */
    private Tcb lastOnCpu;
    private RuntimeException failure;

    private TraceRecorder(Kernel kernel, TraceWriter writer, Options options) {
        this.kernel = kernel;
        this.tracing = kernel.tracing();
        this.writer = writer;
        this.code = new CodeReader(kernel.memory());
        this.mode = options.mode();
        this.start = options.start();
        this.stop = options.stop();
    }

    /**
     * Starts recording {@code kernel}'s run into {@code options.file()}; call before the machine
     * starts its programs (their start lines come from here, and the engine's hooks must be in place
     * before it translates any code) and {@link #close} after it ran. {@code program} names the run
     * in the trace's header.
     */
    public static TraceRecorder attach(Kernel kernel, Options options, String program) throws IOException {
        TraceHeader.Granularity granularity = options.mode() == Mode.PC ? TraceHeader.Granularity.BLOCK : TraceHeader.Granularity.INSTRUCTION;
        TraceWriter writer = TraceWriter.create(options.file(), new TraceHeader(TraceFormat.CZEMU, granularity, program));
        TraceRecorder recorder = new TraceRecorder(kernel, writer, options);
        kernel.observe(recorder);
        recorder.arm();
        return recorder;
    }

    /**
     * Adds the hooks, in this order because the engine calls the hooks of one instruction in the
     * order they were added: at the stop address the window closes before the trace hook would
     * record that instruction, and at the start address it opens in time to record it.
     */
    private void arm() {
        if (stop != null && stop.kind() == TracePoint.Kind.ADDRESS) tracing.at(stop.address(), pc -> closeWindow());
        if (start != null && start.kind() == TracePoint.Kind.ADDRESS) {
            tracing.at(start.address(), pc -> {
                if (window == Window.WAITING) openWindow();
            });
        }
        trace = mode == Mode.PC ? tracing.everyBlock(this::block) : tracing.everyInstruction(this::instruction);
        if (start == null) {
            openWindow();
        } else if (start.kind() == TracePoint.Kind.COUNT) {
            trace.openAfter(start.value()); // the window opens at the first call of the hook
        }
    }

    private void openWindow() {
        window = Window.OPEN;
        trace.open();
    }

    /** Stops recording: the current thread's last instruction is written with what it changed so far. */
    private void closeWindow() {
        if (window == Window.CLOSED) return;
        window = Window.CLOSED;
        trace.close();
        Tcb thread = kernel.scheduler().current();
        if (mode == Mode.FULL && thread != null) {
            tracing.readRegisters(registers);
            guarded(() -> writer.complete(thread.tid(), registers));
        }
    }

    /**
     * Called at the top of the trace hook, which runs only while the gate is open: opens a window that
     * started after a count; false once the window has closed (a stop after a count).
     */
    private boolean recording() {
        if (window == Window.WAITING) window = Window.OPEN;
        if (stop != null && stop.kind() == TracePoint.Kind.COUNT && writer.instructions() >= stop.value()) {
            closeWindow();
            return false;
        }
        return window == Window.OPEN;
    }

    // ---- the engine's hooks

    private void instruction(int pc) {
        Tcb thread = kernel.scheduler().current();
        if (thread == null || !recording()) return;
        tracing.readRegisters(registers);
        boolean thumb = (registers[Cpu.CPSR] & Cpu.CPSR_THUMB) != 0;
        long fetched = code.fetch(thread, pc, thumb);
        try { // not through guarded(): a lambda per instruction costs an allocation
            writer.beforeInstruction(thread.tid(), pc, CodeReader.encodingOf(fetched), CodeReader.sizeOf(fetched), thumb, registers);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void block(int pc) {
        Tcb thread = kernel.scheduler().current();
        if (thread == null || !recording()) return;
        boolean thumb = (tracing.cpsr() & Cpu.CPSR_THUMB) != 0;
        try {
            writer.pc(thread.tid(), pc, thumb);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    // ---- the kernel's events

    @Override
    public void sliceStarting(Tcb thread) {
        if (window == Window.OPEN && lastOnCpu != null && lastOnCpu != thread) {
            guarded(() -> writer.contextSwitch(lastOnCpu.tid(), thread.tid()));
        }
        lastOnCpu = thread;
    }

    @Override
    public void sliceEnded(Tcb thread) {
        if (window == Window.OPEN && mode == Mode.FULL) guarded(() -> writer.stopped(thread.tid(), thread.context.core));
    }

    @Override
    public void returned(Tcb thread, String name, int[] args, int result, boolean blocked) {
        if (window != Window.OPEN || !thread.isAlive()) return; // a call that ended its thread (EXIT) shows as its exit line
        guarded(() -> {
            if (blocked) {
                writer.syscallBlocked(thread.tid(), name);
                // A send's tag is known now; a receive's only when it completes.
                if (isIpc(name) && args[0] != ThreadIds.NIL_THREAD) writer.ipcBlocked(thread.tid(), args[0], args[1], sentTag(args));
            } else {
                writer.syscall(thread.tid(), name, result);
                if (isIpc(name)) ipcCompleted(thread, args, result);
            }
        });
    }

    @Override
    public void resumed(Tcb thread, String name, int[] args, int result) {
        if (window != Window.OPEN) return;
        guarded(() -> {
            writer.syscall(thread.tid(), name, result);
            if (isIpc(name)) ipcCompleted(thread, args, result);
        });
    }

    /**
     * An ipc line: the tag it sent, or for a receive alone the tag it got (MR0 now); from is the
     * sender for a receive from ANYTHREAD that succeeded (MR1, §2.4), else as the thread asked.
     */
    private void ipcCompleted(Tcb thread, int[] args, int result) {
        int[] core = thread.context.core;
        int from = args[1];
        if (from == ThreadIds.ANY_THREAD && result == 0) from = core[4];
        int tag = args[0] != ThreadIds.NIL_THREAD ? sentTag(args) : core[3] & IpcTags.TAG_MASK;
        writer.ipc(thread.tid(), args[0], from, tag, result);
    }

    private static boolean isIpc(String name) {
        return name.equals("ipc");
    }

    private static int sentTag(int[] args) {
        return args[3] & IpcTags.TAG_MASK; // MR0 is r3
    }

    @Override
    public void pageFault(Tcb thread, int pc, int address, Access access, FaultResolution resolution) {
        if (window == Window.WAITING && start != null && start.kind() == TracePoint.Kind.COUNT && pc != 0 && access != Access.EXECUTE
                && resolution != FaultResolution.DEVICE) {
            trace.uncount(); // a window after N instructions counts them as the trace would: once each
        }
        if (window != Window.OPEN) return;
        FaultAccess kind = switch (access) {
            case READ -> FaultAccess.READ;
            case WRITE -> FaultAccess.WRITE;
            case EXECUTE -> FaultAccess.EXECUTE;
        };
        guarded(() -> {
            if (resolution == FaultResolution.DEVICE) {
                writer.deviceAccess(thread.tid(), pc, address, kind);
            } else {
                writer.pageFault(thread.tid(), pc, address, kind, resolution.word());
            }
        });
    }

    @Override
    public void undefinedInstruction(Tcb thread, int pc) {
        if (window != Window.OPEN) return;
        long fetched = code.fetch(thread, pc, thread.context.thumb());
        guarded(() -> writer.undefinedInstruction(thread.tid(), pc, CodeReader.encodingOf(fetched)));
    }

    @Override
    public void threadStarted(Tcb thread) {
        guarded(() -> writer.taskStart(thread.tid(), thread.name() == null ? "?" : thread.name()));
    }

    @Override
    public void threadEnded(Tcb thread) {
        guarded(() -> {
            if (thread.hasExited()) {
                writer.taskExit(thread.tid(), thread.exitCode()); // thread_control DESTROY on itself
            } else {
                writer.threadEnded(thread.tid()); // its task's exit line comes from the pager (taskExited)
            }
        });
    }

    /** A Linux thread took a signal ({@link czemu.pager.linux.signal.SignalObserver}): a {@code signal} line. */
    public void signalTaken(Tcb thread, int tid, czemu.pager.linux.signal.SignalInfo info, int handler) {
        if (window != Window.OPEN) return;
        boolean byDefault = handler == czemu.pager.linux.abi.LinuxAbi.SIG_DFL;
        guarded(() -> writer.signal(thread.tid(), info.signal(), info.code(), handler, byDefault));
    }

    /** A task ended with {@code status} (its pager's word: an exit, or 128 + the signal that killed it). */
    public void taskExited(int tid, int status) {
        guarded(() -> writer.taskExit(tid, status));
    }

    // ---- the end

    /** Instructions (or blocks) recorded. */
    public long recorded() {
        return writer.instructions();
    }

    /** Writes what is still pending and closes the file; throws the write error that ended the recording, if any. */
    @Override
    public void close() {
        guarded(writer::close);
        if (failure != null) throw failure;
    }

    /** Runs a write; the first failure ends the recording instead of reaching the engine. */
    private void guarded(Runnable write) {
        if (failure != null) return;
        try {
            write.run();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(RuntimeException e) {
        if (failure == null) failure = e;
        window = Window.CLOSED;
        if (trace != null) trace.close();
    }
}
