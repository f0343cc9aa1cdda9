package czemu.emulator.debug;

import czemu.emulator.gdb.GdbBatch;
import czemu.emulator.machine.Machine;
import czemu.emulator.machine.MachineConfig;
import czemu.emulator.machine.RunResult;
import czemu.pager.Mm0;
import czemu.pager.exec.ExecException;
import czemu.pager.task.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Sample programs on a machine under the GDB stub, run in-process the way {@code czemu run --gdb=0}
 * runs them: the stub listens on a free port and the machine waits before its first instruction
 * for gdb. {@link #gdb()} is gdb-multiarch with the first program's symbols, run from samples/ so
 * that it finds the sources.
 */
public final class DebuggedSample implements AutoCloseable {
    public static final Path SAMPLES = Paths.get("..", "samples").toAbsolutePath().normalize();

    /** One program to start: in the default container, or in a new one when {@code container} is set. */
    public record Program(String sample, String container, List<String> args) {
        public static Program of(String sample, String... args) {
            return new Program(sample, null, List.of(args));
        }

        public static Program inContainer(String container, String sample, String... args) {
            return new Program(sample, container, List.of(args));
        }
    }

    private final Machine machine;
    private final DebuggedRun run;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final List<String> stubLog = new CopyOnWriteArrayList<>();
    private final Path firstElf;
    private final Thread runner;
    private volatile RunResult result;

    private DebuggedSample(List<Program> programs) throws IOException, ExecException {
        machine = new Machine(MachineConfig.defaults().withTimeout(120_000), console, reports::add);
        Task first = null;
        for (Program program : programs) {
            Mm0 pager = program.container() == null ? machine.pager() : machine.addContainer(program.container());
            byte[] bytes = Files.readAllBytes(elf(program.sample()));
            String name = "/" + Paths.get(program.sample()).getFileName();
            // samples/bin/gnu holds static Linux programs: those enter by the Linux door
            Task task = program.sample().startsWith("gnu/")
                    ? machine.startLinux(pager, name, name, bytes, program.args(), List.of("PATH=/bin"))
                    : machine.start(pager, "/" + program.sample(), bytes, program.args());
            if (first == null) first = task;
        }
        firstElf = elf(programs.get(0).sample());
        run = DebuggedRun.listen(machine, 0, stubLog::add);
        Task started = first;
        runner = new Thread(() -> result = run.run(started), "debugged-machine");
        runner.setDaemon(true);
        runner.start();
    }

    public static DebuggedSample start(String sample, String... args) {
        return start(List.of(Program.of(sample, args)));
    }

    public static DebuggedSample start(List<Program> programs) {
        try {
            return new DebuggedSample(programs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecException e) {
            throw new AssertionError("exec failed: " + e.getMessage(), e);
        }
    }

    public static Path elf(String sample) {
        return SAMPLES.resolve("bin").resolve(sample + ".elf");
    }

    /** gdb-multiarch connected to this machine, with the first program's symbols and sources. */
    public GdbBatch gdb() {
        GdbBatch.assumeInstalled();
        return new GdbBatch(run.port()).program(firstElf, SAMPLES).diagnostics(this::diagnostics);
    }

    public int port() {
        return run.port();
    }

    public Machine machine() {
        return machine;
    }

    /** What the programs printed so far. */
    public String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    /** What the stub logged: connections, and failures it turned into error replies. */
    public List<String> stubLog() {
        return List.copyOf(stubLog);
    }

    public List<String> reports() {
        return List.copyOf(reports);
    }

    /** Waits for the machine to end (the programs exited, or gdb killed them). */
    public RunResult awaitEnd() throws InterruptedException {
        runner.join(TimeUnit.SECONDS.toMillis(30));
        if (runner.isAlive()) throw new AssertionError("the machine did not end\n" + diagnostics());
        return result;
    }

    /** Whether the machine runs (a debugger resumed it and it has not stopped since). */
    public boolean running() {
        return run.port() > 0 && !machine.kernel().debug().isParked() && runner.isAlive();
    }

    public String diagnostics() {
        return "console:\n" + console() + "\nreports: " + reports + "\nstub: " + stubLog;
    }

    @Override
    public void close() throws InterruptedException {
        machine.kernel().shutdown();
        run.close();
        runner.join(10_000);
        machine.close();
    }

    /** Sends gdb SIGINT once the machine has run undisturbed for a moment: what Ctrl-C at the terminal does. */
    public static GdbBatch.ProcessAction ctrlCWhenRunning(DebuggedSample sample) {
        return gdb -> {
            int runningFor = 0;
            for (int i = 0; i < 600 && runningFor < 3 && gdb.isAlive(); i++) {
                Thread.sleep(50);
                runningFor = sample.running() ? runningFor + 1 : 0;
            }
            if (runningFor < 3) throw new AssertionError("gdb never let the machine run\n" + sample.diagnostics());
            Process kill = new ProcessBuilder(new ArrayList<>(List.of("kill", "-INT", Long.toString(gdb.pid())))).inheritIO().start();
            if (kill.waitFor() != 0) throw new AssertionError("kill -INT failed");
        };
    }
}
