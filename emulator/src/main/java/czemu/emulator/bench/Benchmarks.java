package czemu.emulator.bench;

import czemu.emulator.machine.Machine;
import czemu.emulator.machine.MachineConfig;
import czemu.emulator.machine.RunResult;
import czemu.emulator.trace.TraceRecorder;
import czemu.kernel.Capabilities;
import czemu.kernel.capability.BootCapabilities;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * czemu's speed on the committed samples, each figure beside qemu-arm running a Linux build of the
 * same source (samples/bin/linux): CPU-bound instructions per second, demand-zero faults per
 * second, and the start-up time of a run of hello. The Linux rows run the very same static glibc
 * binaries (samples/bin/gnu) on czemu's Linux door and on qemu-arm: cpubench as ARM and as Thumb-2,
 * the syscall-bound sysbench and the signal-bound sigbench. Fixed costs (boot, loading, exit) are removed by subtracting a run
 * of the same program with a tiny count.
 */
public final class Benchmarks {
    /** The gdb stepping figure needs more steps than its baseline run makes. */
    public static final int GDB_BASELINE_STEPS = GdbStepping.FEW_STEPS;

    private final PrintStream out;
    private final int repeats;
    private final QemuArm qemu = QemuArm.find();
    private final Path work;
    private double demandZeroSeconds;

    public Benchmarks(PrintStream out, int repeats) throws IOException {
        this.out = out;
        this.repeats = repeats;
        this.work = Files.createTempDirectory("czemu-bench");
    }

    public void runAll(long cpuIterations, int pages) throws Exception {
        runAll(cpuIterations, pages, TRACED_ITERATIONS, 200, 20000, 20000, 2000);
    }

    /** Iterations of cpuloop for the traced figures: 1.1 M instructions, a 330 MB log for qemu-arm. */
    public static final long TRACED_ITERATIONS = 100_000;

    /**
     * Every row; {@code tracedIterations} of cpuloop while recording, {@code cpuRounds} rounds of the Linux
     * cpubench, {@code syscallRounds} rounds (5 calls each) of sysbench, {@code signalRounds} rounds (a
     * signal raised and handled each) of sigbench, {@code gdbSteps} single steps from gdb.
     */
    public void runAll(long cpuIterations, int pages, long tracedIterations, int cpuRounds, int syscallRounds, int signalRounds,
                       int gdbSteps) throws Exception {
        header();
        cpuBound(cpuIterations);
        demandZero(pages);
        copyOnWrite();
        spaceSwitch(20000);
        perCycle("contended mutex lock+unlock/s", "mutexloop", 2000, 2); // both processes lock and unlock each round
        perCycle("fork+exit+reply cycles/s", "forkloop", 1000, 1);
        perCycle("mmap+touch+munmap 1 MiB/s", "mmaploop", 200, 1);
        traced(tracedIterations);
        startUp();
        linuxRounds("Linux cpubench ARM, rounds/s", "cpubench", cpuRounds, 1);
        linuxRounds("Linux cpubench Thumb-2, rounds/s", "cpubench-thumb", cpuRounds, 1);
        linuxRounds("Linux sysbench, system calls/s", "sysbench", syscallRounds, SYSBENCH_CALLS_PER_ROUND);
        linuxRounds("Linux sigbench, signals handled/s", "sigbench", signalRounds, 1);
        debugger(gdbSteps);
    }

    /** sysbench's round: getppid, lseek, read of a file, write and read of a pipe. */
    private static final int SYSBENCH_CALLS_PER_ROUND = 5;

    /** The same static Linux binary on czemu's Linux door and on qemu-arm: {@code events} per round, per second. */
    private void linuxRounds(String label, String program, int rounds, int events) throws Exception {
        double czemu = czemuLinuxSeconds(program, rounds) - czemuLinuxSeconds(program, 1);
        double reference = -1;
        if (qemu != null) {
            Path elf = extract("gnu/" + program + ".elf");
            reference = Measurement.medianSeconds(repeats, () -> qemu.runIn(work, elf, Integer.toString(rounds)))
                    - Measurement.medianSeconds(repeats, () -> qemu.runIn(work, elf, "1"));
        }
        double count = (double) (rounds - 1) * events;
        row(label, count / czemu, reference > 0 ? count / reference : -1, true);
    }

    private double czemuLinuxSeconds(String program, int rounds) throws Exception {
        byte[] elf = resource("gnu/" + program + ".elf");
        return Measurement.medianSeconds(repeats, () -> {
            try (Machine machine = new Machine(MachineConfig.defaults(), OutputStream.nullOutputStream(), line -> { })) {
                var task = machine.startLinux(machine.pager(), "/" + program, "/" + program, elf, List.of(Integer.toString(rounds)),
                        List.of("PATH=/bin"));
                RunResult result = machine.runUntilDone(task);
                if (result.exitStatus() != 0) throw new IllegalStateException(program + " exited with " + result.exitStatus());
            }
        });
    }

    /**
     * cpuloop recorded to a trace file: czemu's --trace (full, and pc only) beside qemu-arm's
     * {@code -d exec,cpu,nochain -singlestep -D FILE}, the log czemu trace compare reads, of the Linux
     * build. czemu records both its Codezero build and, through the Linux door, the very binary
     * qemu-arm runs (samples/bin/linux/cpuloop.elf): the same instructions on both sides. Instructions
     * per second of the program, whatever each records of them; the files are written to disk.
     */
    private void traced(long iterations) throws Exception {
        int perIteration = Integer.parseInt(new String(resource("cpuloop.insns"), StandardCharsets.US_ASCII).trim());
        double instructions = (double) iterations * perIteration;
        double reference = qemuTracedSeconds(Long.toString(iterations)) - qemuTracedSeconds("1");
        for (boolean linux : new boolean[] {false, true}) {
            if (linux && !hasResource("linux/cpuloop.elf")) continue;
            for (TraceRecorder.Mode mode : TraceRecorder.Mode.values()) {
                double seconds = czemuTracedSeconds(mode, linux, Long.toString(iterations)) - czemuTracedSeconds(mode, linux, "1");
                String label = (mode == TraceRecorder.Mode.FULL ? "traced, full" : "traced, pc only")
                        + (linux ? ", Linux binary" : "") + ", M instructions/s";
                row(label, instructions / seconds / 1e6, reference > 0 ? instructions / reference / 1e6 : -1, true);
            }
        }
    }

    /** A traced run of cpuloop: the Codezero build, or with {@code linux} the Linux build through the Linux door. */
    private double czemuTracedSeconds(TraceRecorder.Mode mode, boolean linux, String argument) throws Exception {
        byte[] elf = resource(linux ? "linux/cpuloop.elf" : "cpuloop.elf");
        Path file = work.resolve("cpuloop.trace");
        return Measurement.medianSeconds(repeats, () -> {
            try (Machine machine = new Machine(MachineConfig.defaults(), OutputStream.nullOutputStream(), line -> { })) {
                TraceRecorder recorder = TraceRecorder.attach(machine.kernel(), new TraceRecorder.Options(file, mode, null, null), "/cpuloop");
                RunResult result = linux
                        ? machine.runUntilDone(machine.startLinux(machine.pager(), "/cpuloop", "/cpuloop", elf, List.of(argument),
                                List.of("PATH=/bin")))
                        : machine.run("/cpuloop", elf, List.of(argument));
                recorder.close();
                if (result.exitStatus() != 0) throw new IllegalStateException("cpuloop exited with " + result.exitStatus());
            } finally {
                Files.deleteIfExists(file);
            }
        });
    }

    private double qemuTracedSeconds(String argument) throws Exception {
        if (qemu == null || !hasResource("linux/cpuloop.elf")) return -1;
        Path elf = extract("linux/cpuloop.elf");
        Path log = work.resolve("cpuloop.qemu.log");
        return Measurement.medianSeconds(repeats, () -> {
            try {
                qemu.runLogged(log, elf, argument);
            } finally {
                Files.deleteIfExists(log);
            }
        });
    }

    /** Only the debugger's figures ({@code czemu bench --debugger-only}). */
    public void runDebugger(int gdbSteps) throws Exception {
        header();
        debugger(gdbSteps);
    }

    private void debugger(int gdbSteps) throws Exception {
        gdbStepping(gdbSteps);
        watchedNeighbours();
    }

    /**
     * A loop whose store lands on a watched page, next to the watched bytes (czemu only: qemu-arm's
     * stub has no watchpoints of its own, gdb single-steps the program to emulate them).
     */
    private void watchedNeighbours() throws Exception {
        WatchedLoop loop = new WatchedLoop(resource("debugme.elf"));
        double free = median(() -> loop.iterationsPerSecond(null, 1000));
        double written = median(() -> loop.iterationsPerSecond(czemu.kernel.debug.DebugStop.WatchKind.WRITE, 1000));
        double read = median(() -> loop.iterationsPerSecond(czemu.kernel.debug.DebugStop.WatchKind.READ, 1000));
        row("loop, no watchpoint, M iter/s", free / 1e6, -1, true);
        row("loop, neighbour write-watched, k/s", written / 1e3, -1, true);
        row("loop, neighbour read-watched, k/s", read / 1e3, -1, true);
    }

    private interface Rate {
        double measure() throws Exception;
    }

    private double median(Rate rate) throws Exception {
        double[] rates = new double[repeats];
        for (int i = 0; i < repeats; i++) rates[i] = rate.measure();
        java.util.Arrays.sort(rates);
        return rates[repeats / 2];
    }

    private void header() {
        out.printf("czemu benchmarks (median of %d runs each; reference: %s)%n", repeats,
                qemu == null ? "qemu-arm not installed" : "qemu-arm on the Linux build of the same source");
        out.printf("%-46s %16s %16s %8s%n", "", "czemu", "qemu-arm", "ratio");
    }

    /**
     * gdb-multiarch single-stepping cpuloop's loop: the Codezero build under czemu's stub, the Linux
     * build of the same source under qemu-arm -g, with the same gdb script.
     */
    private void gdbStepping(int steps) throws Exception {
        GdbStepping gdb = GdbStepping.find(qemu == null || !hasResource("linux/cpuloop.elf") ? null : qemu);
        if (gdb == null) {
            out.printf("%-46s %16s%n", "gdb single steps/s", "n/a (gdb-multiarch not installed)");
            return;
        }
        double czemu = gdb.czemuStepsPerSecond(resource("cpuloop.elf"), extract("cpuloop.elf"), steps, repeats);
        double reference = qemu == null || !hasResource("linux/cpuloop.elf") ? -1
                : gdb.qemuStepsPerSecond(extract("linux/cpuloop.elf"), steps, repeats);
        row("gdb single steps/s", czemu, reference, true);
    }

    private void cpuBound(long iterations) throws Exception {
        int perIteration = Integer.parseInt(new String(resource("cpuloop.insns"), StandardCharsets.US_ASCII).trim());
        double czemu = czemuSeconds("cpuloop", Long.toString(iterations)) - czemuSeconds("cpuloop", "1");
        double reference = qemuSeconds("cpuloop", Long.toString(iterations)) - qemuSeconds("cpuloop", "1");
        double instructions = (double) iterations * perIteration;
        row("CPU-bound loop, M instructions/s", instructions / czemu / 1e6, reference > 0 ? instructions / reference / 1e6 : -1, true);
    }

    private void demandZero(int pages) throws Exception {
        double czemu = czemuSeconds("pages", Integer.toString(pages)) - czemuSeconds("pages", "1");
        double reference = qemuSeconds("pages", Integer.toString(pages)) - qemuSeconds("pages", "1");
        demandZeroSeconds = czemu / (pages - 1);
        row("demand-zero faults/s", (pages - 1) / czemu, reference > 0 ? (pages - 1) / reference : -1, true);
    }

    /** cowloop's parent first takes a demand-zero fault per page, so their measured cost is taken out. */
    private void copyOnWrite() throws Exception {
        int pages = 1024;
        double seconds = czemuSeconds("cowloop", Integer.toString(pages)) - czemuSeconds("cowloop", "1")
                - (pages - 1) * demandZeroSeconds;
        row("copy-on-write faults/s", (pages - 1) / seconds, -1, true);
    }

    /** Cycles per second of a Codezero-only sample (fork and mmap have no Linux build to compare with yet). */
    private double perCycle(String label, String program, int cycles, int eventsPerCycle, String... more) throws Exception {
        List<String> many = new ArrayList<>(List.of(Integer.toString(cycles)));
        List<String> one = new ArrayList<>(List.of("1"));
        many.addAll(List.of(more));
        one.addAll(List.of(more));
        double seconds = czemuSeconds(program, many) - czemuSeconds(program, one);
        double rate = (double) (cycles - 1) * eventsPerCycle / seconds;
        row(label, rate, -1, true);
        return rate;
    }

    /**
     * The same short ping-pong with the partner in the same space and in another: a cross-space
     * round trip adds two address-space switches, so half the difference is one switch.
     */
    private void spaceSwitch(int rounds) throws Exception {
        double sameSpace = perCycle("IPC round trips/s, 1 space", "ipcswitch", rounds, 1);
        double twoSpaces = perCycle("IPC round trips/s, 2 spaces", "ipcswitch", rounds, 1, "fork");
        row("address-space switch, us", (1 / twoSpaces - 1 / sameSpace) / 2 * 1e6, -1, false);
    }

    private void startUp() throws Exception {
        Path hello = extract("hello.elf");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                "czemu.emulator.cli.Main", "run", hello.toString()));
        double czemu = Measurement.medianSeconds(repeats, () -> runProcess(command));
        double reference = qemu == null || !hasResource("linux/hello.elf") ? -1
                : Measurement.medianSeconds(repeats, () -> qemu.run(extract("linux/hello.elf")));
        row("start-up of a hello run, ms", czemu * 1000, reference * 1000, false);
    }

    /** ipcswitch makes its partner thread with thread_control, which tasks may use only with this share (--share thread-control). */
    private static final Capabilities.BootOptions THREAD_CONTROL = new Capabilities.BootOptions(BootCapabilities.Policy.POSIX,
            java.util.Set.of(BootCapabilities.Share.THREAD_CONTROL), List.of());

    private double czemuSeconds(String program, String argument) throws Exception {
        return czemuSeconds(program, List.of(argument));
    }

    private double czemuSeconds(String program, List<String> arguments) throws Exception {
        byte[] elf = resource(program + ".elf");
        MachineConfig config = program.equals("ipcswitch") ? MachineConfig.defaults().withFirstBoot(THREAD_CONTROL) : MachineConfig.defaults();
        return Measurement.medianSeconds(repeats, () -> {
            try (Machine machine = new Machine(config, OutputStream.nullOutputStream(), line -> { })) {
                RunResult result = machine.run("/" + program, elf, arguments);
                if (result.exitStatus() != 0) throw new IllegalStateException(program + " exited with " + result.exitStatus());
            }
        });
    }

    private double qemuSeconds(String program, String argument) throws Exception {
        if (qemu == null || !hasResource("linux/" + program + ".elf")) return -1;
        Path elf = extract("linux/" + program + ".elf");
        return Measurement.medianSeconds(repeats, () -> qemu.run(elf, argument));
    }

    /** higherIsBetter: the ratio is always czemu's cost relative to qemu-arm's (2.0 = twice as slow). */
    private void row(String label, double czemu, double reference, boolean higherIsBetter) {
        String ref = reference > 0 ? number(reference) : String.format("%16s", "n/a");
        String ratio = reference > 0 ? String.format("%7.2fx", higherIsBetter ? reference / czemu : czemu / reference) : "";
        out.printf("%-46s %s %s %8s%n", label, number(czemu), ref, ratio);
    }

    /** One decimal, or two for figures below 10 (qemu-arm logging a trace runs at a tenth of a million instructions a second). */
    private static String number(double value) {
        return String.format(Math.abs(value) < 10 ? "%16.2f" : "%16.1f", value);
    }

    private static void runProcess(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("'" + String.join(" ", command) + "' failed");
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private Path extract(String name) throws IOException {
        Path target = work.resolve(name.replace('/', '-'));
        if (!Files.exists(target)) {
            Files.write(target, resource(name));
            target.toFile().setExecutable(true); // qemu-arm refuses, silently, a file without it
        }
        return target;
    }

    private static boolean hasResource(String name) {
        return Benchmarks.class.getClassLoader().getResource("czemu/samples/" + name) != null;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Benchmarks.class.getClassLoader().getResourceAsStream("czemu/samples/" + name)) {
            if (in == null) throw new IOException("sample " + name + " is missing from the class path");
            return in.readAllBytes();
        }
    }
}
