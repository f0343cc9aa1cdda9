package czemu.emulator.bench;

import czemu.emulator.machine.Machine;
import czemu.emulator.machine.MachineConfig;
import czemu.emulator.machine.RunResult;
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
 * second, and the start-up time of a run of hello. Fixed costs (boot, loading, exit) are removed
 * by subtracting a run of the same program with a tiny count.
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

    public void runAll(long cpuIterations, int pages, int gdbSteps) throws Exception {
        header();
        cpuBound(cpuIterations);
        demandZero(pages);
        copyOnWrite();
        spaceSwitch(20000);
        perCycle("contended mutex lock+unlock/s", "mutexloop", 2000, 2); // both processes lock and unlock each round
        perCycle("fork+exit+reply cycles/s", "forkloop", 1000, 1);
        perCycle("mmap+touch+munmap 1 MiB/s", "mmaploop", 200, 1);
        startUp();
        debugger(gdbSteps);
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
        out.printf("%-34s %16s %16s %8s%n", "", "czemu", "qemu-arm", "ratio");
    }

    /**
     * gdb-multiarch single-stepping cpuloop's loop: the Codezero build under czemu's stub, the Linux
     * build under qemu-arm -g (czemu cannot run Linux binaries yet), with the same gdb script.
     */
    private void gdbStepping(int steps) throws Exception {
        GdbStepping gdb = GdbStepping.find(qemu == null || !hasResource("linux/cpuloop.elf") ? null : qemu);
        if (gdb == null) {
            out.printf("%-34s %16s%n", "gdb single steps/s", "n/a (gdb-multiarch not installed)");
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

    private double czemuSeconds(String program, String argument) throws Exception {
        return czemuSeconds(program, List.of(argument));
    }

    private double czemuSeconds(String program, List<String> arguments) throws Exception {
        byte[] elf = resource(program + ".elf");
        return Measurement.medianSeconds(repeats, () -> {
            try (Machine machine = new Machine(MachineConfig.defaults(), OutputStream.nullOutputStream(), line -> { })) {
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
        String ref = reference > 0 ? String.format("%16.1f", reference) : String.format("%16s", "n/a");
        String ratio = reference > 0 ? String.format("%7.2fx", higherIsBetter ? reference / czemu : czemu / reference) : "";
        out.printf("%-34s %16.1f %s %8s%n", label, czemu, ref, ratio);
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
