package czemu.pager.linux;

import czemu.kernel.Kernel;
import czemu.kernel.container.Container;
import czemu.kernel.memory.FramePool;
import czemu.kernel.syscall.Personality;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;
import czemu.pager.exec.ExecException;
import czemu.pager.exec.ProgramLoader;
import czemu.pager.exit.TaskTeardown;
import czemu.pager.fork.ForkRequests;
import czemu.pager.fs.MemFs;
import czemu.pager.fs.RegularFile;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.abi.LinuxSyscalls;
import czemu.pager.linux.exec.KuserHelpers;
import czemu.pager.linux.exec.LinuxLoader;
import czemu.pager.linux.fs.FileCalls;
import czemu.pager.linux.fs.LinuxTerminal;
import czemu.pager.linux.fs.PathCalls;
import czemu.pager.linux.fs.PathResolver;
import czemu.pager.linux.identity.SystemCalls;
import czemu.pager.linux.memory.MemoryCalls;
import czemu.pager.linux.process.FutexCalls;
import czemu.pager.linux.process.LinuxProcess;
import czemu.pager.linux.process.LinuxThread;
import czemu.pager.linux.process.ProcessCalls;
import czemu.pager.linux.process.Processes;
import czemu.pager.linux.signal.SignalCalls;
import czemu.pager.linux.signal.SignalInfo;
import czemu.pager.linux.signal.SignalObserver;
import czemu.pager.linux.time.LinuxClock;
import czemu.pager.linux.time.TimeCalls;
import czemu.pager.mmap.AddressRanges;
import czemu.pager.task.Task;
import czemu.pager.task.TaskExit;
import czemu.pager.vm.FilePages;
import czemu.pager.vm.VmObject;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Linux EABI front door of one pager (DESIGN.md §3: beside mm0). A program started here runs as
 * a Linux process over the same kernel and mm0 as Codezero tasks: its threads carry this door as
 * their kernel {@link Personality}, so each {@code svc 0} comes here with the call number in r7 and
 * is served from a table by number ({@link LinuxCallTable}), one small class per group of calls:
 * files, paths, memory, processes, signals, futexes, time, system information, ARM private calls.
 * An unknown number answers -ENOSYS and is reported once. Memory, faults, fork and exec are mm0's
 * own vm areas, fault path, copy-on-write fork and loader; docs/linux.md has the whole account.
 */
public final class LinuxDoor implements Personality {
    private final LinuxSystem system;
    private final Container container;
    private final int pagerTid;
    private final Processes processes;
    private final LinuxLoader loader;
    private final LinuxCallTable table = new LinuxCallTable();
    private final CallFormatter formatter;
    private final Consumer<Task> register;
    private final SwitchableTerminal terminal = new SwitchableTerminal();
    private final Set<Integer> reportedUnknown = new HashSet<>();
    private LinuxCallObserver observer = LinuxCallObserver.NONE;
    /** The thread of the call served last: the kernel asks about it again on its way back to user mode. */
    private LinuxThread lastCaller;
    private final GuestRandom random = new GuestRandom(GuestRandom.DEFAULT_SEED);

    /** What the door takes from its mm0: the pieces Linux processes share with Codezero tasks. */
    public record Mm0Parts(Container container, int pagerTid, FramePool frames, MemFs fs, Function<RegularFile, FilePages> pageCache,
                           VmObject zeroPages, TaskTeardown teardown, ForkRequests forks, ProgramLoader programs,
                           Consumer<Task> register, Consumer<String> reporter) {}

    public LinuxDoor(Kernel kernel, Mm0Parts mm0) {
        this.container = mm0.container();
        this.pagerTid = mm0.pagerTid();
        this.register = mm0.register();
        GuestMemory memory = new GuestMemory(kernel.userMemory());
        this.system = new LinuxSystem(kernel, memory, new Blocking(kernel.scheduler()), mm0.fs(), mm0.pageCache(), terminal,
                new LinuxClock(kernel.clock()), random, mm0.reporter());
        this.formatter = new CallFormatter(memory);
        this.processes = new Processes(system, mm0.teardown());
        this.loader = new LinuxLoader(mm0.programs(), mm0.fs(), mm0.pageCache(), mm0.zeroPages(),
                new KuserHelpers(kernel.memory(), mm0.frames()), random);
        PathResolver paths = new PathResolver(mm0.fs());
        TimeCalls time = new TimeCalls(memory, system.blocking(), system.clock());
        new FileCalls(system, processes, paths).registerIn(table);
        new PathCalls(system, paths).registerIn(table);
        new MemoryCalls(system, new AddressRanges(kernel, mm0.frames()), mm0.zeroPages(), mm0.frames()).registerIn(table);
        new ProcessCalls(system, processes, mm0.forks(), loader, mm0.teardown(), this, mm0.register()).registerIn(table);
        new SignalCalls(memory, processes.signals(), system.blocking()).registerIn(table);
        new FutexCalls(memory, system.blocking(), processes.futexes(), time).registerIn(table);
        time.registerIn(table);
        new SystemCalls(memory, kernel.memory().size(), random, system.clock()).registerIn(table);
        new ArmPrivateCalls(kernel).registerIn(table);
    }

    /** Where fds 0, 1 and 2 of the processes started from now on lead (by default the JVM's own streams). */
    public void setTerminal(LinuxTerminal target) {
        terminal.target = target;
    }

    /**
     * Seeds the random bytes programs get from now on (AT_RANDOM, getrandom) as qemu-arm's
     * {@code -seed} does (--seed).
     */
    public void seedRandom(long seed) {
        random.reseed(seed);
    }

    /** Shows every completed Linux call to {@code observer} (--strace). */
    public void observe(LinuxCallObserver observer) {
        this.observer = observer;
    }

    /** Shows every signal a thread takes to {@code observer} (--strace, --trace), besides those added before. */
    public void observeSignals(SignalObserver observer) {
        processes.signals().observe(observer);
    }

    /** Told when a Linux process ends, with the status a shell would show. */
    public void onProcessExit(Consumer<Processes.ProcessExit> listener) {
        processes.onProcessExit(listener);
    }

    /** The number of calls served (for the docs and tests). */
    public int callsServed() {
        return table.size();
    }

    /**
     * Starts {@code path} (in memfs) as a new Linux process whose parent is init (mm0), with the host
     * terminal as its fds 0, 1 and 2 and the root as its current directory.
     */
    public Task start(String path, List<String> argv, List<String> envp) throws ExecException {
        LinuxLoader.Image image = loader.prepare(system.fs().root(), path);
        String execfn = argv.isEmpty() ? path : argv.get(0); // the name the user started it by, as a shell passes it
        Task task = loader.start(container, pagerTid, image, execfn, argv, envp, register);
        LinuxProcess process = processes.createFirst(task, FileCalls.terminalFiles(system), system.fs().root()).process();
        process.setExecutable(image.path());
        int brk = LinuxLoader.breakStart(image);
        process.setBreak(brk, brk);
        task.thread().setPersonality(this);
        system.kernel().start(task.thread());
        return task;
    }

    /** Whether {@code thread} runs a Linux process of this door. */
    public boolean runs(Tcb thread) {
        return processes.thread(thread) != null;
    }

    /** mm0's teardown ended a task (the door listens to every exit; it acts on its own threads only). */
    public void taskExited(TaskExit exit) {
        processes.taskExited(exit);
    }

    /**
     * An undefined instruction in a Linux process (mm0 sees it first, with PC already past it): SIGILL
     * for the thread. True when its handler is to run for it (mm0 answers so that the thread goes on,
     * and the kernel takes it off the CPU to enter the handler at its next slice); otherwise the
     * default action ends the process (mm0 lets Codezero tasks go on).
     */
    public boolean undefinedInstruction(Tcb thread) {
        LinuxThread linux = processes.thread(thread);
        if (linux == null) return false;
        // The kernel moved PC past the instruction by its state's length before asking the pager (TrapHandler).
        int pc = thread.context.core[czemu.kernel.arch.Cpu.PC] - (thread.context.thumb() ? 2 : 4);
        if (processes.signals().fault(linux, SignalInfo.fault(LinuxAbi.SIGILL, LinuxAbi.ILL_ILLOPC, pc))) {
            thread.context.core[czemu.kernel.arch.Cpu.PC] = pc; // the frame keeps the instruction's address
            system.kernel().scheduler().endSlice(); // it must not go on before the handler
            return true;
        }
        String reason = String.format("undefined instruction at pc %s", linux.task().describe(pc));
        system.reporter().accept(linux.task() + " killed by SIGILL: " + reason);
        processes.exitGroup(linux.process(), 128 + LinuxAbi.SIGILL, reason);
        return false;
    }

    /**
     * A page fault mm0 could not resolve at {@code address}, of a thread of this door (its PC at the
     * faulting instruction): true when its SIGSEGV handler is to run (the instruction does not run
     * again before it: the kernel takes the thread off the CPU, and the handler is entered at its next
     * slice); false when mm0 ends the task as for any task. {@code areaExists}: the address lies in an
     * area that does not allow the access (SEGV_ACCERR), rather than in none (SEGV_MAPERR).
     */
    public boolean pageFaultHandled(Tcb thread, int address, boolean areaExists) {
        LinuxThread linux = processes.thread(thread);
        if (linux == null) return false;
        int code = areaExists ? LinuxAbi.SEGV_ACCERR : LinuxAbi.SEGV_MAPERR;
        if (!processes.signals().fault(linux, SignalInfo.fault(LinuxAbi.SIGSEGV, code, address))) return false;
        system.kernel().scheduler().endSlice();
        return true;
    }

    @Override
    public int supervisorCall(Tcb caller) {
        LinuxThread thread = processes.thread(caller);
        if (thread == null) return -LinuxAbi.ENOSYS;
        int number = caller.context.core[7];
        LinuxCallTable.Entry entry = table.find(number);
        boolean tracing = observer != LinuxCallObserver.NONE;
        if (entry == null) {
            if (reportedUnknown.add(number)) {
                system.reporter().accept(thread.process() + ": unknown Linux system call " + Integer.toUnsignedString(number)
                        + " (" + LinuxSyscalls.name(number) + "), answered -ENOSYS");
            }
            if (tracing) observer.returned(caller, thread.tid(), LinuxSyscalls.name(number) + "()", CallFormatter.result(-LinuxAbi.ENOSYS, false));
            return -LinuxAbi.ENOSYS;
        }
        String shown = tracing ? formatter.call(caller, entry.name(), entry.arguments(), caller.context.core) : null;
        int pastSvc = caller.context.core[czemu.kernel.arch.Cpu.PC];
        thread.signals().setCallArgument(caller.context.core[0]); // what a restarted call gets back in r0
        lastCaller = thread;
        system.blocking().callMade(caller);
        int result;
        try {
            result = entry.handler().handle(new Call(thread, number));
        } catch (RuntimeException e) {
            // A bug of ours, not the guest's: say so, and let the guest see a failed call rather than lose the machine.
            system.reporter().accept("internal error serving " + entry.name() + " for " + thread.process() + ": " + e);
            result = -LinuxAbi.EFAULT;
        }
        if (tracing && !caller.isAlive()) {
            observer.returned(caller, thread.tid(), shown, "?"); // exit, exit_group, a fatal signal: no return, as strace shows it
        } else if (tracing) {
            if (caller.state() == ThreadState.RUNNABLE) {
                boolean address = number == LinuxSyscalls.BRK || number == LinuxSyscalls.MMAP2 || number == LinuxSyscalls.MREMAP;
                observer.returned(caller, thread.tid(), shown, CallFormatter.result(result, address));
            } else if (caller.context.core[czemu.kernel.arch.Cpu.PC] == pastSvc) {
                // Parked until a waker finishes it (a sleep, a futex wait, vfork): shown now, and its
                // result when the thread runs again. A call that will be retried is shown once, then.
                observer.unfinished(caller, thread.tid(), shown);
            }
        }
        return result;
    }

    @Override
    public String callName(int[] entryRegisters) {
        return LinuxSyscalls.name(entryRegisters[7]);
    }

    /** Signals the thread does not block are taken here, on its way back to user mode (docs/linux.md, "Signals"). */
    @Override
    public boolean returningToUser(Tcb caller, boolean fromCall) {
        LinuxThread thread = fromCall && lastCaller != null && lastCaller.tcb() == caller ? lastCaller : processes.thread(caller);
        if (thread == null || !fromCall && system.blocking().retrying(caller)) return false; // after the call it makes again
        try {
            return processes.signals().deliver(thread, fromCall);
        } catch (RuntimeException e) {
            // A bug of ours: the thread goes on without the signal rather than the machine stopping.
            system.reporter().accept("internal error delivering a signal to " + thread + ": " + e);
            return false;
        }
    }

    /** A terminal the emulator can point elsewhere after the door exists; by default the JVM's standard streams. */
    private static final class SwitchableTerminal implements LinuxTerminal {
        LinuxTerminal target = new LinuxTerminal() {
            @Override
            public void write(boolean standardError, byte[] bytes, int offset, int length) {
                (standardError ? System.err : System.out).write(bytes, offset, length);
            }

            @Override
            public InputStream input() {
                return System.in;
            }

            @Override
            public boolean isTerminal(int standardStream) {
                return false;
            }
        };

        @Override
        public void write(boolean standardError, byte[] bytes, int offset, int length) {
            target.write(standardError, bytes, offset, length);
        }

        @Override
        public InputStream input() {
            return target.input();
        }

        @Override
        public boolean isTerminal(int standardStream) {
            return target.isTerminal(standardStream);
        }
    }
}
