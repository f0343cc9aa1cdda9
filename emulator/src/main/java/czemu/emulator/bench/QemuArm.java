package czemu.emulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The reference emulator: Debian's qemu-arm (qemu-user), if installed, running a Linux build of the same program. */
final class QemuArm {
    private final Path executable;

    private QemuArm(Path executable) {
        this.executable = executable;
    }

    /** The qemu-arm on PATH, or null. */
    static QemuArm find() {
        Path executable = onPath("qemu-arm");
        return executable == null ? null : new QemuArm(executable);
    }

    /** An executable named {@code tool} in a directory of PATH, or null. */
    static Path onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Paths.get(dir, tool))
                .filter(Files::isExecutable)
                .findFirst().orElse(null);
    }

    /** Starts the program stopped before its first instruction, waiting for gdb on 127.0.0.1:{@code port} ({@code -g}). */
    Process startForGdb(Path program, int port, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-g", Integer.toString(port), program.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Runs the program to completion; its output is discarded, a failure is an exception. */
    void run(Path program, String... args) throws IOException, InterruptedException {
        runIn(null, program, args);
    }

    /** As {@link #run}, in {@code directory} (a program that makes files there), or in czemu's own when null. */
    void runIn(Path directory, Path program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), program.toString()));
        command.addAll(List.of(args));
        run(command, directory);
    }

    /**
     * Runs it with the instruction log czemu trace compare reads: every instruction (-singlestep;
     * -one-insn-per-tb is its name from QEMU 8.1, which still accepts the old one) with the
     * registers before it, into {@code log}.
     */
    void runLogged(Path log, Path program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-d", "exec,cpu,nochain", "-singlestep",
                "-D", log.toString(), program.toString()));
        command.addAll(List.of(args));
        run(command, null);
    }

    private void run(List<String> command, Path directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (directory != null) builder.directory(directory.toFile());
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("qemu-arm did not finish in 300 s");
        }
        if (process.exitValue() != 0) throw new IOException("qemu-arm exited with " + process.exitValue());
    }
}
