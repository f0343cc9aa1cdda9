package czemu.emulator.trace;

import static org.junit.jupiter.api.Assertions.*;

import czemu.emulator.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code czemu trace compare} and {@code czemu trace show} as a user runs them. */
class TraceCommandTest {
    @TempDir
    Path dir;

    record Outcome(int status, String out, String err) {
    }

    static Outcome czemu(Object... args) {
        String[] strings = java.util.Arrays.stream(args).map(Object::toString).toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.execute(strings, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A copy of a QEMU log in which the dump after Trace record {@code record} (1-based) has R04 changed. */
    static Path withR4Changed(Path log, int record, Path copy) throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(log));
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Trace ") && ++seen == record) {
                String dump = lines.get(i + 2);
                assertTrue(dump.startsWith("R04="), dump);
                lines.set(i + 2, "R04=" + (dump.charAt(4) == 'f' ? '0' : 'f') + dump.substring(5));
                break;
            }
        }
        Files.write(copy, lines);
        return copy;
    }

    private static final Path QEMU_LOG = QemuLogReaderTest.fixture("qemu-hello-singlestep.log");
    private static final Path HELLO_ELF = Path.of("../samples/bin/linux/hello.elf");

    @Test
    void qemuLogMatchesItself() {
        Outcome run = czemu("trace", "compare", QEMU_LOG, QEMU_LOG);
        assertEquals(0, run.status(), run.out() + run.err());
        assertEquals("traces match: 300 instructions compared\n", run.out());
    }

    @Test
    void stopSymbolEndsTheComparisonMatchedWhereBothReachIt(@TempDir Path scratch) throws IOException {
        Outcome whole = czemu("trace", "compare", "--elf", HELLO_ELF, QEMU_LOG, withR4Changed(QEMU_LOG, 290, scratch.resolve("late.log")));
        assertEquals(1, whole.status(), whole.out());
        Outcome run = czemu("trace", "compare", "--elf", HELLO_ELF, "--stop-symbol", "main", QEMU_LOG,
                withR4Changed(QEMU_LOG, 290, scratch.resolve("late.log")));
        assertEquals(0, run.status(), run.out() + run.err());
        assertTrue(run.out().matches("traces match up to [0-9a-f]{8} <main>: \\d+ instructions compared\n"), run.out());
        assertEquals(2, czemu("trace", "compare", "--elf", HELLO_ELF, "--stop-symbol", "nosuch", QEMU_LOG, QEMU_LOG).status());
        assertEquals(2, czemu("trace", "compare", "--stop-symbol", "main", QEMU_LOG, QEMU_LOG).status());
    }

    @Test
    void changedResultIsReportedAtThatInstructionWithThatRegister() throws IOException {
        Path changed = withR4Changed(QEMU_LOG, 101, dir.resolve("changed.log"));
        Outcome run = czemu("trace", "compare", "--elf", HELLO_ELF, "--context", "3", QEMU_LOG, changed);
        assertEquals(1, run.status(), run.out() + run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("traces diverge at instruction 99 of A and 99 of B: the instruction leaves different register values", lines.get(0));
        assertTrue(lines.get(1).matches("  A: .*qemu-hello-singlestep.log:595  [0-9a-f]{8} <\\w+(\\+0x[0-9a-f]+)?> - A.*"), lines.get(1));
        assertEquals("  registers that differ:", lines.get(3));
        assertTrue(lines.get(5).startsWith("    r4 "), lines.get(5));
        assertEquals(6 + 1 + 3, lines.size(), run.out());
        assertTrue(lines.get(6).startsWith("  last 3 matching instructions"), lines.get(6));
        assertTrue(lines.get(9).startsWith("    98:589  98:589  "), lines.get(9));
    }

    @Test
    void ignoredRegisterIsNotADivergence() throws IOException {
        Path changed = withR4Changed(QEMU_LOG, 101, dir.resolve("changed.log"));
        assertEquals(0, czemu("trace", "compare", "--ignore-registers", "r4,cpsr", QEMU_LOG, changed).status());
    }

    @Test
    void tarmacTraceMatchesTheEquivalentCzemuTrace() {
        Path tarmac = QemuLogReaderTest.fixture("sum.tarmac"), czemu = QemuLogReaderTest.fixture("sum.trace");
        Outcome run = czemu("trace", "compare", tarmac, czemu);
        assertEquals(0, run.status(), run.out() + run.err());
        assertEquals("traces match: 17 instructions compared\n", run.out());
    }

    @Test
    void tarmacAgainstAWrongBranchIsAControlFlowDivergence() throws IOException {
        Path czemu = dir.resolve("wrong.trace");
        // B takes the loop once more: its cpsr says Z was clear after the last SUBS.
        String text = Files.readString(QemuLogReaderTest.fixture("sum.trace"))
                .replace("r1=00000000 cpsr=60000010", "r1=00000000 cpsr=20000010")
                .replace("I 11 2 00008014 e59f2004", "I 11 2 00008008 e0800001");
        Files.writeString(czemu, text);
        Outcome run = czemu("trace", "compare", QemuLogReaderTest.fixture("sum.tarmac"), czemu);
        assertEquals(1, run.status(), run.out());
        assertTrue(run.out().contains("instruction 9 of A and 9 of B: the instruction leaves different register values"), run.out());
        Files.writeString(czemu, text.replace("cpsr=20000010\nI 10", "cpsr=60000010\nI 10"));
        run = czemu("trace", "compare", QemuLogReaderTest.fixture("sum.tarmac"), czemu);
        assertTrue(run.out().startsWith("traces diverge at instruction 11 of A and 11 of B: the two sides go to different pcs"), run.out());
    }

    @Test
    void sidesStartingAtDifferentPointsAreAlignedAtTheFirstCommonPc() throws IOException {
        Path czemu = dir.resolve("late.trace");
        List<String> lines = Files.readAllLines(QemuLogReaderTest.fixture("sum.trace"));
        Files.write(czemu, lines.stream().filter(l -> !l.startsWith("I 0 ") && !l.startsWith("I 1 ")).toList());
        Outcome run = czemu("trace", "compare", QemuLogReaderTest.fixture("sum.tarmac"), czemu);
        assertEquals(0, run.status(), run.out());
        assertEquals("aligned at pc 00008008: skipped 2 instructions of A\ntraces match: 15 instructions compared\n", run.out());
        run = czemu("trace", "compare", "--start-pc", "0x8024", QemuLogReaderTest.fixture("sum.tarmac"), czemu);
        assertEquals("traces match: 4 instructions compared\n", run.out());
    }

    @Test
    void ignoredRangeFoldsItsChangesIntoTheCallBeforeIt() throws IOException {
        // On B, the BL's callee at 0x802c is skipped; A has no callee at all but a BL that sets lr.
        Path tarmac = QemuLogReaderTest.fixture("sum.tarmac");
        Outcome run = czemu("trace", "compare", "--ignore-range", "0x802c-0x802e", tarmac, tarmac);
        assertEquals("traces match: 16 instructions compared\n", run.out());
    }

    @Test
    void whatSkippedCodeChangedCountsForTheInstructionBeforeIt() throws IOException {
        // B was recorded without the ADDS at 0x8024: its effects show on the BX before it, as czemu
        // shows a skipped stub's results. Skipping 0x8024 on A folds them the same way.
        Path czemu = dir.resolve("folded.trace");
        Files.writeString(czemu, Files.readString(QemuLogReaderTest.fixture("sum.trace"))
                .replace("I 12 2 00008018 e12fff12 A cpsr=60000030\n", "I 12 2 00008018 e12fff12 A r0=00000007 cpsr=00000030\n")
                .replace("I 13 2 00008024 1c40 T r0=00000007 cpsr=00000030\n", ""));
        Path tarmac = QemuLogReaderTest.fixture("sum.tarmac");
        assertEquals(1, czemu("trace", "compare", tarmac, czemu).status());
        Outcome run = czemu("trace", "compare", "--ignore-range", "0x8024-0x8026", tarmac, czemu);
        assertEquals("traces match: 16 instructions compared\n", run.out());
    }

    @Test
    void oneSideEndingEarlierIsADivergence() throws IOException {
        Path shorter = dir.resolve("short.trace");
        List<String> lines = Files.readAllLines(QemuLogReaderTest.fixture("sum.trace"));
        Files.write(shorter, lines.subList(0, lines.size() - 3));
        Outcome run = czemu("trace", "compare", QemuLogReaderTest.fixture("sum.tarmac"), shorter);
        assertEquals(1, run.status());
        assertTrue(run.out().startsWith("traces diverge: B (" + shorter + ") ends after 16 matching instructions; A goes on:"), run.out());
    }

    @Test
    void badInputIsOneLineWithFileAndLineAndStatusTwo() throws IOException {
        Path broken = dir.resolve("broken.trace");
        Files.writeString(broken, "czemu-trace 1 instructions program=x\nI 0 2 40000000 e3a00001 A r0=1\nI 1 2 nothere\n");
        Outcome run = czemu("trace", "compare", broken, broken);
        assertEquals(2, run.status());
        assertEquals("czemu: error: " + broken + ":3: too few fields: expected I INDEX THREAD PC ENCODING A|T [REGISTER=VALUE...]\n", run.err());
        Path unknown = dir.resolve("notes.txt");
        Files.writeString(unknown, "hello\n");
        run = czemu("trace", "show", unknown);
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("czemu: error: " + unknown + ": cannot tell the trace format"), run.err());
        run = czemu("trace", "compare", dir.resolve("missing"), broken);
        assertEquals("czemu: error: " + dir.resolve("missing") + ": no such file\n", run.err());
        run = czemu("trace", "compare", "--ignore-registers", "r99", broken, broken);
        assertEquals("czemu: error: not a core register: r99\n", run.err());
        assertEquals(2, czemu("trace", "compare", "--ignore-range", "0x10", broken, broken).status());
        assertEquals(2, czemu("trace", "compare", "--start-symbol", "main", broken, broken).status());
        assertEquals(2, czemu("trace", "compare", QEMU_LOG, QemuLogReaderTest.fixture("qemu-hello-blocks.log")).status());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    @Test
    void showFiltersByKindThreadAndPcAndSummarises() {
        Path czemu = QemuLogReaderTest.fixture("sum.trace");
        Outcome run = czemu("trace", "show", "--kind", "syscall,exit", czemu);
        assertEquals("czemu-trace 1 instructions program=/sum\nsyscall 16 2 thread_switch result=0\nexit 17 2 status=0\n", run.out());
        run = czemu("trace", "show", "--pc-range", "0x8020-0x8030", "--kind", "instruction", czemu);
        assertEquals(5, run.out().lines().count(), run.out());
        assertEquals(1, czemu("trace", "show", "--thread", "3", czemu).out().lines().count());
        run = czemu("trace", "show", "--summary", czemu);
        assertEquals(0, run.status());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("2 +17 +1 +0 +0 +0 +0 +0 +1 +1  /sum")), run.out());
        run = czemu("trace", "show", "--kind", "syscal", czemu);
        assertEquals(2, run.status());
    }
}
