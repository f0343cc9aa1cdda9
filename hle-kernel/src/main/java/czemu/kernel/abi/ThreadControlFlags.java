package czemu.kernel.abi;

/**
 * The flag words of thread_control (codezero-abi.md §2.7) and exchange_registers (§2.8), shared by
 * the system calls that decode them and the capability checks that map them to access bits.
 */
public final class ThreadControlFlags {
    /** thread_control actions: {@code flags & TC_ACTION_MASK}. */
    public static final int TC_ACTION_MASK = 0xF0000000;
    public static final int TC_CREATE = 0x00000000;
    public static final int TC_RUN = 0x10000000;
    public static final int TC_SUSPEND = 0x20000000;
    /** The exit code is in the low 16 bits. */
    public static final int TC_DESTROY = 0x30000000;
    public static final int TC_RECYCLE = 0x40000000;
    public static final int TC_WAIT = 0x50000000;
    public static final int TC_EXIT_CODE_MASK = 0xFFFF;

    /** thread_control creation flags. */
    public static final int TC_CREATE_MASK = 0x0FF00000;
    public static final int TC_SHARE_CAPS = 0x00100000;
    public static final int TC_SHARE_UTCB = 0x00200000;
    public static final int TC_SHARE_GROUP = 0x00400000;
    public static final int TC_SHARE_SPACE = 0x01000000;
    public static final int TC_COPY_SPACE = 0x02000000;
    public static final int TC_NEW_SPACE = 0x04000000;
    public static final int TC_SPACE_MASK = TC_SHARE_SPACE | TC_COPY_SPACE | TC_NEW_SPACE;

    /** exchange_registers flags word. */
    public static final int EXREGS_SET_PAGER = 1;
    public static final int EXREGS_SET_UTCB = 2;
    public static final int EXREGS_READ = 4;
    /** valid_vect bits: r0..r12 and lr are "regular" registers, bit 13 sp, bit 15 pc. */
    public static final int EXREGS_VALID_SP = 1 << 13;
    public static final int EXREGS_VALID_PC = 1 << 15;
    public static final int EXREGS_VALID_REGULAR = 0x1FFF | (1 << 14);

    private ThreadControlFlags() {}
}
