package czemu.emulator;

import czemu.emulator.machine.Machine;
import czemu.kernel.Capabilities;
import czemu.kernel.capability.BootCapabilities;
import czemu.emulator.machine.MachineConfig;
import czemu.emulator.machine.RunResult;
import czemu.pager.exec.ExecException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The committed sample programs (samples/bin, on the class path as czemu/samples/) and a way to run them. */
final class Samples {
    private Samples() {}

    static byte[] elf(String name) {
        return resource(name + ".elf");
    }

    static String expected(String name) {
        return new String(resource(name + ".expected"), StandardCharsets.UTF_8);
    }

    private static byte[] resource(String file) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream("czemu/samples/" + file)) {
            if (in == null) throw new IllegalStateException("sample resource missing: " + file);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one run showed: the console, the reports, the result, and the instructions run (-1 unless deterministic). */
    record Run(RunResult result, String console, List<String> reports, long instructions) {
        int status() {
            return result.exitStatus();
        }
    }

    static Run run(String name, MachineConfig config, String... args) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> reports = new ArrayList<>();
        try (Machine machine = new Machine(config.timeoutMillis() == 0 ? config.withTimeout(60_000) : config, console, reports::add)) {
            RunResult result = machine.run("/" + name, elf(name), List.of(args));
            return new Run(result, console.toString(StandardCharsets.UTF_8), reports, machine.kernel().instructionsExecuted());
        } catch (ExecException e) {
            throw new AssertionError("exec failed: " + e.getMessage(), e);
        }
    }

    static Run run(String name, String... args) {
        return run(name, configFor(name, MachineConfig.defaults()), args);
    }

    /**
     * The samples that make threads with thread_control need the thread-control capabilities
     * shared with them (the posix policy alone does not: tasks of Codezero's test0 never use it);
     * mapmem needs the memory share's MAP caps and a CAP cap to read them; guestpager all three.
     */
    static MachineConfig configFor(String name, MachineConfig config) {
        Set<BootCapabilities.Share> shares = switch (name) {
            case "threads", "ipcswitch" -> Set.of(BootCapabilities.Share.THREAD_CONTROL);
            case "mapmem" -> Set.of(BootCapabilities.Share.MEMORY, BootCapabilities.Share.CAPABILITY_CONTROL);
            case "guestpager" -> Set.of(BootCapabilities.Share.THREAD_CONTROL, BootCapabilities.Share.MEMORY,
                    BootCapabilities.Share.CAPABILITY_CONTROL);
            default -> Set.of();
        };
        return shares.isEmpty() ? config : config.withFirstBoot(new Capabilities.BootOptions(BootCapabilities.Policy.POSIX, shares, List.of()));
    }
}
