package czemu.kernel.arch;

/**
 * One data access made by a load/store instruction: {@code size} bytes (1, 2, 4 or 8) starting at
 * {@code address}, a write when {@code write} is set. An access may cross a page boundary when the
 * address is unaligned; the consumer checks both pages if it cares.
 */
public record MemoryAccess(int address, int size, boolean write) {

    public MemoryAccess {
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException("access size must be 1, 2, 4 or 8: " + size);
        }
    }

    public static MemoryAccess read(int address, int size) {
        return new MemoryAccess(address, size, false);
    }

    public static MemoryAccess write(int address, int size) {
        return new MemoryAccess(address, size, true);
    }

    /** Address one past the last byte touched (wraps at 2^32 like the address itself). */
    public int end() {
        return address + size;
    }

    @Override
    public String toString() {
        return (write ? "W" : "R") + size + "@0x" + Integer.toHexString(address);
    }
}
