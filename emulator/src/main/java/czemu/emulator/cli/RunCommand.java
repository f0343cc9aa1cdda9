package czemu.emulator.cli;

import czemu.emulator.debug.DebuggedRun;
import czemu.emulator.machine.Abi;
import czemu.emulator.machine.HostFiles;
import czemu.emulator.machine.MachineFile;
import czemu.emulator.machine.MachineFile.ContainerSpec;
import czemu.pager.Mm0;
import czemu.pager.task.Task;
import czemu.emulator.machine.Machine;
import czemu.emulator.machine.MachineConfig;
import czemu.emulator.machine.RunResult;
import czemu.emulator.trace.TracePoint;
import czemu.emulator.trace.TraceRecorder;
import czemu.kernel.KernelConfig;
import czemu.kernel.capability.BootCapabilities;
import czemu.kernel.scheduler.SchedulingMode;
import czemu.pager.exec.ExecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code czemu run [FILE] [-- ARGS]}: runs one program as the first task of the default POSIX container. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs FILE (an ARM ELF built for Codezero's userland) as the first task of the default "
                + "POSIX container, installed in memfs as /NAME (its file name without .elf), with that path "
                + "as argv[0] and pagerid=1 in its environment.",
                "A static Linux ARM EABI program (arm-linux-gnueabi-gcc -static, busybox-static) is recognised and "
                        + "runs through the Linux door instead, as under qemu-arm: argv[0] is FILE as given, fds 0-2 are "
                        + "this terminal (see docs/linux.md); --abi overrides the detection.",
                "Without FILE it runs the built-in default program: posixtest, our own equivalent of Codezero's test0.",
                "The exit status is the program's; 0 when it ends idle (only sending SYNC to its pager, as test0 does "
                        + "after its last line); 124 on --timeout; 125 when czemu itself cannot run it or the program "
                        + "can no longer run (all its threads blocked or halted)."})
final class RunCommand implements Callable<Integer> {
    static final int STATUS_CZEMU_ERROR = 125;
    /** Our own equivalent of Codezero's POSIX test0 (samples/src/posixtest), run when no FILE is given. */
    static final String DEFAULT_PROGRAM = "posixtest";

    private static PrintStream out = System.out;
    private static PrintStream err = System.err;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The program to run.")
    Path file;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments after argv[0] (put them after --).")
    List<String> args = new ArrayList<>();

    @Option(names = "--deterministic", description = "Preempt after a fixed instruction budget, so every run interleaves "
            + "threads the same way (slower); the default preempts on a 10 ms clock.")
    boolean deterministic;

    @Option(names = "--ram", paramLabel = "MIB", description = "Guest physical RAM in MiB (default ${DEFAULT-VALUE}).")
    int ramMib = 256;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop the machine after this many seconds (exit status 124).")
    double timeoutSeconds;

    @Option(names = "--strace", description = "Show every system call and IPC of every thread on standard error as it returns.")
    boolean strace;

    @Option(names = "--config", paramLabel = "FILE", description = "Build the machine from a configuration file: "
            + "RAM, scheduling, and one or more containers, each with its own mm0 and program (see docs/configuration.md).")
    Path configFile;

    @Option(names = "--file", paramLabel = "HOST:GUEST", description = "Copy a host file into the guest's file system at GUEST (repeatable).")
    List<String> files = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR", description = "Copy the host directory DIR into the guest's file system as its root (symbolic links are not followed).")
    Path root;

    @Option(names = "--writable", description = "Let the guest write the files --file and --root imported (the host copies never change).")
    boolean writable;

    @Option(names = "--capabilities", paramLabel = "POLICY", description = "What the pager shares with its tasks at boot: "
            + "posix (default; every thread of the container may IPC every other and use mutexes, as in Codezero's last tree) "
            + "or strict (tasks may only IPC their pager until it grants them more with the request protocol, tag 50).")
    String policy = "posix";

    @Option(names = "--share", paramLabel = "WHAT", description = "Also share these capabilities with the tasks: "
            + "thread-control (thread_control and exchange_registers, for programs that make their own threads), "
            + "capability-control (capability_control on the caps a task owns), "
            + "memory (map, unmap and cache_control over a region of physical memory set aside for the container, "
            + "mapped at 0x90000000..0x90100000).")
    List<String> shares = new ArrayList<>();

    @Option(names = "--caps", description = "Before running, print every thread's capabilities (type, target, access bits, "
            + "the list each comes from) on standard error.")
    boolean showCaps;

    @Option(names = "--stats", description = "At the end, print how the run ended, its wall time and, with "
            + "--deterministic, the number of instructions the guests ran (the same in every run) on standard error.")
    boolean stats;

    @Option(names = "--gdb", arity = "0..1", fallbackValue = "1234", paramLabel = "PORT", description = "Wait for "
            + "gdb-multiarch on 127.0.0.1:PORT (default 1234; 0 picks a free port) before the first instruction, and let it "
            + "debug every thread of every task (see docs/debugging.md).")
    Integer gdbPort;

    @Option(names = "--trace", paramLabel = "FILE", description = "Record the run as an execution trace in FILE "
            + "(gzip-compressed when the name ends in .gz): every instruction of every thread with the registers it changed, "
            + "and the kernel's events (see docs/traces.md).")
    Path traceFile;

    @Option(names = "--trace-mode", paramLabel = "MODE", description = "full (default): each instruction with its encoding "
            + "and the registers it changed; pc: only the first pc of each executed block, several times cheaper.")
    String traceMode = "full";

    @Option(names = "--trace-start", paramLabel = "WHERE", description = "Begin recording at the first instruction at an "
            + "address (0x...) or symbol of the program (main, main+0x10), or after N instructions (a number).")
    String traceStart;

    @Option(names = "--trace-stop", paramLabel = "WHERE", description = "End recording before the first instruction at an "
            + "address or symbol, or after N recorded instructions (a number).")
    String traceStop;

    @Option(names = "--raw-console", description = "Pass the UART's bytes through unchanged (keeps the \\r after each \\n).")
    boolean rawConsole;

    @Option(names = "--abi", paramLabel = "ABI", description = "The front door FILE enters by: linux (svc 0, the number in r7) "
            + "or codezero (the syscall page and mm0's protocol); by default it is read from the ELF (a GNU ABI note, "
            + "EI_OSABI, or an EABI program linked outside Codezero's task region is Linux).")
    String abi;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "Add or replace a variable of a Linux program's "
            + "environment (repeatable). It starts as PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin, HOME=/, PWD=/ "
            + "and TERM if the host has one.")
    List<String> environment = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "Seed the random bytes a Linux program gets (AT_RANDOM, "
            + "getrandom) as qemu-arm -seed N does, so both give it the same bytes; without it a fixed seed (runs repeat).")
    Long seed;

    static void streams(PrintStream standardOut, PrintStream standardErr) {
        out = standardOut;
        err = standardErr;
    }

    @Override
    public Integer call() {
        try {
            MachineFile machineFile = configFile == null ? null : MachineFile.read(configFile);
            if (machineFile != null && file != null) return error("give either FILE or --config, not both");
            int ram = machineFile != null && machineFile.ramMib() != null ? machineFile.ramMib() : ramMib;
            if (ram < 16 || ram > 2047) return error("RAM must be between 16 and 2047 MiB, not " + ram);
            SchedulingMode scheduling = deterministic ? SchedulingMode.DETERMINISTIC
                    : machineFile != null && machineFile.scheduling() != null ? machineFile.scheduling() : SchedulingMode.FAST;
            List<ContainerSpec> containers = machineFile != null ? machineFile.containers()
                    : List.of(commandLineContainer());
            KernelConfig kernel = KernelConfig.defaults().withRam(ram << 20).withScheduling(scheduling);
            MachineConfig config = new MachineConfig(kernel, rawConsole, (long) (timeoutSeconds * 1000), strace)
                    .withFirstRegion(containers.get(0).regionMib())
                    .withFirstBoot(MachineFile.bootOptions(containers.get(0), containers));
            TraceRecorder.Options trace = traceFile == null ? null : traceOptions(containers.get(0).program());
            try (Machine machine = new Machine(config, out, line -> err.println("czemu: " + line));
                 TraceRecorder recorder = trace == null ? null : startTrace(machine, trace, containers.get(0).program())) {
                Task first = null;
                for (ContainerSpec container : containers) {
                    Mm0 pager = first == null ? machine.pager() : machine.addContainer(container.name(), container.regionMib(),
                            MachineFile.bootOptions(container, containers));
                    HostFiles host = new HostFiles(pager, writable);
                    if (container.root() != null) host.importTree(container.root());
                    for (String spec : container.files()) host.importFile(spec);
                    byte[] program = programBytes(container.program());
                    Abi door = abiFor(container.program(), program);
                    if (door == null) return error("--abi " + abi + ": expected linux or codezero");
                    if (seed != null) pager.linux().seedRandom(seed);
                    if (recorder != null && pager != machine.pager()) pager.linux().observeSignals(recorder::signalTaken);
                    Task task = door == Abi.LINUX
                            ? machine.startLinux(pager, container.program().toString(), linuxGuestPath(container), program,
                                    container.args(), linuxEnvironment())
                            : machine.start(pager, "/" + programName(container.program()), program, container.args());
                    if (first == null) first = task;
                }
                machine.linuxStreams(System.in, err, System.console() != null);
                if (showCaps) err.print(machine.kernel().capabilities().describe());
                long started = System.nanoTime();
                RunResult result = gdbPort == null ? machine.runUntilDone(first) : runUnderDebugger(machine, first);
                if (stats) printStats(result, machine, System.nanoTime() - started);
                if (recorder != null && stats) err.printf("czemu: %d %s recorded in %s%n", recorder.recorded(),
                        trace.mode() == TraceRecorder.Mode.PC ? "blocks" : "instructions", traceFile);
                if (result.ending() == RunResult.Ending.TIMEOUT) {
                    err.println("czemu: stopped after the --timeout of " + timeoutSeconds + " s");
                } else if (result.ending() == RunResult.Ending.STUCK) {
                    err.println("czemu: " + first.program() + " can no longer run, but did not exit");
                }
                return result.exitStatus();
            }
        } catch (ExecException | IOException | IllegalArgumentException e) {
            return error(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            return error("--trace " + traceFile + ": " + e.getCause().getMessage());
        }
    }

    /** The door of a program: --abi if given (null when it names none), else what the ELF says; the built-in program is Codezero's. */
    private Abi abiFor(Path program, byte[] bytes) {
        if (abi != null) return Abi.parse(abi);
        return program == null ? Abi.CODEZERO : Abi.detect(program.toString(), bytes);
    }

    /**
     * Where a Linux program lives in the guest: at its place under --root when it was imported with
     * the tree, else at the path its name (argv[0]) resolves to from the guest's root, where it starts.
     */
    private static String linuxGuestPath(ContainerSpec container) {
        Path program = container.program().toAbsolutePath().normalize();
        if (container.root() != null) {
            Path root = container.root().toAbsolutePath().normalize();
            if (program.startsWith(root) && !program.equals(root)) {
                StringBuilder guest = new StringBuilder();
                for (Path part : root.relativize(program)) guest.append('/').append(part);
                return guest.toString();
            }
        }
        return czemu.pager.linux.fs.PathResolver.absolute(null, container.program().toString());
    }

    /**
     * A Linux program's environment: a small, sane one rather than the host's, whose paths mean nothing
     * in the guest's file system; TERM passes through so terminal programs draw right; --env adds or replaces.
     */
    private List<String> linuxEnvironment() throws IOException {
        java.util.LinkedHashMap<String, String> variables = new java.util.LinkedHashMap<>();
        variables.put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        variables.put("HOME", "/");
        variables.put("PWD", "/");
        String term = System.getenv("TERM");
        if (term != null) variables.put("TERM", term);
        for (String variable : environment) {
            int equals = variable.indexOf('=');
            if (equals <= 0) throw new IOException("--env " + variable + ": expected NAME=VALUE");
            variables.put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        List<String> list = new ArrayList<>();
        variables.forEach((name, value) -> list.add(name + "=" + value));
        return list;
    }

    /** --trace and its window, with symbols from the first program. */
    private TraceRecorder.Options traceOptions(Path program) throws IOException {
        TraceRecorder.Mode mode = switch (traceMode) {
            case "full" -> TraceRecorder.Mode.FULL;
            case "pc" -> TraceRecorder.Mode.PC;
            default -> throw new IllegalArgumentException("--trace-mode is full or pc, not " + traceMode);
        };
        czemu.loader.SymbolTable symbols = symbolsOf(program);
        return new TraceRecorder.Options(traceFile, mode, tracePoint("--trace-start", traceStart, symbols),
                tracePoint("--trace-stop", traceStop, symbols));
    }

    private static TracePoint tracePoint(String option, String text, czemu.loader.SymbolTable symbols) {
        if (text == null) return null;
        try {
            return TracePoint.parse(text, symbols);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage());
        }
    }

    /** The program's symbols, or none when it is no ELF (starting it will say why). */
    private static czemu.loader.SymbolTable symbolsOf(Path program) throws IOException {
        try {
            return czemu.loader.ElfLoader.load(programName(program), programBytes(program), new czemu.loader.TaskRegion(0, -1)).symbols();
        } catch (czemu.loader.LoaderException e) {
            return czemu.loader.SymbolTable.empty();
        }
    }

    /** The recorder is attached before the programs start, so their start lines are in the trace. */
    private static TraceRecorder startTrace(Machine machine, TraceRecorder.Options options, Path program) throws IOException {
        TraceRecorder recorder;
        try {
            recorder = TraceRecorder.attach(machine.kernel(), options, "/" + programName(program));
        } catch (NoSuchFileException e) {
            throw new IOException("--trace " + options.file() + ": cannot create it: no such directory");
        } catch (IOException e) {
            throw new IOException("--trace " + options.file() + ": cannot create it: " + e.getMessage());
        }
        machine.onTaskExit(exit -> recorder.taskExited(exit.tid(), exit.status()));
        machine.pager().linux().observeSignals(recorder::signalTaken); // later containers' are added as they come
        return recorder;
    }

    /** Runs with the GDB stub listening; the machine waits before its first instruction until gdb resumes it. */
    private RunResult runUnderDebugger(Machine machine, Task first) throws IOException {
        try (DebuggedRun run = DebuggedRun.listen(machine, gdbPort, line -> err.println("czemu: " + line))) {
            err.println("czemu: waiting for gdb on 127.0.0.1:" + run.port() + " (gdb-multiarch FILE -ex 'target remote :"
                    + run.port() + "')");
            RunResult result = run.run(first);
            if (run.killedByDebugger()) err.println("czemu: killed by the debugger");
            return result;
        }
    }

    private static void printStats(RunResult result, Machine machine, long nanos) {
        long instructions = machine.kernel().instructionsExecuted();
        err.printf("czemu: %s with status %d after %.3f s%s%n", result.ending().name().toLowerCase(java.util.Locale.ROOT),
                result.exitStatus(), nanos / 1e9,
                instructions < 0 ? "" : String.format("; %d instructions", instructions));
    }

    /** The one container of a run without --config, with the capability options of the command line. */
    private ContainerSpec commandLineContainer() throws IOException {
        BootCapabilities.Policy boot = MachineFile.policy("--capabilities", policy);
        return new ContainerSpec("posix", file, args, files, root, 0, boot, MachineFile.shares("--share", shares), List.of());
    }

    /** /NAME in memfs: the file name without .elf, or the built-in default program. */
    private static String programName(Path program) {
        if (program == null) return DEFAULT_PROGRAM;
        String fileName = program.getFileName().toString();
        return fileName.endsWith(".elf") ? fileName.substring(0, fileName.length() - 4) : fileName;
    }

    private static byte[] programBytes(Path program) throws IOException {
        if (program == null) return builtIn(DEFAULT_PROGRAM);
        try {
            return Files.readAllBytes(program);
        } catch (NoSuchFileException e) {
            throw new IOException(program + ": no such file");
        } catch (IOException e) {
            throw new IOException(program + ": cannot read: " + e.getMessage());
        }
    }

    private static byte[] builtIn(String name) throws IOException {
        try (InputStream in = RunCommand.class.getClassLoader().getResourceAsStream("czemu/samples/" + name + ".elf")) {
            if (in == null) throw new IOException("the built-in program " + name + ".elf is missing from the class path");
            return in.readAllBytes();
        }
    }

    private static int error(String message) {
        err.println("czemu: error: " + message);
        return STATUS_CZEMU_ERROR;
    }
}
