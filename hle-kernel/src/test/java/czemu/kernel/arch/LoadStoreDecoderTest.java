package czemu.kernel.arch;

import static czemu.kernel.arch.LoadStoreDecoder.decodeArm;
import static czemu.kernel.arch.LoadStoreDecoder.decodeThumb;
import static czemu.kernel.arch.LoadStoreDecoder.isThumb32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every instruction word here was produced by arm-none-eabi-as (-march=armv7-a -mfpu=neon, ARMv8 forms with
 * -march=armv8-a) and is quoted with its objdump disassembly. Unless a test says otherwise, registers hold
 * Rn = 0x10000 * (n + 1): r0 = 0x10000, r1 = 0x20000, r2 = 0x30000, r3 = 0x40000, r4 = 0x50000,
 * sp = 0xE0000, lr = 0xF0000; the instruction sits at 0x8000 + its objdump offset, so literal targets can be
 * checked against the ones objdump prints.
 */
class LoadStoreDecoderTest {

    private static final int BASE = 0x8000;

    /** A register file in the decoder's contract: 0..14 registers, 15 the instruction address, 16 the CPSR. */
    private static final class Cpu implements IntUnaryOperator {
        private final int[] r = new int[17];

        Cpu(int objdumpOffset) {
            for (int n = 0; n < 15; n++) {
                r[n] = 0x10000 * (n + 1);
            }
            r[15] = BASE + objdumpOffset;
        }

        Cpu set(int n, int value) {
            r[n] = value;
            return this;
        }

        @Override
        public int applyAsInt(int n) {
            return r[n];
        }
    }

    private static Cpu cpu() {
        return new Cpu(0);
    }

    private static Cpu at(int objdumpOffset) {
        return new Cpu(objdumpOffset);
    }

    private static List<MemoryAccess> arm(int insn) {
        return decodeArm(insn, cpu());
    }

    /** A T32 instruction as objdump prints it: first halfword in the top 16 bits. */
    private static List<MemoryAccess> t32(int halfwords) {
        return t32(halfwords, cpu());
    }

    private static List<MemoryAccess> t32(int halfwords, IntUnaryOperator reg) {
        return decodeThumb(halfwords >>> 16, halfwords & 0xFFFF, reg);
    }

    private static List<MemoryAccess> t16(int hw) {
        return decodeThumb(hw, 0, cpu());
    }

    private static MemoryAccess r(int address, int size) {
        return MemoryAccess.read(address, size);
    }

    private static MemoryAccess w(int address, int size) {
        return MemoryAccess.write(address, size);
    }

    private static List<MemoryAccess> reads(int start, int count, int size) {
        return run(start, count, size, false);
    }

    private static List<MemoryAccess> writes(int start, int count, int size) {
        return run(start, count, size, true);
    }

    private static List<MemoryAccess> run(int start, int count, int size, boolean write) {
        List<MemoryAccess> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new MemoryAccess(start + i * size, size, write));
        }
        return list;
    }

    // ---------------------------------------------------------------------------------------------
    // A32 LDR/STR/LDRB/STRB
    // ---------------------------------------------------------------------------------------------

    @Test
    void ldrImmediateOffsetAddsOrSubtractsFromBase() {
        assertEquals(List.of(r(0x20004, 4)), arm(0xe5910004));   // ldr r0, [r1, #4]
        assertEquals(List.of(r(0x1fffc, 4)), arm(0xe5110004));   // ldr r0, [r1, #-4]
    }

    @Test
    void preIndexedWritebackUsesOffsetAddressButPostIndexedUsesBase() {
        assertEquals(List.of(r(0x20004, 4)), arm(0xe5b10004));   // ldr r0, [r1, #4]!
        assertEquals(List.of(r(0x20000, 4)), arm(0xe4110004));   // ldr r0, [r1], #-4
    }

    @Test
    void armLiteralLoadUsesPcPlusEight() {
        assertEquals(List.of(r(BASE + 0x20, 4)), decodeArm(0xe59f0008, at(0x10)));  // ldr r0, [pc, #8] @ 20
        assertEquals(List.of(r(BASE + 0x14, 4)), decodeArm(0xe51f0008, at(0x14)));  // ldr r0, [pc, #-8] @ 14
    }

    @Test
    void byteLoadsAndStoresAreOneByteAccesses() {
        assertEquals(List.of(r(0x20001, 1)), arm(0xe5d10001));   // ldrb r0, [r1, #1]
        assertEquals(List.of(w(0x1ffff, 1)), arm(0xe5610001));   // strb r0, [r1, #-1]!
    }

    @Test
    void registerOffsetAddsOrSubtractsRm() {
        assertEquals(List.of(w(0x50000, 4)), arm(0xe7810002));   // str r0, [r1, r2]
        assertEquals(List.of(w(0xffff0000, 4)), arm(0xe7010002)); // str r0, [r1, -r2]
    }

    @Test
    void scaledRegisterOffsetAppliesEveryShiftType() {
        Cpu cpu = cpu().set(2, 0x80000010);
        assertEquals(List.of(r(0x20040, 4)), decodeArm(0xe7910102, cpu));     // [r1, r2, lsl #2]
        assertEquals(List.of(r(0x08020001, 4)), decodeArm(0xe7910222, cpu));  // [r1, r2, lsr #4]
        assertEquals(List.of(r(0x20000, 4)), decodeArm(0xe7910022, cpu));     // [r1, r2, lsr #32]
        assertEquals(List.of(r(0x1001fffe, 4)), decodeArm(0xe71101c2, cpu));  // [r1, -r2, asr #3]
        assertEquals(List.of(r(0x1ffff, 4)), decodeArm(0xe7910042, cpu));     // [r1, r2, asr #32]
        assertEquals(List.of(r(0x10820000, 4)), decodeArm(0xe7910462, cpu));  // [r1, r2, ror #8]
    }

    @Test
    void rrxShiftTakesTheCarryFlagFromCpsr() {
        Cpu cpu = cpu().set(2, 0x80000010);
        assertEquals(List.of(r(0xc0020008, 4)), decodeArm(0xe7910062, cpu.set(LoadStoreDecoder.CPSR, 1 << 29)));
        assertEquals(List.of(r(0x40020008, 4)), decodeArm(0xe7910062, cpu.set(LoadStoreDecoder.CPSR, 0)));
    }

    @Test
    void rrxGivesNullWhenTheCpsrCannotBeRead() {
        IntUnaryOperator noCpsr = n -> {
            if (n > 15) {
                throw new IndexOutOfBoundsException(n);
            }
            return 0x1000;
        };
        assertNull(decodeArm(0xe7910062, noCpsr));                        // ldr r0, [r1, r2, rrx]
        assertEquals(List.of(r(0x2000, 4)), decodeArm(0xe7910002, noCpsr)); // ldr r0, [r1, r2] never asks
    }

    @Test
    void postIndexedRegisterOffsetAccessesTheBase() {
        assertEquals(List.of(r(0x20000, 4)), arm(0xe6910082));   // ldr r0, [r1], r2, lsl #1
    }

    @Test
    void unprivilegedTFormsAccessTheBaseRegister() {
        assertEquals(List.of(r(0x20000, 4)), arm(0xe4b10004));   // ldrt r0, [r1], #4
        assertEquals(List.of(w(0x20000, 4)), arm(0xe4a10000));   // strt r0, [r1], #0
        assertEquals(List.of(r(0x20000, 1)), arm(0xe6710002));   // ldrbt r0, [r1], -r2
        assertEquals(List.of(w(0x20000, 1)), arm(0xe4610008));   // strbt r0, [r1], #-8
    }

    @Test
    void conditionFieldIsIgnored() {
        assertEquals(List.of(r(0x20004, 4)), arm(0x15910004));   // ldrne r0, [r1, #4]
        assertEquals(reads(0x10000, 2, 4), arm(0x08900006));     // ldmeq r0, {r1, r2}
        assertEquals(List.of(r(0x20008, 8)), arm(0xcd910b02));   // vldrgt d0, [r1, #8]
    }

    // ---------------------------------------------------------------------------------------------
    // A32 halfword, signed and doubleword
    // ---------------------------------------------------------------------------------------------

    @Test
    void halfwordLoadsAndStoresUseImmediateOrRegisterOffsets() {
        assertEquals(List.of(r(0x20002, 2)), arm(0xe1d100b2));   // ldrh r0, [r1, #2]
        assertEquals(List.of(w(0x1fffa, 2)), arm(0xe16100b6));   // strh r0, [r1, #-6]!
        assertEquals(List.of(r(0x20000, 2)), arm(0xe0d102b2));   // ldrh r0, [r1], #34
        assertEquals(List.of(r(0x50000, 2)), arm(0xe19100b2));   // ldrh r0, [r1, r2]
        assertEquals(List.of(w(0x20000, 2)), arm(0xe00100b2));   // strh r0, [r1], -r2
    }

    @Test
    void signedLoadsReadByteOrHalfword() {
        assertEquals(List.of(r(0x1ffff, 1)), arm(0xe15100d1));   // ldrsb r0, [r1, #-1]
        assertEquals(List.of(r(0x50000, 2)), arm(0xe1b100f2));   // ldrsh r0, [r1, r2]!
        assertEquals(List.of(r(BASE + 0x80, 2)), decodeArm(0xe1df00f4, at(0x74))); // ldrsh r0, [pc, #4] @ 80
    }

    @Test
    void ldrdReadsTwoConsecutiveWords() {
        assertEquals(reads(0x30008, 2, 4), arm(0xe1c200d8));    // ldrd r0, [r2, #8]
        assertEquals(reads(0x30000, 2, 4), arm(0xe04200d8));    // ldrd r0, [r2], #-8
        assertEquals(reads(0x70000, 2, 4), arm(0xe18200d3));    // ldrd r0, [r2, r3]
    }

    @Test
    void strdWritesTwoConsecutiveWords() {
        assertEquals(writes(0x2fff0, 2, 4), arm(0xe16201f0));   // strd r0, [r2, #-16]!
        assertEquals(writes(0xffff0000, 2, 4), arm(0xe10240f3)); // strd r4, [r2, -r3]
    }

    @Test
    void unprivilegedHalfwordFormsAccessTheBaseRegister() {
        assertEquals(List.of(r(0x20000, 2)), arm(0xe0f100b2));   // ldrht r0, [r1], #2
        assertEquals(List.of(w(0x20000, 2)), arm(0xe06100b2));   // strht r0, [r1], #-2
        assertEquals(List.of(r(0x20000, 1)), arm(0xe0b100d2));   // ldrsbt r0, [r1], r2
        assertEquals(List.of(r(0x20000, 2)), arm(0xe0f100f0));   // ldrsht r0, [r1]
    }

    // ---------------------------------------------------------------------------------------------
    // A32 LDM/STM, PUSH/POP
    // ---------------------------------------------------------------------------------------------

    @Test
    void ldmiaWithWritebackReadsEveryRegisterInOrder() {
        assertEquals(reads(0x10000, 3, 4), arm(0xe8b0000e));    // ldm r0!, {r1, r2, r3}
        assertEquals(reads(0x10000, 3, 4), arm(0xe890000e));    // ldm r0, {r1, r2, r3}
    }

    @Test
    void ldmIncrementBeforeDecrementAfterAndDecrementBeforeStartWhereTheArmArmSays() {
        assertEquals(reads(0x10004, 2, 4), arm(0xe9900006));    // ldmib r0, {r1, r2}
        assertEquals(reads(0x0fffc, 2, 4), arm(0xe8100006));    // ldmda r0, {r1, r2}
        assertEquals(reads(0x0fff4, 3, 4), arm(0xe9308006));    // ldmdb r0!, {r1, r2, pc}
    }

    @Test
    void stmInAllFourModesWritesAscendingAddresses() {
        assertEquals(writes(0x10000, 2, 4), arm(0xe8800006));   // stm r0, {r1, r2}
        assertEquals(writes(0x10004, 2, 4), arm(0xe9a00006));   // stmib r0!, {r1, r2}
        assertEquals(writes(0x0fff8, 3, 4), arm(0xe800000e));   // stmda r0, {r1, r2, r3}
        assertEquals(writes(0x0fffc, 1, 4), arm(0xe9000002));   // stmdb r0, {r1}
    }

    @Test
    void userBankCaretFormsAreTreatedAsNormalRegisterLists() {
        assertEquals(reads(0x10000, 2, 4), arm(0xe8d08002));    // ldm r0, {r1, pc}^
        assertEquals(writes(0x10000, 2, 4), arm(0xe8c04002));   // stmia r0, {r1, lr}^
    }

    @Test
    void armPushWritesBelowSpAndPopReadsFromSp() {
        assertEquals(writes(0xdfff4, 3, 4), arm(0xe92d4030));   // push {r4, r5, lr}
        assertEquals(reads(0xe0000, 3, 4), arm(0xe8bd8030));    // pop {r4, r5, pc}
        assertEquals(List.of(w(0xdfffc, 4)), arm(0xe52d0004));  // push {r0} (str r0, [sp, #-4]!)
        assertEquals(List.of(r(0xe0000, 4)), arm(0xe49d0004));  // pop {r0} (ldr r0, [sp], #4)
    }

    @Test
    void emptyRegisterListIsUnpredictableAndGivesNull() {
        assertNull(arm(0xe8900000));                             // ldm r0, {} (hand-built: as refuses it)
        assertNull(t16(0xc800));                                 // ldmia r0!, {} (hand-built)
    }

    // ---------------------------------------------------------------------------------------------
    // A32 synchronization
    // ---------------------------------------------------------------------------------------------

    @Test
    void swpReadsThenWritesTheSameAddress() {
        assertEquals(List.of(r(0x30000, 4), w(0x30000, 4)), arm(0xe1020091)); // swp r0, r1, [r2]
        assertEquals(List.of(r(0x30000, 1), w(0x30000, 1)), arm(0xe1420091)); // swpb r0, r1, [r2]
    }

    @Test
    void exclusivesAccessTheBaseWithTheirNaturalSize() {
        assertEquals(List.of(r(0x20000, 4)), arm(0xe1910f9f));   // ldrex r0, [r1]
        assertEquals(List.of(w(0x20000, 4)), arm(0xe1810f92));   // strex r0, r2, [r1]
        assertEquals(List.of(r(0x20000, 1)), arm(0xe1d10f9f));   // ldrexb r0, [r1]
        assertEquals(List.of(w(0x20000, 1)), arm(0xe1c10f92));   // strexb r0, r2, [r1]
        assertEquals(List.of(r(0x20000, 2)), arm(0xe1f10f9f));   // ldrexh r0, [r1]
        assertEquals(List.of(w(0x20000, 2)), arm(0xe1e10f92));   // strexh r0, r2, [r1]
        assertEquals(List.of(r(0x30000, 8)), arm(0xe1b20f9f));   // ldrexd r0, r1, [r2]
        assertEquals(List.of(w(0x50000, 8)), arm(0xe1a40f92));   // strexd r0, r2, r3, [r4]
    }

    @Test
    void armv8AcquireReleaseFormsAccessTheBase() {
        assertEquals(List.of(r(0x20000, 4)), arm(0xe1910c9f));   // lda r0, [r1]
        assertEquals(List.of(w(0x20000, 1)), arm(0xe1c1fc90));   // stlb r0, [r1]
        assertEquals(List.of(r(0x20000, 2)), arm(0xe1f10e9f));   // ldaexh r0, [r1]
        assertEquals(List.of(w(0x50000, 8)), arm(0xe1a40e92));   // stlexd r0, r2, r3, [r4]
    }

    // ---------------------------------------------------------------------------------------------
    // A32 VFP / NEON
    // ---------------------------------------------------------------------------------------------

    @Test
    void vldrAndVstrTransferFourBytesForSinglesAndEightForDoubles() {
        assertEquals(List.of(r(0x20008, 4)), arm(0xed910a02));   // vldr s0, [r1, #8]
        assertEquals(List.of(r(0x1fff8, 8)), arm(0xed110b02));   // vldr d0, [r1, #-8]
        assertEquals(List.of(w(0x203fc, 4)), arm(0xedc11aff));   // vstr s3, [r1, #1020]
        assertEquals(List.of(w(0x20000, 8)), arm(0xedc11b00));   // vstr d17, [r1]
        assertEquals(List.of(r(BASE + 0x128, 8)), decodeArm(0xed9f0b04, at(0x110))); // vldr d0, [pc, #16] @ 128
    }

    @Test
    void vldmAndVstmTransferOneAccessPerRegister() {
        assertEquals(reads(0x10000, 4, 4), arm(0xec900a04));    // vldmia r0, {s0-s3}
        assertEquals(reads(0x10000, 3, 8), arm(0xecb00b06));    // vldmia r0!, {d0-d2}
        assertEquals(reads(0x0fff8, 2, 4), arm(0xed302a02));    // vldmdb r0!, {s4-s5}
        assertEquals(writes(0x10000, 8, 8), arm(0xec808b10));   // vstmia r0, {d8-d15}
        assertEquals(writes(0x0fff8, 1, 8), arm(0xed200b02));   // vstmdb r0!, {d0}
    }

    @Test
    void vpushWritesBelowSpAndVpopReadsFromSp() {
        assertEquals(writes(0xdfff0, 2, 8), arm(0xed2d8b04));   // vpush {d8-d9}
        assertEquals(reads(0xe0000, 3, 4), arm(0xecbd0a03));    // vpop {s0-s2}
        assertEquals(writes(0xdfffc, 1, 4), arm(0xed2d8a01));   // vpush {s16}
    }

    @Test
    void vld1AndVst1MultipleTransferOneDoublewordPerRegister() {
        assertEquals(reads(0x10000, 1, 8), arm(0xf420070f));    // vld1.8 {d0}, [r0]
        assertEquals(reads(0x10000, 2, 8), arm(0xf4200a4d));    // vld1.16 {d0-d1}, [r0]!
        assertEquals(reads(0x10000, 3, 8), arm(0xf4200681));    // vld1.32 {d0-d2}, [r0], r1
        assertEquals(reads(0x10000, 4, 8), arm(0xf42002ef));    // vld1.64 {d0-d3}, [r0 :128]
        assertEquals(writes(0x10000, 4, 8), arm(0xf400020f));   // vst1.8 {d0-d3}, [r0]
    }

    @Test
    void interleavedStructureTransfersTouchEveryElementInAddressOrder() {
        assertEquals(reads(0x10000, 8, 2), arm(0xf420084f));    // vld2.16 {d0-d1}, [r0]
        assertEquals(reads(0x10000, 16, 1), arm(0xf420090f));   // vld2.8 {d0, d2}, [r0]
        assertEquals(reads(0x10000, 8, 4), arm(0xf420038f));    // vld2.32 {d0-d3}, [r0]
        assertEquals(reads(0x10000, 24, 1), arm(0xf420040f));   // vld3.8 {d0-d2}, [r0]
        assertEquals(reads(0x10000, 12, 2), arm(0xf420054f));   // vld3.16 {d0, d2, d4}, [r0]
        assertEquals(reads(0x10000, 8, 4), arm(0xf420008f));    // vld4.32 {d0-d3}, [r0]
        assertEquals(reads(0x10000, 32, 1), arm(0xf420010f));   // vld4.8 {d0, d2, d4, d6}, [r0]
        assertEquals(writes(0x10000, 8, 2), arm(0xf400084f));   // vst2.16 {d0-d1}, [r0]
        assertEquals(writes(0x10000, 6, 4), arm(0xf400048f));   // vst3.32 {d0-d2}, [r0]
        assertEquals(writes(0x10000, 32, 1), arm(0xf400000f));  // vst4.8 {d0-d3}, [r0]
    }

    @Test
    void singleLaneTransfersTouchOneElementPerStructureMember() {
        assertEquals(reads(0x10000, 1, 1), arm(0xf4a0006f));    // vld1.8 {d0[3]}, [r0]
        assertEquals(reads(0x10000, 1, 2), arm(0xf4a0044f));    // vld1.16 {d0[1]}, [r0]
        assertEquals(reads(0x10000, 1, 4), arm(0xf4a0088d));    // vld1.32 {d0[1]}, [r0]!
        assertEquals(writes(0x10000, 1, 4), arm(0xf480080f));   // vst1.32 {d0[0]}, [r0]
        assertEquals(reads(0x10000, 2, 2), arm(0xf4a0054f));    // vld2.16 {d0[1], d1[1]}, [r0]
        assertEquals(writes(0x10000, 2, 1), arm(0xf480012f));   // vst2.8 {d0[1], d1[1]}, [r0]
        assertEquals(reads(0x10000, 3, 4), arm(0xf4a00a8f));    // vld3.32 {d0[1], d1[1], d2[1]}, [r0]
        assertEquals(reads(0x10000, 4, 1), arm(0xf4a0032f));    // vld4.8 {d0[1]..d3[1]}, [r0]
        assertEquals(writes(0x10000, 4, 2), arm(0xf480074f));   // vst4.16 {d0[1]..d3[1]}, [r0]
    }

    @Test
    void allLanesLoadsReadOneStructureWhateverTheRegisterCount() {
        assertEquals(reads(0x10000, 1, 1), arm(0xf4a00c0f));    // vld1.8 {d0[]}, [r0]
        assertEquals(reads(0x10000, 1, 4), arm(0xf4a00caf));    // vld1.32 {d0[], d1[]}, [r0]
        assertEquals(reads(0x10000, 2, 2), arm(0xf4a00d4f));    // vld2.16 {d0[], d1[]}, [r0]
        assertEquals(reads(0x10000, 3, 1), arm(0xf4a00e0f));    // vld3.8 {d0[]-d2[]}, [r0]
        assertEquals(reads(0x10000, 4, 4), arm(0xf4a00fdf));    // vld4.32 {d0[]-d3[]}, [r0 :128]
        assertEquals(reads(0x10000, 4, 2), arm(0xf4a00f4f));    // vld4.16 {d0[]-d3[]}, [r0]
    }

    // ---------------------------------------------------------------------------------------------
    // A32 hints and non-load/stores
    // ---------------------------------------------------------------------------------------------

    @Test
    void armPreloadHintsGiveAnEmptyList() {
        for (int insn : new int[] {
                0xf5d0f004,   // pld [r0, #4]
                0xf510f004,   // pldw [r0, #-4]
                0xf4d0f004,   // pli [r0, #4]
                0xf7d0f001,   // pld [r0, r1]
                0xf650f101}) { // pli [r0, -r1, lsl #2]
            assertEquals(List.of(), arm(insn), Integer.toHexString(insn));
        }
    }

    @Test
    void armWordsThatAreNotKnownLoadStoresGiveNull() {
        for (int insn : new int[] {
                0xed905e01,   // ldc 14, cr5, [r0, #4]: not VFP
                0xfd802100,   // stc2 1, cr2, [r0]
                0xe0000291,   // mul r0, r1, r2
                0xe0810002,   // add r0, r1, r2
                0xec410b10,   // vmov d0, r0, r1
                0xe6510f92,   // uadd8 r0, r1, r2 (media space, bit 4 set)
                0xf96d0513,   // srsdb sp!, #19
                0xf8900a00}) { // rfeia r0
            assertNull(arm(insn), Integer.toHexString(insn));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // T16
    // ---------------------------------------------------------------------------------------------

    @Test
    void thumbLiteralLoadUsesWordAlignedPcPlusFour() {
        // 0: 4802  ldr r0, [pc, #8]  @ (c): Align(0 + 4, 4) + 8
        assertEquals(List.of(r(BASE + 0xc, 4)), decodeThumb(0x4802, 0, at(0x0)));
        // the same halfword at offset 2 still loads from 0xc: Align(2 + 4, 4) = 4
        assertEquals(List.of(r(BASE + 0xc, 4)), decodeThumb(0x4802, 0, at(0x2)));
    }

    @Test
    void thumbRegisterOffsetFormsUseTheirOwnSizes() {
        int a = 0x50000;                                          // r1 + r2
        assertEquals(List.of(r(a, 4)), t16(0x5888));              // ldr r0, [r1, r2]
        assertEquals(List.of(w(a, 4)), t16(0x5088));              // str r0, [r1, r2]
        assertEquals(List.of(w(a, 2)), t16(0x5288));              // strh r0, [r1, r2]
        assertEquals(List.of(w(a, 1)), t16(0x5488));              // strb r0, [r1, r2]
        assertEquals(List.of(r(a, 1)), t16(0x5688));              // ldrsb r0, [r1, r2]
        assertEquals(List.of(r(a, 2)), t16(0x5a88));              // ldrh r0, [r1, r2]
        assertEquals(List.of(r(a, 1)), t16(0x5c88));              // ldrb r0, [r1, r2]
        assertEquals(List.of(r(a, 2)), t16(0x5e88));              // ldrsh r0, [r1, r2]
    }

    @Test
    void thumbImmediateOffsetsAreScaledByTheAccessSize() {
        assertEquals(List.of(r(0x2007c, 4)), t16(0x6fc8));        // ldr r0, [r1, #124]
        assertEquals(List.of(w(0x20004, 4)), t16(0x6048));        // str r0, [r1, #4]
        assertEquals(List.of(r(0x2001f, 1)), t16(0x7fc8));        // ldrb r0, [r1, #31]
        assertEquals(List.of(w(0x20001, 1)), t16(0x7048));        // strb r0, [r1, #1]
        assertEquals(List.of(r(0x2003e, 2)), t16(0x8fc8));        // ldrh r0, [r1, #62]
        assertEquals(List.of(w(0x20002, 2)), t16(0x8048));        // strh r0, [r1, #2]
    }

    @Test
    void thumbSpRelativeLoadsAndStoresAddScaledImmediateToSp() {
        assertEquals(List.of(r(0xe03fc, 4)), t16(0x98ff));        // ldr r0, [sp, #1020]
        assertEquals(List.of(w(0xe0004, 4)), t16(0x9001));        // str r0, [sp, #4]
    }

    @Test
    void thumbPushWritesBelowSpAndPopReadsFromSp() {
        assertEquals(writes(0xdfff4, 3, 4), t16(0xb530));         // push {r4, r5, lr}
        assertEquals(reads(0xe0000, 3, 4), t16(0xbd30));          // pop {r4, r5, pc}
        assertEquals(writes(0xdfffc, 1, 4), t16(0xb401));         // push {r0}
        assertEquals(reads(0xe0000, 2, 4), t16(0xbc82));          // pop {r1, r7}
    }

    @Test
    void thumbLdmiaAndStmiaStartAtTheBase() {
        assertEquals(reads(0x10000, 2, 4), t16(0xc806));          // ldmia r0!, {r1, r2}
        assertEquals(reads(0x10000, 2, 4), t16(0xc803));          // ldmia r0, {r0, r1}
        assertEquals(writes(0x40000, 3, 4), t16(0xc383));         // stmia r3!, {r0, r1, r7}
    }

    @Test
    void secondHalfwordIsIgnoredForSixteenBitInstructions() {
        assertEquals(t16(0x5888), decodeThumb(0x5888, 0xffff, cpu()));
        assertEquals(t16(0x5888), decodeThumb(0xffff5888, 0x12345678, cpu())); // stray upper bits too
    }

    @Test
    void thumb16WordsThatAreNotLoadStoresGiveNull() {
        assertNull(t16(0x4608));                                  // mov r0, r1
        assertNull(t16(0xe7fe));                                  // b.n .
        assertNull(t16(0x0000));                                  // movs r0, r0
    }

    // ---------------------------------------------------------------------------------------------
    // T32 single loads/stores
    // ---------------------------------------------------------------------------------------------

    @Test
    void thumb32Imm12FormAddsUnsignedOffset() {
        assertEquals(List.of(r(0x20fa0, 4)), t32(0xf8d10fa0));   // ldr.w r0, [r1, #4000]
        assertEquals(List.of(w(0x20008, 4)), t32(0xf8c10008));   // str.w r0, [r1, #8]
        assertEquals(List.of(r(0x20001, 1)), t32(0xf8910001));   // ldrb.w r0, [r1, #1]
        assertEquals(List.of(w(0x20002, 2)), t32(0xf8a10002));   // strh.w r0, [r1, #2]
        assertEquals(List.of(r(0x20ffe, 2)), t32(0xf9b10ffe));   // ldrsh.w r0, [r1, #4094]
        assertEquals(List.of(r(0x20003, 1)), t32(0xf9910003));   // ldrsb.w r0, [r1, #3]
    }

    @Test
    void thumb32Imm8FormHonoursIndexAddAndWriteback() {
        assertEquals(List.of(r(0x1ff01, 4)), t32(0xf8510cff));   // ldr.w r0, [r1, #-255]
        assertEquals(List.of(r(0x20004, 4)), t32(0xf8510f04));   // ldr.w r0, [r1, #4]!
        assertEquals(List.of(r(0x20000, 4)), t32(0xf8510904));   // ldr.w r0, [r1], #-4
        assertEquals(List.of(w(0x1ffff, 1)), t32(0xf8010d01));   // strb.w r0, [r1, #-1]!
        assertEquals(List.of(r(0x20000, 2)), t32(0xf8310b02));   // ldrh.w r0, [r1], #2
    }

    @Test
    void thumb32RegisterOffsetShiftsRmLeftByUpToThree() {
        assertEquals(List.of(r(0x1a0000, 4)), t32(0xf8510032));  // ldr.w r0, [r1, r2, lsl #3]
        assertEquals(List.of(w(0x80000, 2)), t32(0xf8210012));   // strh.w r0, [r1, r2, lsl #1]
        assertEquals(List.of(r(0x50000, 1)), t32(0xf9110002));   // ldrsb.w r0, [r1, r2]
    }

    @Test
    void thumb32LiteralLoadsUseAlignedPcAndTheUBit() {
        assertEquals(List.of(r(BASE + 0x64, 4)), t32(0xf85f0008, at(0x68)));  // ldr.w r0, [pc, #-8] @ 64
        assertEquals(List.of(r(BASE + 0x200, 4)), t32(0xf8df0190, at(0x6c))); // ldr.w r0, [pc, #400] @ 200
        assertEquals(List.of(r(BASE + 0x73, 1)), t32(0xf81f0001, at(0x70)));  // ldrb.w r0, [pc, #-1] @ 73
        assertEquals(List.of(r(BASE + 0x7a, 2)), t32(0xf9bf0002, at(0x74)));  // ldrsh.w r0, [pc, #2] @ 7a
        // at a halfword-aligned address, Align(PC, 4) drops the low bits: 0x6a + 4 -> 0x6c, + 400
        assertEquals(List.of(r(BASE + 0x1fc, 4)), t32(0xf8df0190, at(0x6a)));
    }

    @Test
    void thumb32UnprivilegedFormsAddThePositiveImm8() {
        assertEquals(List.of(r(0x20004, 4)), t32(0xf8510e04));   // ldrt r0, [r1, #4]
        assertEquals(List.of(w(0x200ff, 1)), t32(0xf8010eff));   // strbt r0, [r1, #255]
        assertEquals(List.of(r(0x20000, 2)), t32(0xf9310e00));   // ldrsht r0, [r1]
    }

    @Test
    void thumb32PushAndPopOfOneRegisterAreSingleWordAccesses() {
        assertEquals(List.of(w(0xdfffc, 4)), t32(0xf84d8d04));   // push.w {r8} (str.w r8, [sp, #-4]!)
        assertEquals(List.of(r(0xe0000, 4)), t32(0xf85d8b04));   // pop.w {r8} (ldr.w r8, [sp], #4)
    }

    @Test
    void thumb32PreloadHintsGiveAnEmptyList() {
        for (int insn : new int[] {
                0xf890f004,   // pld [r0, #4]
                0xf810fc04,   // pld [r0, #-4]
                0xf810f021,   // pld [r0, r1, lsl #2]
                0xf81ff004,   // pld [pc, #-4]
                0xf990f004,   // pli [r0, #4]
                0xf8b0f004}) { // pldw [r0, #4]
            assertEquals(List.of(), t32(insn), Integer.toHexString(insn));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // T32 dual, multiple, exclusive, table branch
    // ---------------------------------------------------------------------------------------------

    @Test
    void thumb32LdrdAndStrdTransferTwoWords() {
        assertEquals(reads(0x30008, 2, 4), t32(0xe9d20102));     // ldrd r0, r1, [r2, #8]
        assertEquals(reads(0x2fff8, 2, 4), t32(0xe9720102));     // ldrd r0, r1, [r2, #-8]!
        assertEquals(reads(0x30000, 2, 4), t32(0xe8f20104));     // ldrd r0, r1, [r2], #16
        assertEquals(writes(0x2fc04, 2, 4), t32(0xe94201ff));    // strd r0, r1, [r2, #-1020]
        assertEquals(writes(0xe0000, 2, 4), t32(0xe8ed4502));    // strd r4, r5, [sp], #8
    }

    @Test
    void thumb32LdrdLiteralUsesAlignedPc() {
        assertEquals(reads(BASE + 0x8c, 2, 4), t32(0xe95f0104, at(0x98))); // ldrd r0, r1, [pc, #-16] @ 8c
        assertEquals(reads(BASE + 0xac, 2, 4), t32(0xe9df0103, at(0x9c))); // ldrd r0, r1, [pc, #12] @ ac
    }

    @Test
    void thumb32LdmAndStmIncrementAfterOrDecrementBefore() {
        assertEquals(reads(0x10000, 3, 4), t32(0xe8900106));     // ldmia.w r0, {r1, r2, r8}
        assertEquals(reads(0x10000, 3, 4), t32(0xe8b04006));     // ldmia.w r0!, {r1, r2, lr}
        assertEquals(reads(0x0fff8, 2, 4), t32(0xe9100006));     // ldmdb r0, {r1, r2}
        assertEquals(writes(0x0fff4, 3, 4), t32(0xe920000e));    // stmdb r0!, {r1, r2, r3}
        assertEquals(writes(0x10000, 2, 4), t32(0xe8800202));    // stmia.w r0, {r1, r9}
    }

    @Test
    void thumb32WidePushAndPopTransferTheWholeList() {
        assertEquals(writes(0xdffdc, 9, 4), t32(0xe92d4ff0));    // push.w {r4-r11, lr}
        assertEquals(reads(0xe0000, 9, 4), t32(0xe8bd8ff0));     // pop.w {r4-r11, pc}
    }

    @Test
    void thumb32ExclusivesAccessTheBasePlusScaledImmediate() {
        assertEquals(List.of(r(0x20000, 4)), t32(0xe8510f00));   // ldrex r0, [r1]
        assertEquals(List.of(r(0x203fc, 4)), t32(0xe8510fff));   // ldrex r0, [r1, #1020]
        assertEquals(List.of(w(0x20004, 4)), t32(0xe8412001));   // strex r0, r2, [r1, #4]
        assertEquals(List.of(r(0x20000, 1)), t32(0xe8d10f4f));   // ldrexb r0, [r1]
        assertEquals(List.of(w(0x20000, 1)), t32(0xe8c12f40));   // strexb r0, r2, [r1]
        assertEquals(List.of(r(0x20000, 2)), t32(0xe8d10f5f));   // ldrexh r0, [r1]
        assertEquals(List.of(w(0x20000, 2)), t32(0xe8c12f50));   // strexh r0, r2, [r1]
        assertEquals(List.of(r(0x30000, 8)), t32(0xe8d2017f));   // ldrexd r0, r1, [r2]
        assertEquals(List.of(w(0x50000, 8)), t32(0xe8c42370));   // strexd r0, r2, r3, [r4]
    }

    @Test
    void thumb32Armv8AcquireReleaseFormsAccessTheBase() {
        assertEquals(List.of(r(0x20000, 4)), t32(0xe8d10faf));   // lda r0, [r1]
        assertEquals(List.of(w(0x20000, 2)), t32(0xe8c10f9f));   // stlh r0, [r1]
        assertEquals(List.of(r(0x20000, 1)), t32(0xe8d10fcf));   // ldaexb r0, [r1]
        assertEquals(List.of(w(0x20000, 4)), t32(0xe8c12fe0));   // stlex r0, r2, [r1]
        assertEquals(List.of(r(0x30000, 8)), t32(0xe8d201ff));   // ldaexd r0, r1, [r2]
    }

    @Test
    void tableBranchesReadTheTableEntry() {
        assertEquals(List.of(r(0x30000, 1)), t32(0xe8d0f001));   // tbb [r0, r1]
        assertEquals(List.of(r(0x50000, 2)), t32(0xe8d0f011));   // tbh [r0, r1, lsl #1]
    }

    @Test
    void tableBranchOnPcUsesUnalignedPcPlusFour() {
        Cpu cpu = at(0xf2).set(1, 3);                             // tbb at a halfword-aligned address
        assertEquals(List.of(r(BASE + 0xf6 + 3, 1)), t32(0xe8dff001, cpu));      // tbb [pc, r1]
        assertEquals(List.of(r(BASE + 0xf6 + 6, 2)), t32(0xe8dff011, cpu));      // tbh [pc, r1, lsl #1]
    }

    // ---------------------------------------------------------------------------------------------
    // T32 VFP / NEON
    // ---------------------------------------------------------------------------------------------

    @Test
    void thumb32VfpTransfersMatchTheArmEncodings() {
        assertEquals(List.of(r(0x20008, 4)), t32(0xed910a02));   // vldr s0, [r1, #8]
        assertEquals(List.of(r(0x1fff8, 8)), t32(0xed110b02));   // vldr d0, [r1, #-8]
        assertEquals(List.of(w(0x203fc, 8)), t32(0xedc11bff));   // vstr d17, [r1, #1020]
        assertEquals(reads(0x10000, 4, 4), t32(0xec900a04));     // vldmia r0, {s0-s3}
        assertEquals(reads(0x10000, 3, 8), t32(0xecb00b06));     // vldmia r0!, {d0-d2}
        assertEquals(reads(0x0fff8, 2, 4), t32(0xed302a02));     // vldmdb r0!, {s4-s5}
        assertEquals(writes(0x10000, 8, 8), t32(0xec808b10));    // vstmia r0, {d8-d15}
        assertEquals(writes(0xdfff0, 2, 8), t32(0xed2d8b04));    // vpush {d8-d9}
        assertEquals(reads(0xe0000, 3, 4), t32(0xecbd0a03));     // vpop {s0-s2}
    }

    @Test
    void thumbVldrLiteralUsesWordAlignedPcPlusFour() {
        assertEquals(List.of(r(BASE + 0x110, 4)), t32(0xed9f1a02, at(0x104))); // vldr s2, [pc, #8] @ 110
        assertEquals(List.of(r(BASE + 0xfc, 8)), t32(0xed1f0b04, at(0x108)));  // vldr d0, [pc, #-16] @ fc
    }

    @Test
    void thumb32NeonStructureTransfersMatchTheArmEncodings() {
        assertEquals(reads(0x10000, 1, 8), t32(0xf920070f));     // vld1.8 {d0}, [r0]
        assertEquals(reads(0x10000, 4, 8), t32(0xf92002ed));     // vld1.64 {d0-d3}, [r0 :128]!
        assertEquals(writes(0x20000, 12, 2), t32(0xf9010542));   // vst3.16 {d0, d2, d4}, [r1], r2
        assertEquals(reads(0x10000, 4, 1), t32(0xf9a0032f));     // vld4.8 {d0[1]..d3[1]}, [r0]
        assertEquals(writes(0x10000, 1, 4), t32(0xf980088f));    // vst1.32 {d0[1]}, [r0]
        assertEquals(reads(0x10000, 2, 2), t32(0xf9a00d4f));     // vld2.16 {d0[], d1[]}, [r0]
        assertEquals(reads(0x10000, 4, 4), t32(0xf9a00fdf));     // vld4.32 {d0[]-d3[]}, [r0 :128]
    }

    @Test
    void thumb32WordsThatAreNotKnownLoadStoresGiveNull() {
        for (int insn : new int[] {
                0xed905e01,   // ldc 14, cr5, [r0, #4]
                0xeb010002,   // add.w r0, r1, r2
                0xf7fffffe,   // bl .
                0xe82dc013,   // srsdb sp!, #19
                0xe990c000}) { // rfeia r0
            assertNull(t32(insn), Integer.toHexString(insn));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // UNPREDICTABLE/UNDEFINED encodings that Unicorn nevertheless executes (emitted with .inst.w;
    // expected addresses are the ones Unicorn's memory hooks reported)
    // ---------------------------------------------------------------------------------------------

    @Test
    void thumb32ByteLoadToPcWithWritebackIsALoadNotAHint() {
        assertEquals(List.of(r(0xbffe9, 1)), t32(0xf91bfd17));   // objdump: "pli [fp, #-23]!"
    }

    @Test
    void thumb32StoreWithPcBaseUsesAlignedPc() {
        assertEquals(List.of(w(BASE + 0x729, 4)), t32(0xf8cf1725, at(0x0)));  // str.w r1, [pc, #1829]
        assertEquals(List.of(w(BASE + 0x731, 4)), t32(0xf8cf1725, at(0xa)));
        assertEquals(List.of(w(BASE + 0xc, 8)), t32(0xec8fab02, at(0xa)));    // vstmia pc, {d10}
    }

    @Test
    void neonStructureWithPcBaseUsesThePcValue() {
        assertEquals(List.of(r(BASE + 0x8, 8)), decodeArm(0xf42f070f, at(0x0))); // vld1.8 {d0}, [pc]
        assertEquals(List.of(w(BASE + 0xe, 8)), t32(0xf90f070f, at(0xa)));       // vst1.8 {d0}, [pc]
    }

    @Test
    void isThumb32RecognisesTheThreePrefixes() {
        assertTrue(isThumb32(0xe800));                            // 11101
        assertTrue(isThumb32(0xf000));                            // 11110
        assertTrue(isThumb32(0xf800));                            // 11111
        assertTrue(isThumb32(0xffff));
        assertTrue(isThumb32(0x7777e8d0));                        // upper bits are ignored
        assertFalse(isThumb32(0xe7fe));                           // b.n (11100)
        assertFalse(isThumb32(0xb530));                           // push
        assertFalse(isThumb32(0x0000));
    }

    // ---------------------------------------------------------------------------------------------
    // Robustness
    // ---------------------------------------------------------------------------------------------

    @Test
    void randomWordsNeverThrow() {
        Random random = new Random(0x5eed);
        int[] regs = new int[17];
        IntUnaryOperator reg = n -> {
            if (n < 0 || n > 16) {
                fail("asked for register " + n);
            }
            return regs[n];
        };
        int armDecoded = 0;
        int thumbDecoded = 0;
        int rounds = 1_000_000;
        for (int i = 0; i < rounds; i++) {
            for (int n = 0; n < regs.length; n++) {
                regs[n] = i % 3 == 0 ? random.nextInt() : i % 3 == 1 ? 0xFFFFFFFC : 0;
            }
            int insn = random.nextInt();
            List<MemoryAccess> a = decodeArm(insn, reg);
            List<MemoryAccess> t = decodeThumb(insn >>> 16, insn, reg);
            checkShape(a, insn);
            checkShape(t, insn);
            armDecoded += a == null ? 0 : 1;
            thumbDecoded += t == null ? 0 : 1;
        }
        // sanity: a fair share of the space is load/store (about a third of A32, a quarter of Thumb)
        assertTrue(armDecoded > rounds / 5, "A32 decoded " + armDecoded);
        assertTrue(thumbDecoded > rounds / 10, "Thumb decoded " + thumbDecoded);
    }

    @Test
    void everyLoadStoreEncodingSpaceNeverThrows() {
        // Exhaustive over the fields that select the encoding, random elsewhere.
        Random random = new Random(42);
        IntUnaryOperator reg = n -> 0x7FFFFFF0 + n;
        for (int top = 0; top < 0x1000; top++) {                 // bits 31-20 of A32
            for (int k = 0; k < 64; k++) {
                int insn = top << 20 | (random.nextInt() & 0xFFFFF);
                checkShape(decodeArm(insn, reg), insn);
            }
        }
        for (int hw1 = 0; hw1 < 0x10000; hw1++) {                 // every first halfword
            for (int k = 0; k < 8; k++) {
                int hw2 = random.nextInt() & 0xFFFF;
                checkShape(decodeThumb(hw1, hw2, reg), hw1 << 16 | hw2);
            }
        }
    }

    private static void checkShape(List<MemoryAccess> accesses, int insn) {
        if (accesses == null) {
            return;
        }
        assertTrue(accesses.size() <= 32, () -> Integer.toHexString(insn) + " gave " + accesses.size());
        for (MemoryAccess access : accesses) {
            assertNotNull(access);
        }
    }
}
