package czemu.emulator.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linux programs under {@code czemu run --deterministic}, {@code --trace} and {@code --strace}: time
 * that repeats, system calls by name with their results, calls that block shown once with their
 * result, and processes starting and ending.
 */
class LinuxTraceTest {
    /** Reads every clock, forks a child that sleeps 10 ms, waits for it, reads the clocks again. */
    private static final Path CLOCKFORK = Path.of("../samples/bin/gnu/clockfork.elf");
    /** Forks a child that execs this program again and exits 7; then a killed and a faulting child. */
    private static final Path FORKEXEC = Path.of("../samples/bin/gnu/forkexec.elf");
    /** A child writes into a pipe its parent is already reading. */
    private static final Path PIPES = Path.of("../samples/bin/gnu/pipes.elf");
    /** Signals to handlers, step by step; ends by abort() (status 134). */
    private static final Path SIGNALS = Path.of("../samples/bin/gnu/signals.elf");

    @TempDir
    Path dir;

    private TraceCommandTest.Outcome traced(Path program, String trace) {
        TraceCommandTest.Outcome run = TraceCommandTest.czemu("run", "--deterministic", "--env", "TERM=dumb", "--trace",
                dir.resolve(trace), program);
        assertTrue(run.status() == 0 || program == FORKEXEC || program == SIGNALS && run.status() == 134, run.err());
        return run;
    }

    private List<String> events(String trace) throws IOException {
        return Files.readAllLines(dir.resolve(trace)).stream().filter(l -> !l.startsWith("I ") && !l.startsWith("fault ")).toList();
    }

    /** The results a thread's calls of one name got, in order ("blocked" for a call that put it to sleep). */
    private static List<String> results(List<String> events, int thread, String call) {
        Pattern line = Pattern.compile("syscall \\d+ " + thread + " " + call + " (result=-?\\d+|blocked)");
        return events.stream().map(line::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
    }

    @Test
    void twoDeterministicRunsOfAProgramThatReadsTheClockAndForksWriteIdenticalTraces() throws IOException {
        TraceCommandTest.Outcome first = traced(CLOCKFORK, "first.trace");
        TraceCommandTest.Outcome second = traced(CLOCKFORK, "second.trace");
        assertEquals(-1, Files.mismatch(dir.resolve("first.trace"), dir.resolve("second.trace")), "the traces differ");
        assertEquals(first.out(), second.out());
        // The wall clock starts at the fixed epoch (2024-01-01) and every clock counts instructions.
        assertTrue(first.out().contains("parent: realtime 17040672000"), first.out());
        assertTrue(first.out().contains("parent: gettimeofday 1704067200.0"), first.out());
        assertTrue(first.out().contains("child: slept at least 10 ms"), first.out());
        assertTrue(first.out().endsWith("clockfork: done\n"), first.out());
    }

    @Test
    void withoutDeterministicTheWallClockIsTheHosts() {
        TraceCommandTest.Outcome run = TraceCommandTest.czemu("run", CLOCKFORK);
        assertEquals(0, run.status(), run.err());
        Matcher time = Pattern.compile("parent: gettimeofday (\\d+)\\.").matcher(run.out());
        assertTrue(time.find(), run.out());
        assertTrue(Math.abs(Long.parseLong(time.group(1)) - System.currentTimeMillis() / 1000) < 600, run.out());
    }

    @Test
    void linuxCallsAreRecordedByNameWithTheirResults() throws IOException {
        traced(CLOCKFORK, "clockfork.trace");
        List<String> events = events("clockfork.trace");
        assertEquals(List.of("result=4", "result=8"), results(events, 2, "getrandom"));
        assertEquals("result=-38", results(events, 2, "set_robust_list").get(0)); // -ENOSYS, as qemu-user answers
        assertTrue(results(events, 2, "clock_gettime64").stream().allMatch("result=0"::equals));
        assertEquals(List.of("result=3"), results(events, 2, "clone")); // fork: the child is thread 3
    }

    @Test
    void blockedCallsAreRecordedBlockedAndThenOnceWithTheirResult() throws IOException {
        traced(CLOCKFORK, "clockfork.trace");
        List<String> events = events("clockfork.trace");
        assertEquals(List.of("blocked", "result=3"), results(events, 2, "wait4")); // made again when woken: no resumed line
        assertEquals(List.of("blocked", "result=0"), results(events, 3, "clock_nanosleep")); // finished by its timer

        traced(PIPES, "pipes.trace");
        List<String> pipe = results(events("pipes.trace"), 2, "read");
        assertEquals("blocked", pipe.get(0), pipe.toString());
        assertEquals("result=110", pipe.get(1), pipe.toString());
    }

    @Test
    void forkExecAndExitOfLinuxProcessesAreTaskStartsAndExits() throws IOException {
        traced(FORKEXEC, "forkexec.trace");
        List<String> events = events("forkexec.trace");
        String program = "\\S*/forkexec.elf";
        List<String> starts = events.stream().filter(l -> l.matches("start \\d+ \\d+ " + program)).toList();
        List<String> exits = events.stream().filter(l -> l.startsWith("exit ")).toList();
        // the first process, its forked child, the child again after execve, two more children
        assertEquals(List.of(2, 3, 3, 3, 3), starts.stream().map(l -> Integer.parseInt(l.split(" ")[2])).toList(), starts.toString());
        int exec = events.indexOf(events.stream().filter(l -> l.matches("syscall \\d+ 3 execve result=0")).findFirst().orElseThrow());
        assertTrue(events.get(exec - 1).matches("start \\d+ 3 " + program), "execve's start comes with it: " + events.get(exec - 1));
        // the exec'd child exits 7, the killed one with 128 + SIGTERM, the faulting one 128 + SIGSEGV, the parent 3
        assertEquals(List.of("status=7", "status=143", "status=139", "status=3"), exits.stream().map(l -> l.split(" ")[3]).toList());
    }

    @Test
    void twoDeterministicRunsOfTheSignalsSampleWriteIdenticalTracesWithASignalLineForEachSignalTaken() throws IOException {
        TraceCommandTest.Outcome first = traced(SIGNALS, "first.trace");
        TraceCommandTest.Outcome second = traced(SIGNALS, "second.trace");
        assertEquals(-1, Files.mismatch(dir.resolve("first.trace"), dir.resolve("second.trace")), "the traces differ");
        assertEquals(Files.readString(Path.of("../samples/bin/gnu/signals.expected")), first.out());
        assertEquals(first.out(), second.out());
        List<String> signals = events("first.trace").stream().filter(l -> l.startsWith("signal ")).toList();
        // raise (SI_TKILL, -6) into a handler first; SIGTERM kills the second child (thread 3) by its default action;
        // the timer's SIGALRM comes from the kernel (SI_KERNEL, 128); SIGSEGV is SEGV_MAPERR (1); abort's second SIGABRT ends it.
        assertTrue(signals.get(0).matches("signal \\d+ 2 SIGUSR1 code=-6 handler=000[0-9a-f]{5}"), signals.get(0));
        assertTrue(signals.stream().anyMatch(l -> l.matches("signal \\d+ 3 SIGTERM code=0 default")), signals.toString());
        assertTrue(signals.stream().anyMatch(l -> l.matches("signal \\d+ 2 SIGALRM code=128 handler=000[0-9a-f]{5}")), signals.toString());
        assertTrue(signals.stream().anyMatch(l -> l.matches("signal \\d+ 2 SIGSEGV code=1 handler=000[0-9a-f]{5}")), signals.toString());
        assertTrue(signals.get(signals.size() - 1).matches("signal \\d+ 2 SIGABRT code=-6 default"), signals.toString());

        TraceCommandTest.Outcome shown = TraceCommandTest.czemu("trace", "show", "--kind", "signal", dir.resolve("first.trace"));
        assertEquals(signals, shown.out().lines().skip(1).toList(), "the reader reads the signal lines back as written");
        TraceCommandTest.Outcome summary = TraceCommandTest.czemu("trace", "show", "--summary", dir.resolve("first.trace"));
        String[] thread2 = summary.out().lines().filter(l -> l.startsWith("2 ")).findFirst().orElseThrow().trim().split(" +");
        assertEquals(Long.toString(signals.stream().filter(l -> l.split(" ")[2].equals("2")).count()), thread2[6], summary.out());
    }

    @Test
    void straceShowsSignalsAsQemuUserAndCutShortCallsAsStraceDoes() {
        TraceCommandTest.Outcome run = straced(SIGNALS);
        assertEquals(134, run.status(), run.err());
        List<String> lines = run.err().lines().toList();
        assertTrue(lines.contains("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=2, si_uid=0} ---"), run.err());
        assertTrue(lines.contains("--- SIGCHLD {si_signo=SIGCHLD, si_code=1, si_pid=3, si_uid=0, si_status=3, si_utime=0, si_stime=0} ---"),
                run.err());
        assertTrue(lines.contains("--- SIGSEGV {si_signo=SIGSEGV, si_code=1, si_addr=0x00000010} ---"), run.err());
        int cut = indexOf(lines, "2 read\\(3,0x[0-9a-f]+,1\\) = \\? ERESTARTSYS \\(To be restarted if SA_RESTART is set\\)");
        assertTrue(cut >= 0, run.err());
        assertEquals("--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL, si_pid=0, si_uid=0} ---", lines.get(cut + 1));
        assertEquals("2 sigreturn() = -1 errno=4 (Interrupted system call)", lines.get(cut + 2));
        assertTrue(indexOf(lines, "2 <\\.\\.\\. clock_nanosleep resumed> = \\? ERESTART_RESTARTBLOCK \\(Interrupted by signal\\)") >= 0,
                run.err());
        assertTrue(lines.contains("2 rt_sigreturn() = 0"), run.err());
    }

    /** What {@code czemu run --strace} prints: the machine writes it to the JVM's standard error. */
    private static TraceCommandTest.Outcome straced(Path program) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            TraceCommandTest.Outcome run = TraceCommandTest.czemu("run", "--deterministic", "--strace", program);
            return new TraceCommandTest.Outcome(run.status(), run.out(), run.err() + captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void straceShowsABlockedLinuxCallOnceOrAsUnfinishedAndResumed() {
        TraceCommandTest.Outcome run = straced(CLOCKFORK);
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.err().lines().toList();
        List<String> waits = lines.stream().filter(l -> l.startsWith("2 wait4(")).toList();
        assertEquals(1, waits.size(), waits.toString());
        assertTrue(waits.get(0).matches("2 wait4\\(3,0x[0-9a-f]+,0,0x0\\) = 3"), waits.get(0));
        int unfinished = indexOf(lines, "3 clock_nanosleep\\(0,0,0x[0-9a-f]+,0x[0-9a-f]+\\) <unfinished \\.\\.\\.>");
        int resumed = indexOf(lines, "3 <\\.\\.\\. clock_nanosleep resumed> = 0");
        assertTrue(unfinished >= 0 && resumed > unfinished, run.err());
        assertEquals(2, lines.stream().filter(l -> l.matches("[23] exit_group\\(0\\) = \\?")).count(), run.err());

        TraceCommandTest.Outcome pipes = straced(PIPES);
        assertEquals(0, pipes.status(), pipes.err());
        assertTrue(pipes.err().contains("\n2 read(3,"), pipes.err());
        assertFalse(pipes.err().contains("resumed"), "a read that waited is shown once, when it is done: " + pipes.err());
    }

    private static int indexOf(List<String> lines, String regex) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(regex)) return i;
        }
        return -1;
    }
}
