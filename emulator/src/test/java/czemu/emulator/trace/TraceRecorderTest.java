package czemu.emulator.trace;

import static czemu.emulator.trace.TraceCommandTest.czemu;
import static org.junit.jupiter.api.Assertions.*;

import czemu.emulator.trace.TraceCommandTest.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code czemu run --trace}: the sample programs recorded through the whole stack, read back as a user would. */
class TraceRecorderTest {
    @TempDir
    Path dir;

    static Path sample(String name) {
        return Path.of("../samples/bin/" + name + ".elf");
    }

    /** Runs a sample with --deterministic and --trace FILE plus {@code options}; the run must end as it does untraced. */
    private Path record(String file, String name, int status, String... options) {
        return record(file, List.of(options), name, status);
    }

    private Path record(String file, List<String> options, String name, int status, String... programArgs) {
        Path trace = dir.resolve(file);
        List<Object> args = new ArrayList<>(List.of("run", "--deterministic", "--trace", trace));
        args.addAll(options);
        args.add(sample(name));
        args.add("--");
        args.addAll(List.of(programArgs));
        Outcome run = czemu(args.toArray());
        assertEquals(status, run.status(), run.err());
        return trace;
    }

    private static List<TraceRecord> read(Path trace) {
        List<TraceRecord> records = new ArrayList<>();
        try (TraceReader reader = TraceFormat.open(trace, null)) {
            for (TraceRecord r = reader.next(); r != null; r = reader.next()) records.add(r);
        }
        return records;
    }

    private static List<Instruction> instructions(List<TraceRecord> records) {
        return records.stream().filter(r -> r instanceof Instruction).map(r -> (Instruction) r).collect(Collectors.toList());
    }

    private static <T extends TraceEvent> List<T> events(List<TraceRecord> records, Class<T> kind) {
        return records.stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
    }

    @Test
    void helloIsRecordedFromItsEntryPointWithWhatEachInstructionChangedAndTheKernelsEvents() {
        List<TraceRecord> records = read(record("hello.trace", "hello", 0));
        List<Instruction> code = instructions(records);
        Instruction first = code.get(0);
        assertEquals(0x40000000, first.pc(), "_start");
        assertEquals(0xe59d0000, first.encoding(), "ldr r0, [sp] (argc)");
        assertEquals(1, first.writes().value(0), "argc is 1");
        for (int i = 0; i < code.size(); i++) assertEquals(i, code.get(i).index(), "indexes count the instructions");
        // Every call goes through a swi in the syscall page; its line shows what the kernel returned.
        Instruction getid = code.stream().filter(i -> i.pc() == 0xfffff024).findFirst().orElseThrow();
        assertEquals(0xef000014, getid.encoding());
        assertEquals(0, getid.writes().value(0), "getid returns 0 in r0");
        assertTrue(events(records, TraceEvent.Syscall.class).stream().anyMatch(s -> s.name().equals("getid") && s.result() == 0));
        // A bl's line shows lr: the address after it.
        Instruction bl = code.stream().filter(i -> (i.encoding() & 0x0f000000) == 0x0b000000 && !i.thumb()).findFirst().orElseThrow();
        assertEquals(bl.pc() + 4, bl.writes().value(Registers.LR));
        List<TraceEvent.PageFault> faults = events(records, TraceEvent.PageFault.class);
        assertTrue(faults.stream().anyMatch(f -> f.resolution().equals("copy-on-write") && f.access() == FaultAccess.WRITE), "data page written");
        assertTrue(faults.stream().anyMatch(f -> f.resolution().equals("mapped") && f.access() == FaultAccess.EXECUTE), "text paged in");
        assertTrue(faults.stream().anyMatch(f -> f.resolution().equals("zero") && f.pc() == 0), "the argument block, written by mm0");
        assertTrue(faults.stream().anyMatch(f -> f.resolution().equals("device") && f.address() == 0xf9800000), "the UART");
        // A fault's instruction is not recorded twice: it ran once, after the pager mapped its page.
        TraceEvent.PageFault cow = faults.stream().filter(f -> f.resolution().equals("copy-on-write")).findFirst().orElseThrow();
        assertEquals(1, code.stream().filter(i -> i.index() >= cow.index() - 1 && i.index() <= cow.index() + 1 && i.pc() == cow.pc()).count());
        assertEquals("/hello", events(records, TraceEvent.TaskStart.class).get(0).program());
        TraceEvent.TaskExit exit = events(records, TraceEvent.TaskExit.class).get(0);
        assertEquals(2, exit.thread());
        assertEquals(0, exit.status());
    }

    /** mutexloop: the §5.4 user-mutex test in two processes; posixtest: test0's twelve sub-tests, fork, clone and exec. */
    @ParameterizedTest(name = "two deterministic runs of {0} give byte-identical traces")
    @ValueSource(strings = {"mutexloop", "posixtest"})
    void twoDeterministicRunsGiveByteIdenticalTraces(String name) throws IOException {
        Path one = record("one.trace.gz", name, 0);
        Path two = record("two.trace.gz", name, 0);
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
        assertTrue(Files.size(one) > 10_000, "a trace of the whole run: " + Files.size(one) + " bytes");
    }

    @Test
    void theMutexTestsProcessesTakeTurnsAndSleepInTheKernel() {
        List<TraceRecord> records = read(record("mutex.trace.gz", "mutexloop", 0));
        List<TraceEvent.ContextSwitch> switches = events(records, TraceEvent.ContextSwitch.class);
        assertTrue(switches.size() > 1000, "parent and child take turns: " + switches.size());
        assertTrue(switches.stream().allMatch(s -> s.from() != s.thread()));
        assertTrue(events(records, TraceEvent.Syscall.class).stream().anyMatch(s -> s.name().equals("mutex_control") && s.blocked()),
                "a contended lock sleeps in the kernel");
        assertEquals(List.of(2, 3), events(records, TraceEvent.TaskStart.class).stream().map(TraceEvent::thread).toList(),
                "the parent, and the child fork made");
        // The child starts where its parent returns from the fork's swi (§3.5).
        TraceEvent.Ipc fork = events(records, TraceEvent.Ipc.class).stream().filter(i -> i.tag() == 22).findFirst().orElseThrow();
        Instruction parentAfterFork = instructions(records).stream().filter(i -> i.thread() == 2 && i.index() >= fork.index())
                .findFirst().orElseThrow();
        Instruction child = instructions(records).stream().filter(i -> i.thread() == 3).findFirst().orElseThrow();
        assertEquals(parentAfterFork.pc(), child.pc());
    }

    @Test
    void aTraceMatchesItsRerunAndAChangedResultIsReportedAtThatInstruction() throws IOException {
        Path a = record("a.trace", "cowloop", 0);
        Path b = record("b.trace", "cowloop", 0);
        Outcome same = czemu("trace", "compare", a, b);
        assertEquals(0, same.status(), same.out() + same.err());
        assertTrue(same.out().startsWith("traces match: "), same.out());

        // Change what the 2000th instruction that writes r3 left in it.
        List<String> lines = new ArrayList<>(Files.readAllLines(b));
        int seen = 0, changed = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("I ") && lines.get(i).contains(" r3=") && ++seen == 2000) {
                changed = i;
                break;
            }
        }
        String line = lines.get(changed);
        int at = line.indexOf(" r3=") + 4;
        String value = line.substring(at, at + 8);
        String other = String.format("%08x", Integer.parseUnsignedInt(value, 16) ^ 0x100);
        lines.set(changed, line.substring(0, at) + other + line.substring(at + 8));
        Path edited = Files.write(dir.resolve("edited.trace"), lines);
        String index = line.split(" ")[1];

        Outcome diverged = czemu("trace", "compare", "--elf", sample("cowloop"), a, edited);
        assertEquals(1, diverged.status(), diverged.out() + diverged.err());
        String report = diverged.out();
        assertTrue(report.startsWith("traces diverge at instruction " + index + " of A and " + index + " of B: "
                + "the instruction leaves different register values"), report);
        assertTrue(report.contains("    r3    " + value + "   " + other), report);
        assertTrue(report.contains("last 8 matching instructions"), report);
    }

    @Test
    void aRunWhoseStackLiesElsewhereMatchesOnceTheStacksAreEquated() throws IOException {
        Path here = record("here.trace", "hello", 0);
        // The same run as another loader would place it: every stack address 0x7fxxxxxx is 0x40xxxxxx there.
        List<String> moved = new ArrayList<>();
        Pattern stackValue = Pattern.compile("=7f([0-9a-f]{6})");
        for (String line : Files.readAllLines(here)) moved.add(line.startsWith("I ") ? stackValue.matcher(line).replaceAll("=40$1") : line);
        Path elsewhere = Files.write(dir.resolve("elsewhere.trace"), moved);

        Outcome plain = czemu("trace", "compare", here, elsewhere);
        assertEquals(1, plain.status(), plain.out());
        assertTrue(plain.out().contains("    r1    7fffffd4   40ffffd4"), "argv, from sp: " + plain.out());
        Outcome equated = czemu("trace", "compare", "--equate", "0x7f000000-0x80000000=0x40000000", here, elsewhere);
        assertEquals(0, equated.status(), equated.out() + equated.err());
    }

    @Test
    void windowsStartAtASymbolOrACountAndStopAtAnAddressOrACount() throws Exception {
        List<Instruction> whole = instructions(read(record("whole.trace", List.of("--trace-stop", "5000"), "cpuloop", 0, "1000")));
        assertEquals(5000, whole.size(), "--trace-stop N records N instructions");

        List<Instruction> counted = instructions(read(record("counted.trace", List.of("--trace-start", "1000", "--trace-stop", "50"),
                "cpuloop", 0, "1000")));
        assertEquals(50, counted.size());
        for (int i = 0; i < counted.size(); i++) {
            Instruction same = whole.get(1000 + i);
            assertEquals(same.pc(), counted.get(i).pc(), "instruction " + i + " of the window is instruction " + (1000 + i) + " of the run");
            assertEquals(same.encoding(), counted.get(i).encoding());
        }

        List<Instruction> main = instructions(read(record("main.trace", List.of("--trace-start", "main", "--trace-stop", "printf"),
                "cpuloop", 0, "1000")));
        assertEquals(0x40000020, main.get(0).pc(), "main, from the program's symbols");
        int printf = czemu.loader.ElfLoader.load("cpuloop", Files.readAllBytes(sample("cpuloop")), new czemu.loader.TaskRegion(0, -1))
                .symbols().lookup("printf").orElseThrow().address();
        assertTrue(main.stream().noneMatch(i -> i.pc() == printf), "the window closes before printf");
        assertTrue(main.size() > 11 * 1000, "the whole loop in between: " + main.size());
    }

    @Test
    void badTraceOptionsAreOneLineErrors() {
        Outcome symbol = czemu("run", "--trace", dir.resolve("x.trace"), "--trace-start", "no_such_function", sample("cpuloop"));
        assertEquals(125, symbol.status());
        assertEquals("czemu: error: --trace-start 'no_such_function' is not a symbol of the program\n", symbol.err());
        Outcome mode = czemu("run", "--trace", dir.resolve("x.trace"), "--trace-mode", "fast", sample("hello"));
        assertEquals("czemu: error: --trace-mode is full or pc, not fast\n", mode.err());
        Path nowhere = dir.resolve("no/such/dir/x.trace");
        Outcome file = czemu("run", "--trace", nowhere, sample("hello"));
        assertEquals(125, file.status());
        assertEquals("czemu: error: --trace " + nowhere + ": cannot create it: no such directory\n", file.err());
        assertEquals("", file.out(), "nothing ran");
    }

    @Test
    void pcModeRecordsTheFirstInstructionOfEachBlockInOrder() {
        List<TraceRecord> blocks = read(record("blocks.trace", "hello", 0, "--trace-mode", "pc"));
        List<Instruction> full = instructions(read(record("full.trace", "hello", 0)));
        List<Instruction> starts = instructions(blocks);
        assertFalse(starts.get(0).registersRecorded(), "P lines: pcs only");
        assertTrue(starts.size() < full.size() / 3, starts.size() + " blocks of " + full.size() + " instructions");
        // Each block starts at an instruction the full trace has, in the same order.
        int at = 0;
        for (Instruction block : starts) {
            while (at < full.size() && full.get(at).pc() != block.pc()) at++;
            assertTrue(at < full.size(), "block at " + Integer.toHexString(block.pc()) + " is in the full trace, in order");
        }
        assertFalse(events(blocks, TraceEvent.Syscall.class).isEmpty(), "kernel events are recorded in pc mode too");
    }

    @Test
    void undefinedInstructionsAndAKillingFaultAreEventsOfTheirThread() {
        List<TraceRecord> undef = read(record("undef.trace", "undef", 0));
        List<TraceEvent.UndefinedInstruction> undefs = events(undef, TraceEvent.UndefinedInstruction.class);
        assertEquals(List.of(0xf1f0feed, 0xdeed), undefs.stream().map(TraceEvent.UndefinedInstruction::encoding).toList());
        Instruction thumb = instructions(undef).stream().filter(i -> i.pc() == undefs.get(1).pc()).findFirst().orElseThrow();
        assertTrue(thumb.thumb());
        assertEquals(0xdeed, thumb.encoding());

        List<TraceRecord> segv = read(record("segv.trace", "segv", 139));
        TraceRecord last = segv.get(segv.size() - 1), fault = segv.get(segv.size() - 2);
        assertEquals(new TraceEvent.TaskExit(last.index(), 2, 139), last);
        TraceEvent.PageFault killing = (TraceEvent.PageFault) fault;
        assertEquals("sigsegv", killing.resolution());
        assertEquals(0x10000000, killing.address());
        assertTrue(instructions(segv).stream().noneMatch(i -> i.pc() == killing.pc()), "the store never completed");
    }

    @Test
    void summaryCountsEachThreadsRecords() {
        Path trace = record("summary.trace", "mutexloop", 0);
        List<TraceRecord> records = read(trace);
        Outcome summary = czemu("trace", "show", "--summary", trace);
        assertEquals(0, summary.status(), summary.err());
        for (int thread : new int[] {2, 3}) {
            long instructions = records.stream().filter(r -> r instanceof Instruction && r.thread() == thread).count();
            long syscalls = records.stream().filter(r -> r instanceof TraceEvent.Syscall && r.thread() == thread).count();
            String row = summary.out().lines().filter(l -> l.startsWith(thread + " ")).findFirst().orElseThrow();
            String[] columns = row.trim().split(" +");
            assertEquals(instructions, Long.parseLong(columns[1]), row);
            assertEquals(syscalls, Long.parseLong(columns[2]), row);
            assertEquals("/mutexloop", columns[columns.length - 1], "parent and child run the same program");
        }
    }
}
