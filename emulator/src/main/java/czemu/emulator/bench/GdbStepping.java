package czemu.emulator.bench;

import czemu.emulator.debug.DebuggedRun;
import czemu.emulator.machine.Machine;
import czemu.emulator.machine.MachineConfig;
import czemu.pager.task.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Single steps per second as a user gets them from gdb-multiarch: the same gdb script ({@code
 * break main}, {@code continue}, {@code stepi N}, {@code kill}) against czemu's stub running the
 * Codezero build of cpuloop and against {@code qemu-arm -g} running the Linux build of the same
 * source. Each figure is (N - n) / (time with N steps - time with n steps), which takes out gdb's
 * start-up, the connection and the run to main.
 */
final class GdbStepping {
    /** The short run whose time is taken off: gdb start-up, connection, the run to main. */
    static final int FEW_STEPS = 100;
    /** cpuloop's iteration count: far more instructions than any step count here, so the loop never ends under gdb. */
    private static final String LOOP_ITERATIONS = "100000000";

    private final Path gdb;
    private final QemuArm qemu;

    private GdbStepping(Path gdb, QemuArm qemu) {
        this.gdb = gdb;
        this.qemu = qemu;
    }

    /** Null when gdb-multiarch is not installed; {@code qemu} null skips the reference. */
    static GdbStepping find(QemuArm qemu) {
        Path gdb = QemuArm.onPath("gdb-multiarch");
        return gdb == null ? null : new GdbStepping(gdb, qemu);
    }

    /** Steps per second against czemu, the median of {@code repeats} runs of each script. */
    double czemuStepsPerSecond(byte[] codezeroElf, Path elfForGdb, int steps, int repeats) throws Exception {
        return stepsPerSecond(steps, repeats, n -> {
            try (Machine machine = new Machine(MachineConfig.defaults(), OutputStream.nullOutputStream(), line -> { });
                 DebuggedRun run = DebuggedRun.listen(machine, 0, line -> { })) {
                Task first = machine.start(machine.pager(), "/cpuloop", codezeroElf, List.of(LOOP_ITERATIONS));
                Thread runner = new Thread(() -> run.run(first), "bench-machine");
                runner.start();
                long nanos = timeGdb(elfForGdb, run.port(), n);
                machine.kernel().shutdown();
                runner.join(10_000);
                return nanos;
            }
        });
    }

    /** Steps per second against qemu-arm -g on the Linux build, or -1 when qemu-arm is absent. */
    double qemuStepsPerSecond(Path linuxElf, int steps, int repeats) throws Exception {
        if (qemu == null) return -1;
        return stepsPerSecond(steps, repeats, n -> {
            int port = freePort();
            Process process = qemu.startForGdb(linuxElf, port, LOOP_ITERATIONS);
            try {
                return timeGdb(linuxElf, port, n); // gdb retries the connection until qemu-arm listens
            } finally {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        });
    }

    private interface TimedRun {
        long nanos(int steps) throws Exception;
    }

    private static double stepsPerSecond(int steps, int repeats, TimedRun run) throws Exception {
        long[] many = new long[repeats], few = new long[repeats];
        for (int i = 0; i < repeats; i++) { // interleaved, so a busy moment of the machine hurts both alike
            many[i] = run.nanos(steps);
            few[i] = run.nanos(FEW_STEPS);
        }
        double seconds = (median(many) - median(few)) / 1e9;
        return (steps - FEW_STEPS) / seconds;
    }

    private long timeGdb(Path elf, int port, int steps) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(gdb.toString(), "-nx", "-batch",
                "-ex", "set confirm off", "-ex", "set pagination off",
                "-ex", "target remote 127.0.0.1:" + port, "-ex", "break main", "-ex", "continue",
                "-ex", "stepi " + steps, "-ex", "kill", elf.toString()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("gdb-multiarch did not finish " + steps + " steps in 300 s");
        }
        if (process.exitValue() != 0) throw new IOException("gdb-multiarch exited with " + process.exitValue());
        return System.nanoTime() - start;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
