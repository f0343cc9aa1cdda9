package czemu.kernel.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Decodes a faulting ARMv7-A load/store (plus the ARMv8 AArch32 load-acquire/store-release forms) into the
 * data accesses it makes, because Unicorn reports data aborts without DFAR/DFSR.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@code reg.applyAsInt(n)} gives R0..R14 as they were before the instruction; {@code reg.applyAsInt(15)}
 *       gives the address of the instruction itself. The decoder adds the PC offset (+8 A32, +4 Thumb) and
 *       uses Align(PC, 4) where the ARM ARM does (literal loads, LDRD/VLDR literal).</li>
 *   <li>Only A32 register offsets shifted by RRX also ask {@code reg.applyAsInt(16)} ({@link #CPSR}) for the
 *       carry flag (bit 29); if that lookup throws, the result is {@code null}.</li>
 *   <li>The condition field is ignored: a faulting instruction passed its condition.</li>
 *   <li>Accesses come in the order the instruction performs them: ascending addresses for every multiple
 *       transfer, as in the ARM ARM pseudo-code; SWP/SWPB read then write. Addresses wrap modulo 2^32.</li>
 *   <li>Sizes, chosen to match what Unicorn 2 (QEMU) reports to its memory hooks: LDRD/STRD are two 4-byte
 *       accesses; LDREXD/STREXD (and LDAEXD/STLEXD) one 8-byte access; a VFP double register (VLDR/VSTR/
 *       VLDM/VSTM/VPUSH/VPOP .64) one 8-byte access; NEON VLD1/VST1 multiple one 8-byte access per D
 *       register; VLD2-4/VST2-4 multiple and all single-lane / all-lanes forms one access per element.
 *       STREX* is reported as the architectural write only (Unicorn's hooks also show a read first, as it
 *       implements the store as a compare-and-swap, and nothing at all when the monitor check fails).</li>
 *   <li>Preload hints (PLD, PLDW, PLI, and the T32 "unallocated memory hints") return an EMPTY list: they
 *       touch no memory that can fault, so the caller maps nothing and does not fall back to probing.</li>
 *   <li>{@code null} means "not a load/store this decoder knows"; the caller then falls back to probing.
 *       That covers every non-memory instruction, UNDEFINED encodings, the UNPREDICTABLE empty register lists
 *       and VLDM/VSTM register counts of 0 or past D31/S31, SRS/RFE, and generic coprocessor LDC/STC/LDC2/STC2
 *       (only coprocessors 10/11, i.e. VFP/NEON, are decoded). Other UNPREDICTABLE encodings are decoded
 *       leniently, as Unicorn executes them (e.g. T32 stores with Rn = PC use Align(PC, 4)).</li>
 *   <li>No input word ever throws (only a throwing {@code reg} could).</li>
 * </ul>
 */
public final class LoadStoreDecoder {

    /** Pseudo register index the decoder asks for the CPSR (only to get the carry flag for RRX). */
    public static final int CPSR = 16;

    private LoadStoreDecoder() {}

    // ------------------------------------------------------------------------------------------------
    // Public entry points
    // ------------------------------------------------------------------------------------------------

    /** Decodes an A32 instruction word. */
    public static List<MemoryAccess> decodeArm(int insn, IntUnaryOperator reg) {
        Regs r = new Regs(reg, 8);
        if ((insn >>> 28) == 0xF) {
            return armUnconditional(insn, r);
        }
        switch ((insn >>> 25) & 7) {
            case 0b000:
                return armExtraLoadStoreOrSync(insn, r);
            case 0b010:
                return armLoadStoreWordByte(insn, r);
            case 0b011:
                // bit 4 set is the media instruction space, not a load/store
                return (insn & 0x10) == 0 ? armLoadStoreWordByte(insn, r) : null;
            case 0b100:
                return armLoadStoreMultiple(insn, r);
            case 0b110:
                return extensionRegisterLoadStore(insn, r);
            default:
                return null;
        }
    }

    /**
     * Decodes a Thumb instruction: T16 when {@code hw1} is not the first half of a 32-bit encoding
     * ({@code hw2} is then ignored), else T32 with {@code hw2} as the second halfword.
     */
    public static List<MemoryAccess> decodeThumb(int hw1, int hw2, IntUnaryOperator reg) {
        hw1 &= 0xFFFF;
        hw2 &= 0xFFFF;
        Regs r = new Regs(reg, 4);
        if (!isThumb32(hw1)) {
            return thumb16(hw1, r);
        }
        int insn = hw1 << 16 | hw2;
        if ((hw1 & 0xFE40) == 0xE800) {
            return thumb32LoadStoreMultiple(hw1, hw2, r);
        }
        if ((hw1 & 0xFE40) == 0xE840) {
            return thumb32DualExclusiveTableBranch(hw1, hw2, r);
        }
        if ((hw1 & 0xFE00) == 0xEC00) {
            // 1110 110x: coprocessor load/store; with the same layout as A32 (cond = 1110)
            return extensionRegisterLoadStore(insn, r);
        }
        if ((hw1 & 0xFF10) == 0xF900) {
            // 1111 1001 xxx0: Advanced SIMD element or structure load/store; A32 form is 1111 0100 xxx0
            return simdElementOrStructure((insn & 0x00FFFFFF) | 0xF4000000, r);
        }
        if ((hw1 & 0xFE00) == 0xF800) {
            return thumb32LoadStoreSingle(hw1, hw2, r);
        }
        return null;
    }

    /** True when {@code hw1} is the first halfword of a 32-bit Thumb encoding (top 5 bits 11101/11110/11111). */
    public static boolean isThumb32(int hw1) {
        int top = (hw1 & 0xFFFF) >>> 11;
        return top == 0b11101 || top == 0b11110 || top == 0b11111;
    }

    // ------------------------------------------------------------------------------------------------
    // A32
    // ------------------------------------------------------------------------------------------------

    /** Unconditional space (cond = 1111): Advanced SIMD element/structure load/store and preload hints. */
    private static List<MemoryAccess> armUnconditional(int insn, Regs r) {
        if ((insn & 0x0F100000) == 0x04000000) {
            return simdElementOrStructure(insn, r);      // 1111 0100 xxx0
        }
        boolean hint = (insn & 0x0F700000) == 0x04500000         // PLI (immediate)        1111 0100 x101
                || (insn & 0x0F300000) == 0x05100000             // PLD, PLDW (immediate)  1111 0101 xx01
                || (insn & 0x0F700010) == 0x06500000             // PLI (register)         1111 0110 x101
                || (insn & 0x0F300010) == 0x07100000;            // PLD, PLDW (register)   1111 0111 xx01
        return hint ? List.of() : null;                          // SRS, RFE, LDC2/STC2, ...: null
    }

    /**
     * op = 000, bits 7 and 4 set: the "extra load/store" group (STRH, LDRH, LDRD, STRD, LDRSB, LDRSH and
     * their unprivileged T forms) and, when bits 6:5 = 00, the synchronization primitives.
     */
    private static List<MemoryAccess> armExtraLoadStoreOrSync(int insn, Regs r) {
        if ((insn & 0x90) != 0x90) {
            return null;                                 // data processing / miscellaneous
        }
        if ((insn & 0x60) != 0) {
            return armExtraLoadStore(insn, r);
        }
        if ((insn & 0x0F8000F0) == 0x01800090) {
            return armExclusive(insn, r);
        }
        if ((insn & 0x0FB00FF0) == 0x01000090) {
            return armSwap(insn, r);
        }
        return null;                                     // multiply
    }

    /** STRH/LDRH/LDRSB/LDRSH/LDRD/STRD (immediate, literal, register) and STRHT/LDRHT/LDRSBT/LDRSHT. */
    private static List<MemoryAccess> armExtraLoadStore(int insn, Regs r) {
        boolean immediate = bit(insn, 22);
        boolean load = bit(insn, 20);
        int offset = immediate ? ((insn >>> 4) & 0xF0) | (insn & 0xF) : r.get(insn & 0xF);
        int address = indexed(r.get(rn(insn)), offset, bit(insn, 24), bit(insn, 23));
        switch ((insn >>> 5) & 3) {
            case 0b01:                                   // STRH / LDRH
                return List.of(new MemoryAccess(address, 2, !load));
            case 0b10:                                   // LDRD (L=0) / LDRSB (L=1)
                return load ? List.of(MemoryAccess.read(address, 1)) : words(address, 2, false);
            default:                                     // STRD (L=0) / LDRSH (L=1)
                return load ? List.of(MemoryAccess.read(address, 2)) : words(address, 2, true);
        }
    }

    /**
     * LDREX/STREX{B,H,D} and the ARMv8 LDA/STL{B,H}, LDAEX/STLEX{B,H,D}: cond 0001 1 sz L Rn ... 1001 ...
     * All address [Rn] with no offset.
     */
    private static List<MemoryAccess> armExclusive(int insn, Regs r) {
        int size = switch ((insn >>> 21) & 3) {
            case 0b00 -> 4;
            case 0b01 -> 8;                              // LDREXD/STREXD: one atomic doubleword
            case 0b10 -> 1;
            default -> 2;
        };
        return List.of(new MemoryAccess(r.get(rn(insn)), size, !bit(insn, 20)));
    }

    /** SWP/SWPB: cond 0001 0B00 Rn Rt 0000 1001 Rt2 -- a read then a write at [Rn]. */
    private static List<MemoryAccess> armSwap(int insn, Regs r) {
        int size = bit(insn, 22) ? 1 : 4;
        int address = r.get(rn(insn));
        return List.of(MemoryAccess.read(address, size), MemoryAccess.write(address, size));
    }

    /**
     * LDR/STR/LDRB/STRB (immediate, literal, register with shift) and LDRT/STRT/LDRBT/STRBT:
     * cond 01I P U B W L Rn Rt offset. The T forms are P=0 W=1, i.e. post-indexed: address [Rn].
     */
    private static List<MemoryAccess> armLoadStoreWordByte(int insn, Regs r) {
        int offset;
        if (!bit(insn, 25)) {
            offset = insn & 0xFFF;
        } else {
            Integer shifted = armShiftedRegister(insn, r);
            if (shifted == null) {
                return null;
            }
            offset = shifted;
        }
        int address = indexed(r.get(rn(insn)), offset, bit(insn, 24), bit(insn, 23));
        return List.of(new MemoryAccess(address, bit(insn, 22) ? 1 : 4, !bit(insn, 20)));
    }

    /** Rm shifted by imm5 (LSL, LSR, ASR, ROR, RRX when ROR #0); null if RRX cannot read the carry. */
    private static Integer armShiftedRegister(int insn, Regs r) {
        int rm = r.get(insn & 0xF);
        int imm5 = (insn >>> 7) & 0x1F;
        switch ((insn >>> 5) & 3) {
            case 0:
                return rm << imm5;                                   // LSL
            case 1:
                return imm5 == 0 ? 0 : rm >>> imm5;                  // LSR (#0 means #32)
            case 2:
                return rm >> (imm5 == 0 ? 31 : imm5);                // ASR (#0 means #32)
            default:
                if (imm5 != 0) {
                    return Integer.rotateRight(rm, imm5);            // ROR
                }
                Integer cpsr = r.cpsr();                             // RRX
                return cpsr == null ? null : ((cpsr >>> 29) & 1) << 31 | rm >>> 1;
        }
    }

    /**
     * LDM/STM (IA, IB, DA, DB; PUSH = STMDB SP!, POP = LDMIA SP!): cond 100 P U S W L Rn list. The
     * user-bank/exception-return ^ form (S=1) touches the same memory, so it is treated alike.
     */
    private static List<MemoryAccess> armLoadStoreMultiple(int insn, Regs r) {
        return blockTransfer(r.get(rn(insn)), insn & 0xFFFF, bit(insn, 23), bit(insn, 24), bit(insn, 20));
    }

    // ------------------------------------------------------------------------------------------------
    // Shared A32/T32: floating point and Advanced SIMD
    // ------------------------------------------------------------------------------------------------

    /**
     * Extension register load/store (A32 cond 110P UDWL Rn Vd 101x imm8; T32 1110 110P UDWL ... the same):
     * VLDR/VSTR, VLDM/VSTM IA/DB (VPUSH = VSTMDB SP!, VPOP = VLDMIA SP!). bit 8 selects doubles.
     * Other coprocessors (generic LDC/STC) and the 64-bit VMOV transfers (P=U=0) give null.
     */
    private static List<MemoryAccess> extensionRegisterLoadStore(int insn, Regs r) {
        if ((insn & 0x0E00) != 0x0A00) {
            return null;                                 // not coprocessor 10/11
        }
        boolean p = bit(insn, 24);
        boolean u = bit(insn, 23);
        boolean w = bit(insn, 21);
        boolean store = !bit(insn, 20);
        boolean doubles = bit(insn, 8);
        int imm32 = (insn & 0xFF) << 2;
        int n = rn(insn);
        if (p && !w) {                                   // VLDR / VSTR: base is Align(PC,4) for literals
            int address = indexed(r.literalBase(n), imm32, true, u);
            return List.of(new MemoryAccess(address, doubles ? 8 : 4, store));
        }
        if (p == u) {
            return null;                                 // P=U=0: 64-bit VMOV / undefined; P=U=W=1: undefined
        }
        // VLDM / VSTM: IA (P=0 U=1) or DB! (P=1 U=0 W=1)
        int d = doubles ? (bit(insn, 22) ? 16 : 0) | ((insn >>> 12) & 0xF)
                        : ((insn >>> 11) & 0x1E) | (bit(insn, 22) ? 1 : 0);
        int regs = doubles ? (insn & 0xFF) >>> 1 : insn & 0xFF;   // odd imm8 with doubles: FLDMX/FSTMX
        if (regs == 0 || (doubles && regs > 16) || d + regs > 32) {
            return null;                                 // UNPREDICTABLE
        }
        int start = u ? r.literalBase(n) : r.literalBase(n) - imm32;    // Rn = PC: UNPREDICTABLE, Unicorn aligns
        return doubles ? sequence(start, regs, 8, store) : sequence(start, regs, 4, store);
    }

    /**
     * Advanced SIMD element or structure load/store, in its A32 form 1111 0100 A D L 0 Rn Vd type size
     * align Rm (T32 1111 1001 ... is converted by the caller). A=0: VLD1-4/VST1-4 multiple structures;
     * A=1: single lane, or (loads, size field 11) single structure to all lanes. Rm only selects
     * writeback, so the address is always [Rn].
     */
    private static List<MemoryAccess> simdElementOrStructure(int insn, Regs r) {
        boolean load = bit(insn, 21);
        int address = r.get(rn(insn));                  // Rn = PC is UNPREDICTABLE; Unicorn uses the PC
        if (!bit(insn, 23)) {
            int type = (insn >>> 8) & 0xF;
            int size = (insn >>> 6) & 3;
            int dRegs = switch (type) {
                case 0b0111 -> 1;                        // VLD1/VST1, one register
                case 0b1010, 0b1000, 0b1001 -> 2;        // VLD1 x2; VLD2 (spacing 1 or 2)
                case 0b0110, 0b0100, 0b0101 -> 3;        // VLD1 x3; VLD3 (spacing 1 or 2)
                case 0b0010, 0b0011, 0b0000, 0b0001 -> 4; // VLD1 x4; VLD2 two pairs; VLD4 (spacing 1 or 2)
                default -> 0;
            };
            boolean vld1 = type == 0b0111 || type == 0b1010 || type == 0b0110 || type == 0b0010;
            if (dRegs == 0 || (size == 3 && !vld1)) {
                return null;                             // UNDEFINED
            }
            // Every form walks dRegs * 8 consecutive bytes from [Rn]. VLD1/VST1 fill whole registers
            // from consecutive little-endian elements, so (as QEMU/Unicorn does) one 8-byte access per
            // D register; VLD2-4/VST2-4 interleave, one access per element.
            return vld1 ? sequence(address, dRegs, 8, !load) : sequence(address, dRegs * 8 >>> size, 1 << size, !load);
        }
        int structures = ((insn >>> 8) & 3) + 1;         // VLDn / VSTn: n elements
        int sizeField = (insn >>> 10) & 3;
        if (sizeField != 3) {                            // single lane
            return sequence(address, structures, 1 << sizeField, !load);
        }
        if (!load) {
            return null;                                 // no "store to all lanes"
        }
        int size = (insn >>> 6) & 3;                     // single structure to all lanes
        if (size == 3) {
            if (structures != 4 || !bit(insn, 4)) {
                return null;                             // only VLD4.32 with align bit uses size 11
            }
            size = 2;
        }
        return sequence(address, structures, 1 << size, false);
    }

    // ------------------------------------------------------------------------------------------------
    // T16
    // ------------------------------------------------------------------------------------------------

    private static final int[] T16_REG_SIZE = {4, 2, 1, 1, 4, 2, 1, 2}; // STR STRH STRB LDRSB LDR LDRH LDRB LDRSH

    /** 16-bit Thumb loads/stores, by the top five bits of the halfword. */
    private static List<MemoryAccess> thumb16(int hw, Regs r) {
        int rn = (hw >>> 3) & 7;
        int imm5 = (hw >>> 6) & 0x1F;
        boolean load = bit(hw, 11);
        switch (hw >>> 11) {
            case 0b01001:                                // LDR (literal): [Align(PC,4) + imm8*4]
                return List.of(MemoryAccess.read(r.literalBase(15) + ((hw & 0xFF) << 2), 4));
            case 0b01010:
            case 0b01011: {                              // 0101 opB Rm Rn Rt: register offset
                int opB = (hw >>> 9) & 7;
                int address = r.get(rn) + r.get((hw >>> 6) & 7);
                return List.of(new MemoryAccess(address, T16_REG_SIZE[opB], opB < 3));
            }
            case 0b01100:
            case 0b01101:                                // STR/LDR (immediate): imm5*4
                return List.of(new MemoryAccess(r.get(rn) + (imm5 << 2), 4, !load));
            case 0b01110:
            case 0b01111:                                // STRB/LDRB (immediate)
                return List.of(new MemoryAccess(r.get(rn) + imm5, 1, !load));
            case 0b10000:
            case 0b10001:                                // STRH/LDRH (immediate): imm5*2
                return List.of(new MemoryAccess(r.get(rn) + (imm5 << 1), 2, !load));
            case 0b10010:
            case 0b10011:                                // STR/LDR (SP plus immediate): imm8*4
                return List.of(new MemoryAccess(r.get(13) + ((hw & 0xFF) << 2), 4, !load));
            case 0b10110:
            case 0b10111:
                return thumb16PushPop(hw, r);
            case 0b11000:
            case 0b11001:                                // STMIA/LDMIA Rn{!}, list
                return blockTransfer(r.get((hw >>> 8) & 7), hw & 0xFF, true, false, load);
            default:
                return null;
        }
    }

    /** PUSH 1011 010M list (STMDB SP!) and POP 1011 110P list (LDMIA SP!). */
    private static List<MemoryAccess> thumb16PushPop(int hw, Regs r) {
        int list = hw & 0xFF;
        if ((hw & 0xFE00) == 0xB400) {
            return blockTransfer(r.get(13), list | (bit(hw, 8) ? 1 << 14 : 0), false, true, false);
        }
        if ((hw & 0xFE00) == 0xBC00) {
            return blockTransfer(r.get(13), list | (bit(hw, 8) ? 1 << 15 : 0), true, false, true);
        }
        return null;                                     // other miscellaneous 16-bit instructions
    }

    // ------------------------------------------------------------------------------------------------
    // T32
    // ------------------------------------------------------------------------------------------------

    /**
     * 1110 100 op 0 W L Rn | list: STM/LDM IA (op=01, POP.W = LDMIA SP!) and STMDB/LDMDB (op=10, PUSH.W).
     * op 00/11 are SRS/RFE: null.
     */
    private static List<MemoryAccess> thumb32LoadStoreMultiple(int hw1, int hw2, Regs r) {
        int op = (hw1 >>> 7) & 3;
        if (op != 0b01 && op != 0b10) {
            return null;
        }
        return blockTransfer(r.get(hw1 & 0xF), hw2, op == 0b01, op == 0b10, bit(hw1, 4));
    }

    /**
     * 1110 100P U1WL Rn: LDRD/STRD (immediate, literal; when P or W is set), LDREX/STREX (op1=00),
     * and with op1=01: TBB/TBH, LDREX/STREX{B,H,D}, ARMv8 LDA/STL{B,H} and LDAEX/STLEX{B,H,D}.
     */
    private static List<MemoryAccess> thumb32DualExclusiveTableBranch(int hw1, int hw2, Regs r) {
        boolean p = bit(hw1, 8);
        boolean u = bit(hw1, 7);
        boolean load = bit(hw1, 4);
        int n = hw1 & 0xF;
        int imm8x4 = (hw2 & 0xFF) << 2;
        if (p || bit(hw1, 5)) {                          // LDRD/STRD; Rn = PC is LDRD (literal)
            return words(indexed(r.literalBase(n), imm8x4, p, u), 2, !load);
        }
        if (!u) {                                        // STREX / LDREX: [Rn, #imm8*4]
            return List.of(new MemoryAccess(r.get(n) + imm8x4, 4, !load));
        }
        int op3 = (hw2 >>> 4) & 0xF;
        if (op3 < 0b0100) {
            if (!load || op3 > 1) {
                return null;
            }
            int index = r.get(hw2 & 0xF);                // TBB [Rn, Rm] / TBH [Rn, Rm, LSL #1]; PC reads +4
            return op3 == 0 ? List.of(MemoryAccess.read(r.get(n) + index, 1))
                            : List.of(MemoryAccess.read(r.get(n) + (index << 1), 2));
        }
        int sz = op3 & 3;
        if ((op3 < 0b1000 && sz == 2) || (op3 >>> 2 == 0b10 && sz == 3)) {
            return null;                                 // word exclusive is op1=00; no LDA/STL doubleword
        }
        return List.of(new MemoryAccess(r.get(n), 1 << sz, !load));
    }

    /**
     * 1111 100S xszL Rn | Rt ...: STR/STRB/STRH, LDR/LDRB/LDRH/LDRSB/LDRSH in forms imm12 (bit 7 of hw1),
     * imm8 with P/U/W (hw2 1PUW; 1110 = the unprivileged T form), register with LSL #0-3, and literal
     * (Rn = PC, Align(PC,4) +/- imm12). Byte/halfword loads with Rt = PC are PLD/PLDW/PLI/unallocated
     * hints: empty list (except the writeback and T forms, UNPREDICTABLE, which Unicorn performs as loads).
     */
    private static List<MemoryAccess> thumb32LoadStoreSingle(int hw1, int hw2, Regs r) {
        boolean load = bit(hw1, 4);
        boolean signed = bit(hw1, 8);
        int sizeBits = (hw1 >>> 5) & 3;
        if (sizeBits == 3 || (signed && (!load || sizeBits == 2))) {
            return null;                                 // UNDEFINED
        }
        int n = hw1 & 0xF;
        // Rn = PC reads Align(PC,4). For stores that is UNDEFINED, but Unicorn performs them in these forms.
        int base = r.literalBase(n);
        int address;
        boolean hintForm = true;                         // Rt = PC makes a hint except in the 1PUW forms
        if (n == 15 && load) {
            address = indexed(base, hw2 & 0xFFF, true, bit(hw1, 7));     // literal: +/- imm12
        } else if (bit(hw1, 7)) {
            address = base + (hw2 & 0xFFF);
        } else if (bit(hw2, 11)) {
            boolean p = bit(hw2, 10);
            if (!p && !bit(hw2, 8)) {
                return null;                             // P=0 W=0: UNDEFINED
            }
            address = indexed(base, hw2 & 0xFF, p, bit(hw2, 9));
            hintForm = (hw2 & 0x0F00) == 0x0C00;         // only [Rn, #-imm8] is a hint
        } else if ((hw2 & 0x0FC0) == 0) {
            address = base + (r.get(hw2 & 0xF) << ((hw2 >>> 4) & 3));
        } else {
            return null;
        }
        if (load && sizeBits < 2 && (hw2 >>> 12) == 15 && hintForm) {
            return List.of();                            // preload / unallocated memory hint
        }
        return List.of(new MemoryAccess(address, 1 << sizeBits, !load));
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------------

    /**
     * A register list transfer: one word per set bit, lowest register at the lowest address, in ascending
     * address order. {@code increment} with {@code before} gives IB, without IA; decrement: DB / DA.
     * An empty list is UNPREDICTABLE: null.
     */
    private static List<MemoryAccess> blockTransfer(int base, int list, boolean increment, boolean before,
                                                    boolean load) {
        int count = Integer.bitCount(list & 0xFFFF);
        if (count == 0) {
            return null;
        }
        int start = increment ? (before ? base + 4 : base) : base - 4 * count + (before ? 0 : 4);
        return sequence(start, count, 4, !load);
    }

    /** {@code count} accesses of {@code size} bytes at consecutive ascending addresses from {@code start}. */
    private static List<MemoryAccess> sequence(int start, int count, int size, boolean write) {
        List<MemoryAccess> accesses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            accesses.add(new MemoryAccess(start + i * size, size, write));
        }
        return List.copyOf(accesses);
    }

    private static List<MemoryAccess> words(int start, int count, boolean write) {
        return sequence(start, count, 4, write);
    }

    /** ARM ARM offset addressing: offset_addr = base +/- offset; address = P ? offset_addr : base. */
    private static int indexed(int base, int offset, boolean preIndex, boolean add) {
        return preIndex ? (add ? base + offset : base - offset) : base;
    }

    private static int rn(int insn) {
        return (insn >>> 16) & 0xF;
    }

    private static boolean bit(int value, int bit) {
        return (value >>> bit & 1) != 0;
    }

    /** Register reads as the instruction sees them: PC is the instruction address plus the pipeline offset. */
    private record Regs(IntUnaryOperator reg, int pcOffset) {

        int get(int n) {
            return n == 15 ? reg.applyAsInt(15) + pcOffset : reg.applyAsInt(n);
        }

        /** Base for literal-capable forms: Align(PC, 4) when n is the PC. */
        int literalBase(int n) {
            return n == 15 ? get(15) & ~3 : get(n);
        }

        Integer cpsr() {
            try {
                return reg.applyAsInt(CPSR);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
