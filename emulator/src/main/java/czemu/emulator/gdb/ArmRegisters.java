package czemu.emulator.gdb;

import java.util.Arrays;

/**
 * The register file of one thread as the debugger sees it: r0..r15, cpsr, d0..d31 and fpscr.
 * A plain mutable value: the target fills a fresh one in {@link DebugTarget#readRegisters} and the
 * stub hands a complete one to {@link DebugTarget#writeRegisters}.
 */
public final class ArmRegisters {
    /** r0..r15 (r13 = sp, r14 = lr, r15 = pc). */
    public final int[] r = new int[16];
    public int cpsr;
    /** d0..d31, the raw 64-bit contents. */
    public final long[] d = new long[32];
    public int fpscr;

    public ArmRegisters() {}

    public ArmRegisters(ArmRegisters other) {
        System.arraycopy(other.r, 0, r, 0, 16);
        cpsr = other.cpsr;
        System.arraycopy(other.d, 0, d, 0, 32);
        fpscr = other.fpscr;
    }

    /** The register's value; 32-bit registers are zero-extended. */
    public long get(ArmRegister reg) {
        if (reg.ordinal() <= ArmRegister.PC.ordinal()) return r[reg.ordinal()] & 0xFFFFFFFFL;
        if (reg == ArmRegister.CPSR) return cpsr & 0xFFFFFFFFL;
        if (reg == ArmRegister.FPSCR) return fpscr & 0xFFFFFFFFL;
        return d[reg.ordinal() - ArmRegister.D0.ordinal()];
    }

    /** Sets the register; 32-bit registers take the low 32 bits of {@code value}. */
    public void set(ArmRegister reg, long value) {
        if (reg.ordinal() <= ArmRegister.PC.ordinal()) r[reg.ordinal()] = (int) value;
        else if (reg == ArmRegister.CPSR) cpsr = (int) value;
        else if (reg == ArmRegister.FPSCR) fpscr = (int) value;
        else d[reg.ordinal() - ArmRegister.D0.ordinal()] = value;
    }

    /** The {@code g} packet layout: every register little-endian, in {@link ArmRegister} order. */
    byte[] toBytes() {
        byte[] out = new byte[ArmRegister.G_PACKET_BYTES];
        int off = 0;
        for (ArmRegister reg : ArmRegister.values()) {
            long v = get(reg);
            for (int i = 0; i < reg.size(); i++) out[off++] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    /** Parses the {@code g} layout; {@code bytes} must be exactly {@link ArmRegister#G_PACKET_BYTES}. */
    static ArmRegisters fromBytes(byte[] bytes) {
        if (bytes.length != ArmRegister.G_PACKET_BYTES) throw new IllegalArgumentException("length");
        ArmRegisters regs = new ArmRegisters();
        int off = 0;
        for (ArmRegister reg : ArmRegister.values()) {
            long v = 0;
            for (int i = 0; i < reg.size(); i++) v |= (bytes[off++] & 0xFFL) << (8 * i);
            regs.set(reg, v);
        }
        return regs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArmRegisters a && Arrays.equals(r, a.r) && cpsr == a.cpsr
                && Arrays.equals(d, a.d) && fpscr == a.fpscr;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(r) * 31 + Arrays.hashCode(d) + cpsr * 7 + fpscr;
    }

    @Override
    public String toString() {
        return "ArmRegisters" + Arrays.toString(r) + " cpsr=" + Integer.toHexString(cpsr);
    }
}
