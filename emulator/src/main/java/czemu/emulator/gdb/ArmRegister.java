package czemu.emulator.gdb;

/**
 * The registers the stub serves, with the numbers gdb uses for them in {@code p}/{@code P}
 * packets under the target description {@link TargetDescription#TARGET_XML}: r0..r15 are 0..15,
 * cpsr is 25 (gdb's own numbering, which keeps 16..24 for the obsolete FPA registers), d0..d31 are
 * 26..57 and fpscr is 58. The {@code g} packet holds them in this order, without gaps: r0..r15,
 * cpsr, d0..d31, fpscr, each little-endian (328 bytes).
 */
public enum ArmRegister {
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, SP, LR, PC,
    CPSR,
    D0, D1, D2, D3, D4, D5, D6, D7, D8, D9, D10, D11, D12, D13, D14, D15,
    D16, D17, D18, D19, D20, D21, D22, D23, D24, D25, D26, D27, D28, D29, D30, D31,
    FPSCR;

    private static final ArmRegister[] VALUES = values();
    /** Bytes of all registers in a {@code g} packet. */
    public static final int G_PACKET_BYTES;
    static {
        int n = 0;
        for (ArmRegister r : VALUES) n += r.size();
        G_PACKET_BYTES = n;
    }

    /** The register's number in the remote protocol ({@code p}, {@code P}). */
    public int gdbNumber() {
        if (this.ordinal() <= PC.ordinal()) return ordinal();
        return ordinal() - CPSR.ordinal() + 25;
    }

    /** Size in bytes: 8 for d0..d31, 4 for the others. */
    public int size() {
        return isDouble() ? 8 : 4;
    }

    public boolean isDouble() {
        return ordinal() >= D0.ordinal() && ordinal() <= D31.ordinal();
    }

    /** r0..r15 by number. */
    public static ArmRegister core(int n) {
        if (n < 0 || n > 15) throw new IllegalArgumentException("r" + n);
        return VALUES[n];
    }

    /** d0..d31 by number. */
    public static ArmRegister d(int n) {
        if (n < 0 || n > 31) throw new IllegalArgumentException("d" + n);
        return VALUES[D0.ordinal() + n];
    }

    /** The register with this remote-protocol number, or null. */
    public static ArmRegister byGdbNumber(long number) {
        if (number >= 0 && number <= 15) return VALUES[(int) number];
        if (number >= 25 && number <= 58) return VALUES[(int) number - 25 + CPSR.ordinal()];
        return null;
    }

    /** Offset of this register in the {@code g} packet, in bytes. */
    int gPacketOffset() {
        int off = 0;
        for (int i = 0; i < ordinal(); i++) off += VALUES[i].size();
        return off;
    }
}
