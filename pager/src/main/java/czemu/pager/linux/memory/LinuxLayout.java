package czemu.pager.linux.memory;

import czemu.kernel.abi.MemoryLayout;

/**
 * The address space of a Linux process in czemu (docs/linux.md), laid out as qemu-arm lays out a
 * 32-bit guest's (QEMU 7.2 on a 64-bit host), so that the same program finds its stack, heap and
 * mappings at the same addresses under both and their traces compare without translating addresses
 * (an address's sign shows in the flags of a comparison with 0, and glibc does arithmetic on stack
 * pointers, neither of which a translation can follow: docs/traces.md). From the bottom: page 0
 * unmapped; the program image where it is linked (static ARM programs: 0x10000) and the brk heap
 * after it, up to 0x40000000; a guard page; the 8 MiB stack (qemu-arm's first mapping); mmap areas
 * first fit upward from the stack's top, up to 0xBF000000 (where a 3G/1G ARM kernel puts TASK_SIZE);
 * then, untouched by Linux calls, the global mappings every czemu space has (UTCBs at 0xF8100000,
 * the UART at 0xF9800000, the KIP at 0xFF000000, the syscall page at 0xFFFFF000) and the kuser
 * helper page at 0xFFFF0000.
 */
public final class LinuxLayout {
    private LinuxLayout() {}

    public static final int LOWEST_MAPPING = 0x00001000;
    /** The end of the brk heap's room: the stack's guard page, never mapped. */
    public static final int BRK_LIMIT = 0x40000000;
    public static final int STACK_SIZE = 8 << 20;
    public static final int STACK_BOTTOM = BRK_LIMIT + 0x1000;
    public static final int STACK_TOP = STACK_BOTTOM + STACK_SIZE;
    /** mmap's first fit starts here, above the stack. */
    public static final int MMAP_BASE = STACK_TOP;
    public static final int MMAP_END = 0xBF000000;
    /** The kuser helpers' page (the kernel's "vectors" page as user space sees it). */
    public static final int KUSER_PAGE = 0xFFFF0000;

    /** Whether [start, start+size) lies where Linux calls may place mappings: below TASK_SIZE, clear of the stack and its guard. */
    public static boolean mappable(int start, long size) {
        long from = Integer.toUnsignedLong(start), to = from + size;
        boolean clearOfStack = to <= Integer.toUnsignedLong(BRK_LIMIT) || from >= Integer.toUnsignedLong(STACK_TOP);
        return from >= LOWEST_MAPPING && to <= Integer.toUnsignedLong(MMAP_END) && clearOfStack;
    }

    public static int pageUp(int address) {
        return MemoryLayout.pageUp(address);
    }
}
