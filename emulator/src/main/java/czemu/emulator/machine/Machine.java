package czemu.emulator.machine;

import czemu.kernel.Capabilities;
import czemu.kernel.Kernel;
import czemu.kernel.Reporter;
import czemu.kernel.capability.BootCapabilities;
import czemu.kernel.container.Container;
import czemu.pager.Mm0;
import czemu.pager.exec.ExecException;
import czemu.pager.task.Task;
import czemu.pager.task.TaskExit;
import czemu.pager.linux.fs.LinuxTerminal;
import czemu.pager.linux.process.Processes;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;

/**
 * One emulated board: the kernel, the default POSIX container (id 0) with mm0 as thread 1, more
 * containers if asked (each with its own mm0), and the console. Programs start as Codezero's mm0
 * starts test0: installed in memfs as {@code /<name>}, argv[0] that path, {@code pagerid=<its mm0>}
 * in its environment.
 */
public final class Machine implements AutoCloseable {
    private final MachineConfig config;
    private final Reporter reporter;
    private final Kernel kernel;
    private final Mm0 mm0;
    private final Console console;
    private final List<TaskExit> exits = new ArrayList<>();
    private final List<java.util.function.Consumer<TaskExit>> exitListeners = new ArrayList<>();
    private final List<Mm0> pagers = new ArrayList<>();
    private Task idleTask;
    private final czemu.emulator.trace.Strace strace;
    /** The Linux programs' standard input and error (their standard output is the console). */
    private InputStream linuxInput = InputStream.nullInputStream();
    private OutputStream linuxError = OutputStream.nullOutputStream();
    private boolean interactive;
    /** How each Linux process the machine started ended, by pid. */
    private final java.util.Map<Integer, Processes.ProcessExit> linuxExits = new java.util.HashMap<>();

    public Machine(MachineConfig config, OutputStream consoleOut, Reporter reporter) {
        this.config = config;
        this.reporter = reporter;
        this.console = new Console(consoleOut, config.rawConsole());
        this.kernel = new Kernel(config.kernel(), console, reporter);
        this.strace = config.strace() ? new czemu.emulator.trace.Strace(System.err) : null;
        if (strace != null) kernel.observe(strace);
        this.mm0 = addContainer("posix", config.firstRegionMib(), config.firstBoot());
    }

    /**
     * Another container (ids 1, 2, ... in the order they are added) with its own mm0 and file
     * system; its threads' ids carry its id in their top byte.
     */
    public Mm0 addContainer(String name) {
        return addContainer(name, 0, Capabilities.BootOptions.POSIX);
    }

    /**
     * As {@link #addContainer(String)}, with a memory region of {@code regionMib} MiB (0: all RAM)
     * and the capabilities its pager boots with and shares with its tasks.
     */
    public Mm0 addContainer(String name, int regionMib, Capabilities.BootOptions boot) {
        Container container = regionMib > 0 ? kernel.createContainer(name, regionMib * 256) : kernel.createContainer(name);
        Mm0 pager = new Mm0(kernel, container, reporter);
        pagers.add(pager);
        if (boot.shares(BootCapabilities.Share.MEMORY)) boot = boot.withMemory(setAsideFrames(name), MEMORY_SHARE_WINDOW);
        kernel.capabilities().bootPager(pager.thread(), boot);
        pager.onTaskExit(exit -> {
            exits.add(exit);
            exitListeners.forEach(listener -> listener.accept(exit));
        });
        pager.linux().setTerminal(linuxTerminal);
        if (strace != null) {
            pager.linux().observe(strace);
            pager.linux().observeSignals(strace);
        }
        pager.onIdle(task -> {
            idleTask = task;
            reporter.report(task.program() + " is idle (it only sends SYNC to mm0 and nothing else can run): stopping");
            kernel.shutdown();
        });
        return pager;
    }

    /** Told of every task that ends, in any container (a trace's exit lines). */
    public void onTaskExit(java.util.function.Consumer<TaskExit> listener) {
        exitListeners.add(listener);
    }

    /** Frames the {@code memory} share sets aside for a container: 1 MiB, never given to anything else. */
    public static final int MEMORY_SHARE_FRAMES = 256;
    /** Where its tasks may map them: 0x90000000..0x90100000, between the shm region and mm0's image, which mm0 never uses in a task. */
    public static final BootCapabilities.MemoryRegion MEMORY_SHARE_WINDOW =
            BootCapabilities.MemoryRegion.ofAddresses(0x90000000L, 0x90000000L + MEMORY_SHARE_FRAMES * 4096L);

    private BootCapabilities.MemoryRegion setAsideFrames(String container) {
        int first = kernel.frames().allocateContiguous(MEMORY_SHARE_FRAMES, 1);
        if (first == czemu.kernel.memory.FrameAllocator.NONE) {
            throw new IllegalStateException("no " + MEMORY_SHARE_FRAMES + " contiguous frames left for the memory share of container " + container);
        }
        return BootCapabilities.MemoryRegion.ofAddresses(Integer.toUnsignedLong(first), Integer.toUnsignedLong(first) + MEMORY_SHARE_FRAMES * 4096L);
    }

    /**
     * Installs {@code program} in {@code pager}'s memfs at {@code guestPath} and starts it there as
     * mm0 starts test0: argv[0] the path, {@code args} after it, {@code pagerid} in its environment.
     */
    public Task start(Mm0 pager, String guestPath, byte[] program, List<String> args) throws ExecException {
        try {
            pager.installFile(guestPath, program);
        } catch (IllegalArgumentException e) {
            throw new ExecException(-czemu.kernel.abi.Errno.EEXIST, guestPath + ": the program cannot be installed there: " + e.getMessage());
        }
        List<String> argv = new ArrayList<>();
        argv.add(guestPath);
        argv.addAll(args);
        return pager.spawn(guestPath, argv, List.of());
    }

    /**
     * Runs {@code program} in the default container until no thread can run any more (or the
     * timeout). {@code guestPath} is where it lives in memfs and its argv[0]; {@code args} follow it.
     */
    public RunResult run(String guestPath, byte[] program, List<String> args) throws ExecException {
        return runUntilDone(start(mm0, guestPath, program, args));
    }

    /**
     * Where Linux programs' fds 0 and 2 lead (fd 1 is the console); {@code interactive} says they are a
     * terminal (isatty). By default standard input is empty and standard error discarded.
     */
    public void linuxStreams(InputStream input, OutputStream error, boolean interactive) {
        this.linuxInput = input;
        this.linuxError = error;
        this.interactive = interactive;
    }

    private final LinuxTerminal linuxTerminal = new LinuxTerminal() {
        @Override
        public void write(boolean standardError, byte[] bytes, int offset, int length) {
            if (!standardError) {
                console.writeBytes(bytes, offset, length);
                return;
            }
            try {
                console.flush(); // what the program printed before keeps its place before this
                linuxError.write(bytes, offset, length);
                linuxError.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public InputStream input() {
            return linuxInput;
        }

        @Override
        public boolean isTerminal(int standardStream) {
            return interactive;
        }
    };

    /**
     * Starts a Linux program in {@code pager}'s container as qemu-arm would: {@code argv0} is the name
     * the user gave. The program lives at {@code guestPath} in the guest's file system: installed
     * there (read-only) unless a file is there already (imported with --root), so that execve and
     * /proc/self/exe find it. The run ends when this process ends.
     */
    public Task startLinux(Mm0 pager, String argv0, String guestPath, byte[] program, List<String> args, List<String> environment)
            throws ExecException {
        if (!pager.hasFile(guestPath)) {
            try {
                pager.installFile(guestPath, program, true);
            } catch (IllegalArgumentException e) {
                throw new ExecException(-czemu.kernel.abi.Errno.EEXIST, argv0 + ": the program cannot be installed at " + guestPath
                        + ": " + e.getMessage());
            }
        }
        List<String> argv = new ArrayList<>();
        argv.add(argv0);
        argv.addAll(args);
        Task task = pager.linux().start(guestPath, argv, environment);
        int pid = czemu.kernel.abi.ThreadIds.rawOf(task.tid());
        pager.linux().onProcessExit(exit -> {
            if (exit.pid() == pid && !linuxExits.containsKey(pid)) {
                linuxExits.put(pid, exit);
                kernel.shutdown(); // the program is done; what it left running ends with it, as qemu-arm's command returns
            }
        });
        return task;
    }

    /** Runs every started program; the result is {@code first}'s (its exit status is czemu's). */
    public RunResult runUntilDone(Task first) {
        int firstTid = first.tid();
        Timer timer = null;
        boolean[] timedOut = {false};
        if (config.timeoutMillis() > 0) {
            timer = new Timer("czemu-timeout", true);
            timer.schedule(new TimerTask() {
                @Override public void run() {
                    timedOut[0] = true;
                    kernel.shutdown();
                }
            }, config.timeoutMillis());
        }
        try {
            kernel.run();
        } finally {
            if (timer != null) timer.cancel();
            console.flush();
        }
        Processes.ProcessExit linuxExit = linuxExits.get(czemu.kernel.abi.ThreadIds.rawOf(firstTid));
        if (linuxExit != null) {
            return new RunResult(linuxExit.status(), linuxExit.killed() ? RunResult.Ending.KILLED : RunResult.Ending.EXITED,
                    console.transcript());
        }
        for (TaskExit exit : exits) {
            if (exit.tid() == firstTid) {
                return new RunResult(exit.status(), exit.killed() ? RunResult.Ending.KILLED : RunResult.Ending.EXITED,
                        console.transcript());
            }
        }
        if (idleTask != null) return new RunResult(0, RunResult.Ending.IDLE, console.transcript());
        return timedOut[0]
                ? new RunResult(RunResult.STATUS_TIMEOUT, RunResult.Ending.TIMEOUT, console.transcript())
                : new RunResult(RunResult.STATUS_STUCK, RunResult.Ending.STUCK, console.transcript());
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Every container's pager, in container order. */
    public List<Mm0> pagers() {
        return List.copyOf(pagers);
    }

    /** The default container's (id 0) pager. */
    public Mm0 pager() {
        return mm0;
    }

    @Override
    public void close() {
        kernel.close();
    }
}
