package czemu.pager.linux.memory;

import czemu.kernel.abi.MemoryLayout;

/**
 * The address space of a Linux process in czemu (docs/linux.md). From the bottom: page 0 unmapped;
 * the program image where it is linked (static ARM programs: 0x10000) and the brk heap after it,
 * up to the mmap region; mmap areas first fit upward from 0x40000000; the 8 MiB stack below
 * 0xBF000000 (where a 3G/1G ARM kernel puts TASK_SIZE); then, untouched by Linux calls, the global
 * mappings every czemu space has (UTCBs at 0xF8100000, the UART at 0xF9800000, the KIP at
 * 0xFF000000, the syscall page at 0xFFFFF000) and the kuser helper page at 0xFFFF0000.
 */
public final class LinuxLayout {
    private LinuxLayout() {}

    public static final int LOWEST_MAPPING = 0x00001000;
    public static final int MMAP_BASE = 0x40000000;
    public static final int STACK_TOP = 0xBF000000;
    public static final int STACK_SIZE = 8 << 20;
    public static final int STACK_BOTTOM = STACK_TOP - STACK_SIZE;
    /** The kuser helpers' page (the kernel's "vectors" page as user space sees it). */
    public static final int KUSER_PAGE = 0xFFFF0000;

    /** Whether [start, start+size) lies where Linux calls may place mappings: below the stack. */
    public static boolean mappable(int start, long size) {
        long from = Integer.toUnsignedLong(start);
        return from >= LOWEST_MAPPING && from + size <= Integer.toUnsignedLong(STACK_BOTTOM);
    }

    public static int pageUp(int address) {
        return MemoryLayout.pageUp(address);
    }
}
