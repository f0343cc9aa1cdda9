package czemu.kernel.device;

import java.util.function.IntUnaryOperator;

/**
 * Decodes the single-register loads and stores a program uses on device registers (LDR/STR with
 * byte, halfword, signed and word sizes, immediate or register offset, pre/post-index and
 * writeback, in ARM, Thumb and Thumb-2), far enough to perform them in Java: which register, which
 * address, and how the base changes. Anything else returns null.
 */
public record SingleTransfer(boolean load, int size, boolean signed, int rt, int rn, int address,
                             boolean writeback, int newBase, int length) {

    /** {@code reg.applyAsInt(15)} is the instruction's own address; the PC offset is applied here. */
    public static SingleTransfer decodeArm(int insn, IntUnaryOperator reg) {
        int rn = (insn >>> 16) & 0xF, rt = (insn >>> 12) & 0xF;
        boolean p = bit(insn, 24), u = bit(insn, 23), w = bit(insn, 21), l = bit(insn, 20);
        int base = rn == 15 ? reg.applyAsInt(15) + 8 : reg.applyAsInt(rn);
        if (((insn >>> 26) & 3) == 1) { // LDR/STR/LDRB/STRB
            int offset;
            if (bit(insn, 25)) {
                if (bit(insn, 4)) return null;
                offset = shift(reg.applyAsInt(insn & 0xF), (insn >>> 5) & 3, (insn >>> 7) & 0x1F);
            } else {
                offset = insn & 0xFFF;
            }
            return indexed(l, bit(insn, 22) ? 1 : 4, false, rt, rn, base, u ? offset : -offset, p, w, 4);
        }
        if (((insn >>> 25) & 7) == 0 && bit(insn, 7) && bit(insn, 4)) { // LDRH/STRH/LDRSB/LDRSH
            int sh = (insn >>> 5) & 3;
            if (sh == 0 || (!l && sh != 1)) return null; // SWP, LDRD/STRD are not device accesses
            int offset = bit(insn, 22) ? ((insn >>> 4) & 0xF0) | (insn & 0xF) : reg.applyAsInt(insn & 0xF);
            return indexed(l, sh == 2 ? 1 : 2, sh != 1, rt, rn, base, u ? offset : -offset, p, w, 4);
        }
        return null;
    }

    public static SingleTransfer decodeThumb(int hw1, int hw2, IntUnaryOperator reg) {
        int pc = reg.applyAsInt(15);
        int top5 = hw1 >>> 11;
        if (top5 == 0b11111) return decodeThumb2(hw1, hw2, reg);
        if (top5 >= 0b11101) return null;
        int rt = hw1 & 7, rn = (hw1 >>> 3) & 7;
        int imm5 = (hw1 >>> 6) & 0x1F;
        switch (hw1 >>> 12) {
            case 0b0110 -> { return at(bit(hw1, 11), 4, false, rt, reg.applyAsInt(rn) + imm5 * 4); }
            case 0b0111 -> { return at(bit(hw1, 11), 1, false, rt, reg.applyAsInt(rn) + imm5); }
            case 0b1000 -> { return at(bit(hw1, 11), 2, false, rt, reg.applyAsInt(rn) + imm5 * 2); }
            case 0b1001 -> { return at(bit(hw1, 11), 4, false, (hw1 >>> 8) & 7, reg.applyAsInt(13) + (hw1 & 0xFF) * 4); }
            case 0b0101 -> {
                int address = reg.applyAsInt(rn) + reg.applyAsInt((hw1 >>> 6) & 7);
                return switch ((hw1 >>> 9) & 7) {
                    case 0 -> at(false, 4, false, rt, address);
                    case 1 -> at(false, 2, false, rt, address);
                    case 2 -> at(false, 1, false, rt, address);
                    case 3 -> at(true, 1, true, rt, address);
                    case 4 -> at(true, 4, false, rt, address);
                    case 5 -> at(true, 2, false, rt, address);
                    case 6 -> at(true, 1, false, rt, address);
                    default -> at(true, 2, true, rt, address);
                };
            }
            default -> { return null; }
        }
    }

    private static SingleTransfer decodeThumb2(int hw1, int hw2, IntUnaryOperator reg) {
        if ((hw1 & 0xFE00) != 0xF800) return null; // load/store single data item
        boolean signed = bit(hw1, 8), l = bit(hw1, 4);
        int sizeBits = (hw1 >>> 5) & 3;
        if (sizeBits == 3 || (signed && !l)) return null;
        int size = 1 << sizeBits;
        int rn = hw1 & 0xF, rt = (hw2 >>> 12) & 0xF;
        if (rn == 15) return null; // literal loads never address a device
        int base = reg.applyAsInt(rn);
        if (bit(hw1, 7)) return indexed(l, size, signed, rt, rn, base, hw2 & 0xFFF, true, false, 4);
        if (bit(hw2, 11)) {
            int imm8 = hw2 & 0xFF;
            return indexed(l, size, signed, rt, rn, base, bit(hw2, 9) ? imm8 : -imm8, bit(hw2, 10), bit(hw2, 8), 4);
        }
        if (((hw2 >>> 6) & 0x3F) == 0) {
            return indexed(l, size, signed, rt, rn, base, reg.applyAsInt(hw2 & 0xF) << ((hw2 >>> 4) & 3), true, false, 4);
        }
        return null;
    }

    private static SingleTransfer indexed(boolean load, int size, boolean signed, int rt, int rn, int base,
                                          int offset, boolean preIndex, boolean w, int length) {
        int offsetAddress = base + offset;
        return new SingleTransfer(load, size, signed, rt, rn, preIndex ? offsetAddress : base,
                !preIndex || w, offsetAddress, length);
    }

    private static SingleTransfer at(boolean load, int size, boolean signed, int rt, int address) {
        return new SingleTransfer(load, size, signed, rt, -1, address, false, 0, 2);
    }

    private static int shift(int value, int type, int amount) {
        return switch (type) {
            case 0 -> value << amount;
            case 1 -> amount == 0 ? 0 : value >>> amount;
            case 2 -> value >> (amount == 0 ? 31 : amount);
            default -> amount == 0 ? value >>> 1 : Integer.rotateRight(value, amount); // RRX without carry
        };
    }

    private static boolean bit(int value, int n) {
        return ((value >>> n) & 1) != 0;
    }
}
