package czemu.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The reference emulator, Debian's qemu-arm (qemu-user), running the same Linux binary for comparison. */
final class QemuReference {
    private QemuReference() {}

    record Outcome(int status, String stdout) {}

    static boolean installed() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(dir -> Files.isExecutable(Paths.get(dir, "qemu-arm")));
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), "qemu-arm is not installed (Debian qemu-user): czemu's output is checked "
                + "against the committed expected output only");
    }

    /**
     * Whether qemu-arm can execve an ARM program: qemu-user only can when binfmt_misc hands ARM ELFs to
     * it (a program that execs itself fails with ENOEXEC otherwise).
     */
    static boolean canExecArmPrograms() {
        Path binfmt = Paths.get("/proc/sys/fs/binfmt_misc");
        if (!Files.isDirectory(binfmt)) return false;
        try (Stream<Path> entries = Files.list(binfmt)) {
            return entries.anyMatch(entry -> entry.getFileName().toString().startsWith("qemu-arm") && !entry.toString().endsWith("eb"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes an executable copy of {@code elf} into {@code directory} (qemu-arm refuses a file it may not execute). */
    static Path install(Path directory, String name, byte[] elf) throws IOException {
        Path file = directory.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, elf);
        if (!file.toFile().setExecutable(true)) throw new IOException("cannot make " + file + " executable");
        return file;
    }

    /** Runs {@code program} (a path, relative to {@code workingDirectory} or absolute) under qemu-arm there. */
    static Outcome run(Path workingDirectory, String program, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("qemu-arm", program));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException programReadNoInput) {
            // it ended without reading its standard input: fine
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("qemu-arm did not finish in 120 s");
        }
        return new Outcome(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
