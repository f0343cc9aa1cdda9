package czemu.kernel.abi;

/** Fixed virtual addresses every address space sees (codezero-abi.md §1.1). */
public final class MemoryLayout {
    public static final int PAGE_SIZE = 4096;
    public static final int KIP = 0xFF000000;
    /** KIP offset of the running thread's UTCB address (§1.2: 0x54, not the stale 0x50). */
    public static final int KIP_UTCB_OFFSET = 0x54;
    public static final int SYSCALL_PAGE = 0xFFFFF000;
    public static final int UART0 = 0xF9800000;
    public static final int UTCB_REGION_START = 0xF8100000;
    public static final int UTCB_REGION_END = 0xF8200000;
    public static final int UTCB_SIZE = 256;
    /** The kernel's own range: user mode never touches it (mutexes there are -EINVAL, §2.6). */
    public static final int KERNEL_START = 0xF0000000;
    public static final int KERNEL_END = 0xF8000000;

    private MemoryLayout() {}

    public static int pageDown(int address) {
        return address & ~(PAGE_SIZE - 1);
    }

    public static int pageUp(int address) {
        return (address + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    }
}
