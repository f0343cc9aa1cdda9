package czemu.emulator.trace;

import static org.junit.jupiter.api.Assertions.*;

import czemu.emulator.trace.tarmac.TarmacReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tarmac traces (sum.tarmac is written by hand from Arm's description of the format). */
class TarmacReaderTest {
    private static List<Instruction> read(String text) {
        return QemuLogReaderTest.instructions(new TarmacReader(new TraceLines("t.tarmac", new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))));
    }

    @Test
    void fixtureGivesInstructionsWithTheRegisterLinesAfterThem() {
        var file = QemuLogReaderTest.fixture("sum.tarmac");
        assertEquals(TraceFormat.TARMAC, TraceFormat.detect(file));
        List<Instruction> all = QemuLogReaderTest.instructions(TraceFormat.open(file, null));
        assertEquals(17, all.size());
        assertEquals(new RegisterWrites.Builder().set(1, 2).set(Registers.CPSR, 0x20000010).build(), all.get(3).writes());
        Instruction skipped = all.get(10);
        assertEquals(0x8010, skipped.pc(), "IS: failed its condition, still in the stream");
        assertTrue(skipped.writes().isEmpty());
        Instruction bl = all.get(14);
        assertTrue(bl.thumb());
        assertEquals(0xf000f801, bl.encoding());
        assertEquals(4, bl.encodingSize());
        assertEquals(new RegisterWrites.Builder().set(Registers.LR, 0x802b).build(), bl.writes(), "r14_svc is another mode's copy");
        assertEquals(2, all.get(15).encodingSize());
    }

    @Test
    void otherStylesOfInstructionLine() {
        List<Instruction> all = read("""
                7 clk cpu1 IT (7) 00008004:000008004 e2800001 A usr : ADD r0,r0,#1
                7 clk cpu1 R R0 00000002
                0 tic ES  (0000000000008008:4770) T usr_s:         BX lr
                          R cpsr 00000030
                IT 0000800c e1a00000 MOV r0,r0
                IS 00008010 4770 BX lr
                """);
        assertEquals(4, all.size());
        assertEquals(1, all.get(0).thread());
        assertEquals(0x8004, all.get(0).pc());
        assertEquals(2, all.get(0).writes().value(0));
        assertEquals(0x8008, all.get(1).pc());
        assertTrue(all.get(1).thumb());
        assertEquals(0x30, all.get(1).writes().value(Registers.CPSR), "a line without time belongs to the instruction above");
        assertFalse(all.get(2).thumb(), "ARMulator: 8 digits are ARM");
        assertTrue(all.get(3).thumb(), "ARMulator: 4 digits are Thumb");
    }

    @Test
    void badFieldsAreRefusedWithTheLine() {
        TraceFormatException opcode = assertThrows(TraceFormatException.class, () -> read("1 clk IT (1) 00008000 e3a0001 A usr : MOV\n"));
        assertEquals("t.tarmac:1: opcode 'e3a0001': expected 4 or 8 hex digits", opcode.getMessage());
        TraceFormatException value = assertThrows(TraceFormatException.class,
                () -> read("1 clk IT (1) 00008000 e3a00001 A usr : MOV\n1 clk R r0 xyz\n"));
        assertEquals("t.tarmac:2: r0 value 'xyz' is not a hex number", value.getMessage());
        TraceFormatException aarch64 = assertThrows(TraceFormatException.class, () -> read("53 clk IT (53) 002109f0 f94003e1 O EL3h_s : LDR x1,[sp,#0]\n"));
        assertTrue(aarch64.getMessage().contains("AArch64"), aarch64.getMessage());
    }
}
