package czemu.emulator.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer the recorder calls, read back by the reader. */
class TraceWriterTest {
    @TempDir
    Path dir;

    private static final TraceHeader HEADER = new TraceHeader(TraceFormat.CZEMU, TraceHeader.Granularity.INSTRUCTION, "/my prog");

    private static int[] registers(int r0, int sp, int cpsr) {
        int[] regs = new int[Registers.COUNT];
        regs[0] = r0;
        regs[Registers.SP] = sp;
        regs[Registers.CPSR] = cpsr;
        return regs;
    }

    private static String write(java.util.function.Consumer<TraceWriter> recording) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TraceWriter writer = new TraceWriter(bytes, HEADER);
        recording.accept(writer);
        writer.close();
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static List<TraceRecord> read(String text) {
        List<TraceRecord> records = new ArrayList<>();
        try (TraceReader reader = new CzemuTraceReader(new TraceLines("t", new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))))) {
            assertEquals(HEADER, reader.header());
            for (TraceRecord r = reader.next(); r != null; r = reader.next()) records.add(r);
        }
        return records;
    }

    @Test
    void instructionLineListsWhatChangedByTheThreadsNextInstruction() {
        String text = write(w -> {
            w.beforeInstruction(2, 0x40000000, 0xe3a00001, 4, false, registers(0, 0x7fffffd0, 0x10));
            w.beforeInstruction(2, 0x40000004, 0x4770, 2, true, registers(1, 0x7fffffd0, 0x30));
        });
        assertEquals("czemu-trace 1 instructions program=/my%20prog\n"
                + "I 0 2 40000000 e3a00001 A r0=00000001 cpsr=00000030\n"
                + "I 1 2 40000004 4770 T\n", text);
    }

    @Test
    void svcLineIsWrittenWhenItsThreadRunsAgainAndShowsTheResult() {
        String text = write(w -> {
            w.beforeInstruction(2, 0xfffff000, 0xef000000, 4, false, registers(5, 0x100, 0x10));
            w.contextSwitch(2, 3);
            w.beforeInstruction(3, 0x40000000, 0xe1a00000, 4, false, registers(9, 0x200, 0x10));
            w.contextSwitch(3, 2);
            w.beforeInstruction(2, 0x40000010, 0xe1a00000, 4, false, registers(0, 0x100, 0x10));
        });
        List<TraceRecord> records = read(text);
        assertEquals(new TraceEvent.ContextSwitch(1, 3, 2), records.get(0));
        assertEquals(new TraceEvent.ContextSwitch(2, 2, 3), records.get(1));
        Instruction svc = (Instruction) records.get(2);
        assertEquals(0, svc.index());
        assertEquals(0xfffff000, svc.pc());
        assertEquals(new RegisterWrites.Builder().set(0, 0).build(), svc.writes(), "r0 holds the result");
        assertEquals(5, records.size(), "thread 3's and thread 2's last instructions are written at close");
    }

    @Test
    void faultingInstructionIsRecordedOnceWhenRetried() {
        List<TraceRecord> records = read(write(w -> {
            w.beforeInstruction(2, 0x40000000, 0xe5801000, 4, false, registers(0, 0, 0x10));
            w.pageFault(2, 0x40000000, 0x50000000, FaultAccess.WRITE, "mapped");
            w.beforeInstruction(2, 0x40000000, 0xe5801000, 4, false, registers(0, 0, 0x10));
            w.beforeInstruction(2, 0x40000004, 0xe1a00000, 4, false, registers(0, 0, 0x10));
        }));
        assertEquals(new TraceEvent.PageFault(0, 2, 0x40000000, 0x50000000, FaultAccess.WRITE, "mapped"), records.get(0));
        assertEquals(List.of(0L, 1L), records.stream().filter(r -> r instanceof Instruction).map(TraceRecord::index).toList());
    }

    @Test
    void everyRecordKindSurvivesAWriteAndReadRoundTrip() throws Exception {
        RegisterWrites writes = new RegisterWrites.Builder().set(0, 1).set(Registers.LR, 0x4000_0009).set(Registers.CPSR, 0x6000_0030).build();
        List<TraceRecord> records = List.of(
                new TraceEvent.TaskStart(0, 2, "/bin/with space"),
                new Instruction(0, 2, 0x40000000, false, 0xe3a00001, 4, writes),
                new Instruction(1, 2, 0x40000004, true, 0xf000f800, 4, RegisterWrites.NONE),
                new Instruction(2, 0x01000005, 0x40000008, true, 0, 0, null),
                new TraceEvent.Syscall(3, 2, "ipc", -22, false),
                new TraceEvent.Syscall(3, 2, "mutex_control", 0, true),
                new TraceEvent.Ipc(3, 2, 1, 1, 12, 0, false),
                new TraceEvent.Ipc(3, 2, 0xFFFFFFFF, 0xFFFFFFFE, 777, 0, true),
                new TraceEvent.PageFault(3, 2, 0, 0x7fff0000, FaultAccess.EXECUTE, "sigsegv"),
                new TraceEvent.ContextSwitch(3, 1, 2),
                new TraceEvent.UndefinedInstruction(3, 2, 0x40000010, 0xe7f000f0),
                new TraceEvent.TaskExit(4, 2, 139));
        Path file = dir.resolve("t.trace.gz");
        try (TraceWriter writer = TraceWriter.create(file, HEADER)) {
            records.forEach(writer::write);
        }
        List<TraceRecord> back = new ArrayList<>();
        try (TraceReader reader = TraceFormat.open(file, null)) {
            assertEquals(HEADER, reader.header());
            for (TraceRecord r = reader.next(); r != null; r = reader.next()) back.add(r);
        }
        assertEquals(records, back);
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void malformedLinesAreNamedByFileAndLine() {
        String[] bad = {
            "I 0 2 40000000 e3a00001 A r0=0000000g",
            "I 0 2 40000000 e3a00001 Q",
            "I 0 2 40000000 e3a001 A",
            "I 0 2 40000000 e3a00001 A q9=1",
            "syscall 0 2 ipc",
            "fault 0 2 sideways addr=0 pc=0 mapped",
            "frobnicate 0 2",
            "I x 2 40000000 - A",
        };
        for (String line : bad) {
            TraceFormatException e = assertThrows(TraceFormatException.class,
                    () -> read("czemu-trace 1 instructions program=/my%20prog\n# note\n" + line + "\n"), line);
            assertTrue(e.getMessage().startsWith("t:3: "), e.getMessage());
        }
        TraceFormatException version = assertThrows(TraceFormatException.class, () -> read("czemu-trace 2 instructions program=x\n"));
        assertEquals("t:1: format version 2, this czemu reads version 1", version.getMessage());
    }
}
