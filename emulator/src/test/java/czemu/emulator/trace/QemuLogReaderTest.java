package czemu.emulator.trace;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** QEMU -d exec,cpu,nochain logs (the fixtures are qemu-arm 7.2 logs of samples/bin/linux/hello.elf, cut short). */
class QemuLogReaderTest {
    static Path fixture(String name) {
        try {
            return Path.of(QemuLogReaderTest.class.getResource("/trace/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Instruction> instructions(TraceReader reader) {
        List<Instruction> all = new ArrayList<>();
        try (reader) {
            for (TraceRecord r = reader.next(); r != null; r = reader.next()) all.add((Instruction) r);
        }
        return all;
    }

    @Test
    void singlestepLogIsOneInstructionPerRecordWithWhatTheNextDumpShowsChanged() {
        Path log = fixture("qemu-hello-singlestep.log");
        assertEquals(TraceFormat.QEMU, TraceFormat.detect(log));
        TraceReader reader = TraceFormat.open(log, null);
        assertEquals(TraceHeader.Granularity.INSTRUCTION, reader.header().granularity());
        List<Instruction> all = instructions(reader);
        assertEquals(300, all.size(), "one record per Trace line");
        Instruction first = all.get(0);
        assertEquals(0x00010000, first.pc()); // _start: ldr r0, [sp]  (argc)
        assertFalse(first.thumb());
        assertFalse(first.hasEncoding(), "-d exec has no encodings");
        assertEquals(new RegisterWrites.Builder().set(0, 1).build(), first.writes());
        assertEquals(0x0001001c, all.get(7).pc()); // bl __rt_start
        assertEquals(0x00010020, all.get(7).writes().value(Registers.LR));
        assertNull(all.get(299).writes(), "nothing after the last instruction shows what it changed");
    }

    @Test
    void inAsmLinesGiveEncodings() {
        List<Instruction> all = instructions(TraceFormat.open(fixture("qemu-hello-in-asm.log"), null));
        assertEquals(0xe59d0000, all.get(0).encoding());
        assertEquals(4, all.get(0).encodingSize());
        assertEquals(0xe28d1004, all.get(1).encoding());
    }

    @Test
    void logWithoutSinglestepIsABlockTrace() {
        TraceReader reader = TraceFormat.open(fixture("qemu-hello-blocks.log"), null);
        assertEquals(TraceHeader.Granularity.BLOCK, reader.header().granularity());
        List<Instruction> blocks = instructions(reader);
        assertEquals(0x000101b8, blocks.get(1).pc());
    }

    private static TraceReader reader(String text) {
        return new czemu.emulator.trace.qemu.QemuLogReader(new TraceLines("q.log", new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))));
    }

    private static final String DUMP = "R00=00000000 R01=00000000 R02=00000000 R03=00000000\n"
            + "R04=00000000 R05=00000000 R06=00000000 R07=00000000\n"
            + "R08=00000000 R09=00000000 R10=00000000 R11=00000000\n"
            + "R12=00000000 R13=00000000 R14=00000000 R15=00010000\n";

    @Test
    void thumbStateComesFromThePsrAndThreadsFromTheCpuIndex() {
        List<Instruction> all = instructions(reader("Trace 1: 0x7f [00000480/00010000/00000000/00000201] f\n" + DUMP + "PSR=00000030 ---- T usr32\n"
                + "Trace 1: 0x7f [00000480/00010002/00000000/00000201] f\n" + DUMP + "PSR=00000030 ---- T usr32\n"));
        assertTrue(all.get(0).thumb());
        assertEquals(1, all.get(0).thread());
    }

    @Test
    void chainedLogAndBrokenDumpsAreRefusedWithTheLine() {
        TraceFormatException chained = assertThrows(TraceFormatException.class, () -> instructions(reader(
                "Trace 0: 0x7f [00000480/00010000/00000000/00000201] f\n" + DUMP + "PSR=00000010 ---- A usr32\nLinking TBs 0x1 index 0 -> 0x2\n")));
        assertTrue(chained.getMessage().startsWith("q.log:7: QEMU chained translation blocks"), chained.getMessage());
        TraceFormatException badValue = assertThrows(TraceFormatException.class, () -> instructions(reader(
                "Trace 0: 0x7f [00000480/00010000/00000000/00000201] f\nR00=0000zz00 R01=00000000\n")));
        assertTrue(badValue.getMessage().startsWith("q.log:2: "), badValue.getMessage());
        TraceFormatException partial = assertThrows(TraceFormatException.class, () -> instructions(reader(
                "Trace 0: 0x7f [00000480/00010000/00000000/00000201] f\nR00=00000000 R01=00000000\nPSR=00000010 ---- A usr32\n")));
        assertTrue(partial.getMessage().startsWith("q.log:3: register dump incomplete"), partial.getMessage());
    }
}
