package czemu.emulator.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fresh logs from the installed qemu-arm, so the importer keeps up with the QEMU a user has, and the
 * comparison this is all for: the same Linux program recorded by czemu and by qemu-arm, run as
 * docs/traces.md ("Comparing with qemu-arm") tells a user to run them.
 */
class QemuArmLiveTest {
    private static final Path CPULOOP = Path.of("../samples/bin/linux/cpuloop.elf");
    /** By its absolute path: glibc reads /proc/self/exe at start-up, and both sides must find the same name there. */
    private static final Path HELLO = Path.of("../samples/bin/gnu/hello.elf").toAbsolutePath().normalize();
    /** What czemu gives a Linux program (TERM fixed, so the host's does not matter); qemu-arm gets it too. */
    private static final List<String> ENVIRONMENT = List.of("PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME=/", "PWD=/",
            "TERM=dumb");
    /** The kuser helper page, which qemu-arm emulates without logging it: skipped on both sides. */
    private static final String KUSER_PAGE = "0xffff0000-0x100000000";

    @TempDir
    static Path dir;

    private static Path log;

    @BeforeAll
    static void recordOneLog() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("qemu-arm"), "qemu-arm is not installed (Debian qemu-user): no fresh QEMU logs to read");
        log = record("cpuloop.log", CPULOOP, List.of("-singlestep"), "200");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    /**
     * The qemu-arm command of docs/traces.md: the CPU czemu emulates, and exactly czemu's environment
     * (env -i; qemu-arm hands the guest its environment in reverse order, so it is given reversed).
     */
    private static List<String> qemuCommand(Path out, Path program, List<String> extra, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "-i"));
        List<String> reversed = new ArrayList<>(ENVIRONMENT);
        Collections.reverse(reversed);
        command.addAll(reversed);
        command.addAll(List.of("qemu-arm", "-cpu", "cortex-a15", "-d", "exec,cpu,nochain", "-D", out.toString()));
        command.addAll(extra);
        command.add(program.toString());
        command.addAll(List.of(args));
        return command;
    }

    private static Path record(String name, Path program, List<String> extra, String... args) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        return run(qemuCommand(out, program, extra, args), out);
    }

    private static Path run(List<String> command, Path out) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process qemu = builder.start();
        assertEquals(0, qemu.waitFor(), String.join(" ", command));
        return out;
    }

    /** czemu's side: --deterministic, the same environment (its own defaults, TERM fixed). */
    private static TraceCommandTest.Outcome czemuTrace(Path trace, Path program, List<String> options, String... args) {
        List<Object> command = new ArrayList<>(List.of("run", "--deterministic", "--env", "TERM=dumb", "--trace", trace));
        command.addAll(options);
        command.add(program);
        if (args.length > 0) command.add("--");
        command.addAll(List.of(args));
        TraceCommandTest.Outcome run = TraceCommandTest.czemu(command.toArray());
        assertEquals(0, run.status(), run.err());
        return run;
    }

    @Test
    void freshLogMatchesItself() {
        TraceCommandTest.Outcome run = TraceCommandTest.czemu("trace", "compare", log, log);
        assertEquals(0, run.status(), run.out() + run.err());
        assertTrue(run.out().matches("traces match: \\d+ instructions compared\n"), run.out());
    }

    /**
     * The same Linux program recorded by czemu and by qemu-arm compares equal for its whole run, with
     * no address translated: czemu lays a process out as qemu-arm does. The kernel's work in a system
     * call counts for the svc on both sides; the kuser helpers are skipped on both sides.
     */
    @Test
    void czemusTraceOfTheSameLinuxProgramMatchesForItsWholeRun() {
        Path trace = dir.resolve("cpuloop.trace");
        czemuTrace(trace, CPULOOP, List.of(), "200");
        TraceCommandTest.Outcome compared = TraceCommandTest.czemu("trace", "compare", "--ignore-range", KUSER_PAGE, "--elf", CPULOOP,
                log, trace);
        assertEquals(0, compared.status(), compared.out() + compared.err());
        assertTrue(compared.out().matches("traces match: \\d{4} instructions compared\n"), compared.out());
    }

    /** One instruction's result changed in czemu's trace of the pair above: exactly that instruction is reported. */
    @Test
    void aResultChangedInCzemusTraceIsReportedAtThatInstruction(@TempDir Path scratch) throws IOException {
        Path trace = scratch.resolve("cpuloop.trace");
        czemuTrace(trace, CPULOOP, List.of(), "200");
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        int changed = -1;
        for (int i = 0; i < lines.size() && changed < 0; i++) {
            String[] fields = lines.get(i).split(" ");
            if (fields[0].equals("I") && Long.parseLong(fields[1]) >= 2000 && fields.length > 6 && fields[6].startsWith("r")) {
                changed = i;
            }
        }
        assertTrue(changed > 0, "no instruction writing a register after the 2000th");
        String[] fields = lines.get(changed).split(" ");
        String register = fields[6].substring(0, fields[6].indexOf('='));
        String value = fields[6].substring(register.length() + 1);
        fields[6] = register + "=" + (value.charAt(0) == 'f' ? '0' : 'f') + value.substring(1);
        lines.set(changed, String.join(" ", fields));
        Path edited = scratch.resolve("changed.trace");
        Files.write(edited, lines);

        TraceCommandTest.Outcome run = TraceCommandTest.czemu("trace", "compare", "--ignore-range", KUSER_PAGE, "--elf", CPULOOP,
                log, edited);
        assertEquals(1, run.status(), run.out() + run.err());
        List<String> report = run.out().lines().toList();
        assertEquals("traces diverge at instruction " + fields[1] + " of A and " + fields[1]
                + " of B: the instruction leaves different register values", report.get(0), run.out());
        assertTrue(report.get(2).startsWith("  B: " + edited + ":" + (changed + 1) + "  " + fields[3]), report.get(2));
        assertTrue(run.out().contains("\n    " + register + " "), run.out());
    }

    /**
     * A static glibc program: its whole start-up (TLS, the stack guard from AT_RANDOM, tunables,
     * IRELATIVE relocations, stdio and malloc set-up) runs the same instructions with the same
     * results under both, up to main. qemu-arm runs with -seed, czemu with --seed, so AT_RANDOM
     * holds the same bytes, and as pid 2 of its own pid namespace, the pid czemu gives the first
     * process (set_tid_address answers it). After main, printf's fstat of standard output reports
     * the host's device and inode numbers to qemu-arm's guest, which no emulator can match.
     */
    @Test
    void glibcStartUpMatchesQemuArmsUpToMain() throws IOException, InterruptedException {
        Assumptions.assumeTrue(canUnsharePids(), "unshare --pid needs root (or user namespaces): qemu-arm's guest cannot be pid 2");
        Path qemuLog = dir.resolve("hello.log");
        List<String> inner = qemuCommand(qemuLog, HELLO, List.of("-singlestep", "-seed", "1"));
        String script = String.join(" ", inner.stream().map(QemuArmLiveTest::quoted).toList()) + "; exit $?";
        run(List.of("unshare", "--pid", "--fork", "sh", "-c", script), qemuLog); // sh is pid 1, qemu-arm pid 2
        Path trace = dir.resolve("hello.trace");
        czemuTrace(trace, HELLO, List.of("--seed", "1"));

        TraceCommandTest.Outcome compared = TraceCommandTest.czemu("trace", "compare", "--ignore-range", KUSER_PAGE, "--elf", HELLO,
                "--stop-symbol", "main", qemuLog, trace);
        assertEquals(0, compared.status(), compared.out() + compared.err());
        assertTrue(compared.out().matches("traces match up to [0-9a-f]{8} <main>: \\d{4,} instructions compared\n"), compared.out());

        TraceCommandTest.Outcome unseeded = TraceCommandTest.czemu("run", "--deterministic", "--env", "TERM=dumb", "--trace",
                dir.resolve("hello-unseeded.trace"), HELLO);
        assertEquals(0, unseeded.status(), unseeded.err());
        TraceCommandTest.Outcome differs = TraceCommandTest.czemu("trace", "compare", "--ignore-range", KUSER_PAGE, "--elf", HELLO,
                "--stop-symbol", "main", qemuLog, dir.resolve("hello-unseeded.trace"));
        assertEquals(1, differs.status(), "other AT_RANDOM bytes must show in the stack guard: " + differs.out());
    }

    /**
     * Signal delivery against qemu-arm, ARM and Thumb-2: glibc's start-up, then signal() and
     * raise(SIGUSR1) before any stdio, so the handler's entry (the frame's address in SP, r0 the
     * signal, LR glibc's restorer, PC the handler in its instruction set), the handler and its
     * sigreturn run the same instructions with the same results, up to first_signal_done. Beyond it
     * printf's fstat of standard output shows the host's device, and qemu-arm's forked children write
     * into the same log as their parent, interleaved, with the same CPU number.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"signals.elf", "signals-thumb.elf"})
    void aHandlersEntryAndSigreturnMatchQemuArms(String name) throws IOException, InterruptedException {
        Assumptions.assumeTrue(canUnsharePids(), "unshare --pid needs root (or user namespaces): qemu-arm's guest cannot be pid 2");
        Path program = Path.of("../samples/bin/gnu/" + name).toAbsolutePath().normalize();
        Path qemuLog = dir.resolve(name + ".log");
        List<String> inner = qemuCommand(qemuLog, program, List.of("-singlestep", "-seed", "1"));
        String script = String.join(" ", inner.stream().map(QemuArmLiveTest::quoted).toList()) + "; exit 0"; // it ends by abort()
        run(List.of("unshare", "--pid", "--fork", "sh", "-c", script), qemuLog);
        Path trace = dir.resolve(name + ".trace");
        List<Object> command = new ArrayList<>(List.of("run", "--deterministic", "--env", "TERM=dumb", "--seed", "1", "--trace", trace,
                program));
        TraceCommandTest.Outcome czemu = TraceCommandTest.czemu(command.toArray());
        assertEquals(134, czemu.status(), czemu.err());
        assertTrue(Files.readAllLines(trace).stream().anyMatch(l -> l.matches("signal \\d+ 2 SIGUSR1 code=-6 handler=.*")));

        TraceCommandTest.Outcome compared = TraceCommandTest.czemu("trace", "compare", "--ignore-range", KUSER_PAGE, "--elf", program,
                "--stop-symbol", "first_signal_done", qemuLog, trace);
        assertEquals(0, compared.status(), compared.out() + compared.err());
        assertTrue(compared.out().matches("traces match up to [0-9a-f]{8} <first_signal_done>: \\d{4,} instructions compared\n"),
                compared.out());
    }

    private static boolean canUnsharePids() throws IOException, InterruptedException {
        if (!onPath("unshare")) return false;
        Process probe = new ProcessBuilder("unshare", "--pid", "--fork", "true").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return probe.waitFor() == 0;
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Test
    void twoRunsOfTheSameProgramMatch() throws IOException, InterruptedException {
        Path again = record("again.log", CPULOOP, List.of("-singlestep"), "200");
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
        Path blocks = record("blocks.log", CPULOOP, List.of(), "200");
        try (TraceReader reader = TraceFormat.open(blocks, null)) {
            assertEquals(TraceHeader.Granularity.BLOCK, reader.header().granularity());
        }
        assertEquals(0, TraceCommandTest.czemu("trace", "compare", blocks, blocks).status());
    }
}
