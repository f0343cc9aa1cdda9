package czemu.loader;

/**
 * Little-endian reads from the file image. Every structure is bounds-checked with
 * {@link #require} before it is read, so a short file is reported as truncated, not as an index
 * error.
 */
final class ElfBytes {
    final String name;
    private final byte[] b;

    ElfBytes(String name, byte[] bytes) {
        this.name = name;
        this.b = bytes;
    }

    long length() {
        return b.length;
    }

    /** Fails unless {@code [offset, offset + length)} lies in the file; {@code what} says what ends there. */
    void require(String what, long offset, long length) throws LoaderException {
        long end = offset + length; // offsets and lengths come from 32-bit fields, so no long overflow
        if (end > b.length) {
            throw fail(String.format("truncated: %s at 0x%x but the file has 0x%x bytes", what, end, b.length));
        }
    }

    LoaderException fail(String problem) {
        return new LoaderException(name, problem);
    }

    int u8(long offset) {
        return b[Math.toIntExact(offset)] & 0xff;
    }

    int u16(long offset) {
        return u8(offset) | u8(offset + 1) << 8;
    }

    int u32(long offset) {
        return u16(offset) | u16(offset + 2) << 16;
    }

    /** A 32-bit field read as an unsigned offset or size. */
    long u32Unsigned(long offset) {
        return Integer.toUnsignedLong(u32(offset));
    }

    /** The bytes up to the first NUL in {@code [offset, end)}, or null if there is no NUL there. */
    byte[] cString(long offset, long end) {
        for (long i = offset; i < end; i++) {
            if (b[Math.toIntExact(i)] == 0) {
                byte[] s = new byte[Math.toIntExact(i - offset)];
                System.arraycopy(b, Math.toIntExact(offset), s, 0, s.length);
                return s;
            }
        }
        return null;
    }
}
