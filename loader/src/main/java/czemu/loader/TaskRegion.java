package czemu.loader;

/**
 * The virtual range a task's ELF image must lie in: {@code [start, end)}, both unsigned 32-bit
 * addresses held in ints.
 */
public record TaskRegion(int start, int end) {

    /** The POSIX container's task region (codezero-abi.md §1.1, {@code pager_regions.task}). */
    public static final TaskRegion CODEZERO_POSIX = new TaskRegion(0x40000000, 0x80000000);

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
