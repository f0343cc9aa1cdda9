package czemu.loader;

/**
 * The virtual range a task's ELF image must lie in: {@code [start, end)}, both unsigned 32-bit
 * addresses held in ints.
 */
public record TaskRegion(int start, int end) {

    /** The POSIX container's task region (codezero-abi.md §1.1, {@code pager_regions.task}). */
    public static final TaskRegion CODEZERO_POSIX = new TaskRegion(0x40000000, 0x80000000);

    /**
     * Where a Linux program's image may lie in czemu's Linux door: from the second page (page 0
     * stays unmapped, so a NULL access faults) up to the mmap region at 0x40000000 (docs/linux.md).
     */
    public static final TaskRegion LINUX = new TaskRegion(0x00001000, 0x40000000);

    /** Every address a segment may have: for reading a program before its front door is chosen. */
    public static final TaskRegion ANYWHERE = new TaskRegion(0x00000000, 0xFFFFF000);

    public TaskRegion {
        if (Integer.compareUnsigned(start, end) >= 0) {
            throw new IllegalArgumentException(String.format("empty task region [0x%x, 0x%x)", start, end));
        }
    }

    /** Whether {@code [address, address + size)} (unsigned, no wrap-around) lies inside the region. */
    public boolean contains(int address, int size) {
        long from = Integer.toUnsignedLong(address);
        long to = from + Integer.toUnsignedLong(size);
        return from >= Integer.toUnsignedLong(start) && to <= Integer.toUnsignedLong(end);
    }

    @Override
    public String toString() {
        return String.format("[0x%x, 0x%x)", start, end);
    }
}
