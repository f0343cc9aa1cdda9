package czemu.emulator.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fresh logs from the installed qemu-arm, so the importer keeps up with the QEMU a user has. */
class QemuArmLiveTest {
    private static final Path CPULOOP = Path.of("../samples/bin/linux/cpuloop.elf");

    @TempDir
    static Path dir;

    private static Path log;

    @BeforeAll
    static void recordOneLog() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("qemu-arm"), "qemu-arm is not installed (Debian qemu-user): no fresh QEMU logs to read");
        log = record("cpuloop.log", "-singlestep");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    private static Path record(String name, String... extra) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        List<String> command = new java.util.ArrayList<>(List.of("qemu-arm", "-d", "exec,cpu,nochain", "-D", out.toString()));
        command.addAll(List.of(extra));
        command.addAll(List.of(CPULOOP.toString(), "200"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear(); // the environment is on the stack: the same run every time
        Process qemu = builder.start();
        assertEquals(0, qemu.waitFor(), String.join(" ", command));
        return out;
    }

    @Test
    void freshLogMatchesItself() {
        TraceCommandTest.Outcome run = TraceCommandTest.czemu("trace", "compare", log, log);
        assertEquals(0, run.status(), run.out() + run.err());
        assertTrue(run.out().matches("traces match: \\d+ instructions compared\n"), run.out());
    }

    /**
     * The comparison this is all for: the same Linux program recorded by czemu and by qemu-arm. The
     * kernel's work in a system call counts for the svc on both sides; the kuser helpers, which
     * qemu-arm emulates without running their code, are skipped on both sides.
     */
    @Test
    void czemusTraceOfTheSameLinuxProgramMatchesForItsWholeRun() {
        Path trace = dir.resolve("cpuloop.trace");
        TraceCommandTest.Outcome run = TraceCommandTest.czemu("run", "--deterministic", "--trace", trace, CPULOOP, "--", "200");
        Assumptions.assumeFalse(run.status() == 125 && run.err().contains("outside the task region"),
                "czemu runs no Linux programs yet (the Linux EABI front door, issue #7): " + run.err().trim());
        assertEquals(0, run.status(), run.err());
        TraceCommandTest.Outcome compared = TraceCommandTest.czemu("trace", "compare", "--ignore-range", "0xffff0000-0x100000000",
                "--elf", CPULOOP, log, trace);
        assertEquals(0, compared.status(), compared.out() + compared.err());
    }

    @Test
    void twoRunsOfTheSameProgramMatch() throws IOException, InterruptedException {
        Path again = record("again.log", "-singlestep");
        assertEquals(0, TraceCommandTest.czemu("trace", "compare", log, again).status());
    }

    @Test
    void changedResultInAFreshLogIsFoundThere(@TempDir Path scratch) throws IOException {
        Path changed = TraceCommandTest.withR4Changed(log, 1000, scratch.resolve("changed.log"));
        TraceCommandTest.Outcome run = TraceCommandTest.czemu("trace", "compare", "--elf", CPULOOP, log, changed);
        assertEquals(1, run.status(), run.out() + run.err());
        assertTrue(run.out().startsWith("traces diverge at instruction 998 of A and 998 of B"), run.out());
        assertTrue(run.out().contains("\n    r4 "), run.out());
    }

    @Test
    void logWithoutSinglestepIsReadAsBlocks() throws IOException, InterruptedException {
        Path blocks = record("blocks.log");
        try (TraceReader reader = TraceFormat.open(blocks, null)) {
            assertEquals(TraceHeader.Granularity.BLOCK, reader.header().granularity());
        }
        assertEquals(0, TraceCommandTest.czemu("trace", "compare", blocks, blocks).status());
    }
}
