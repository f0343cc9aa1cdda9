package czemu.emulator.gdb;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The real client for tests: gdb-multiarch in batch mode, connected to a stub on 127.0.0.1, running
 * a list of commands and returning everything it printed. Tests that use it skip, with a message,
 * when gdb-multiarch is not installed.
 */
public final class GdbBatch {
    static final String GDB = "gdb-multiarch";

    /** What a test does with the running gdb process (press Ctrl-C, ...). */
    public interface ProcessAction {
        void run(Process gdb) throws Exception;
    }

    private final int port;
    private Path program;
    private Path directory;
    private String architecture = "set architecture arm";
    private Supplier<String> diagnostics = () -> "";
    private final List<String> settings = new ArrayList<>();

    public GdbBatch(int port) {
        this.port = port;
    }

    /** The path of gdb-multiarch on PATH, or null. */
    public static String path() {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, GDB);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }

    /** Skips the calling test when gdb-multiarch is absent. */
    public static void assumeInstalled() {
        assumeTrue(path() != null, GDB + " is not on PATH: skipping the real-gdb test");
    }

    /** Loads the symbols (and, run from {@code directory}, the sources) of {@code elf}; its architecture comes with it. */
    public GdbBatch program(Path elf, Path directory) {
        this.program = elf.toAbsolutePath();
        this.directory = directory;
        this.architecture = null;
        return this;
    }

    /** gdb commands to run before it connects (settings such as {@code set remote threads-packet off}). */
    public GdbBatch beforeConnecting(String... commands) {
        settings.addAll(List.of(commands));
        return this;
    }

    /** Text added to a failure when gdb does not finish (the stub's log, for instance). */
    public GdbBatch diagnostics(Supplier<String> diagnostics) {
        this.diagnostics = diagnostics;
        return this;
    }

    /** Runs these commands after connecting; returns stdout and stderr together. */
    public String run(String... commands) throws Exception {
        return runWhile(null, commands);
    }

    /** Like {@link #run}, calling {@code during} with the gdb process once it is started. */
    public String runWhile(ProcessAction during, String... commands) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(path(), "-nx", "-batch",
                "-ex", "set confirm off", "-ex", "set pagination off", "-ex", "set width 0"));
        String arch = System.getProperty("czemu.gdb.arch", architecture);
        if (arch != null) cmd.addAll(List.of("-ex", arch));
        for (String setting : settings) cmd.addAll(List.of("-ex", setting));
        cmd.addAll(List.of("-ex", "target remote 127.0.0.1:" + port));
        for (String c : commands) {
            cmd.add("-ex");
            cmd.add(c);
        }
        if (program != null) cmd.add(program.toString());
        Path outFile = Files.createTempFile("czemu-gdb", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(outFile.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            if (directory != null) builder.directory(directory.toFile());
            Process p = builder.start();
            p.getOutputStream().close();
            if (during != null) during.run(p);
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gdb did not finish:\n" + Files.readString(outFile) + "\n" + diagnostics.get());
            }
            return Files.readString(outFile, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(outFile);
        }
    }

    /** Asserts that gdb's output matches {@code regex} somewhere (multiline: ^ and $ match at lines). */
    public static void contains(String out, String regex) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(out).find(),
                "expected /" + regex + "/ in gdb output:\n" + out);
    }

    /** Asserts that gdb's output nowhere matches {@code regex}. */
    public static void lacks(String out, String regex) {
        assertTrue(!Pattern.compile(regex, Pattern.MULTILINE).matcher(out).find(),
                "did not expect /" + regex + "/ in gdb output:\n" + out);
    }
}
