package czemu.emulator;

import czemu.emulator.machine.Machine;
import czemu.emulator.machine.MachineConfig;
import czemu.emulator.machine.RunResult;
import czemu.pager.exec.ExecException;
import czemu.pager.task.Task;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs a Linux program through the Linux door of a fresh machine, the way czemu run does, and keeps what it showed. */
final class LinuxGuest {
    private LinuxGuest() {}

    /** The environment czemu run gives a Linux program (less TERM). */
    static final List<String> ENVIRONMENT = List.of("PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME=/", "PWD=/");

    record Run(RunResult result, String stdout, String stderr, List<String> reports) {
        int status() {
            return result.exitStatus();
        }
    }

    /** One of our own Linux samples (samples/bin/gnu/NAME.elf), installed at /NAME. */
    static Run sample(String name, String stdin, String... args) {
        return run("/" + name, Samples.elf("gnu/" + name), MachineConfig.defaults(), stdin, machine -> { }, args);
    }

    /**
     * {@code program} started with {@code argv0} (and installed at that path, unless {@code setup}
     * imported a file there), {@code stdin} as its standard input.
     */
    static Run run(String argv0, byte[] program, MachineConfig config, String stdin, Consumer<Machine> setup, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> reports = new ArrayList<>();
        try (Machine machine = new Machine(config.timeoutMillis() == 0 ? config.withTimeout(120_000) : config, out, reports::add)) {
            machine.linuxStreams(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), err, false);
            setup.accept(machine);
            Task task = machine.startLinux(machine.pager(), argv0, argv0, program, List.of(args), ENVIRONMENT);
            RunResult result = machine.runUntilDone(task);
            return new Run(result, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), reports);
        } catch (ExecException e) {
            throw new AssertionError("the Linux program did not start: " + e.getMessage(), e);
        }
    }
}
