package czemu.pager.fs;

import java.util.Arrays;

/** A memfs file: bytes in memory, growing on writes past the end; a gap left by a seek reads as zeros. */
public final class RegularFile extends Vnode {
    private byte[] bytes = new byte[0];
    private long length;
    /** Imported from the host without --writable: reads only, writes are -EACCES. */
    private boolean readOnly;

    RegularFile(int inode, String name, Directory parent) {
        super(inode, name, parent);
    }

    public boolean readOnly() {
        return readOnly;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public long length() {
        return length;
    }

    /** Copies up to {@code count} bytes at {@code offset}; returns how many (0 at or past the end). */
    public int read(long offset, byte[] into, int intoOffset, int count) {
        if (offset >= length) return 0;
        int n = (int) Math.min(count, length - offset);
        System.arraycopy(bytes, (int) offset, into, intoOffset, n);
        return n;
    }

    public void write(long offset, byte[] from, int fromOffset, int count) {
        long end = offset + count;
        if (end > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.max(end, Math.min(Integer.MAX_VALUE - 8, bytes.length * 2L)));
        }
        System.arraycopy(from, fromOffset, bytes, (int) offset, count);
        length = Math.max(length, end);
    }

    /** Cuts or extends (with zeros) the file to {@code newLength} bytes (O_TRUNC, ftruncate). */
    public void truncate(long newLength) {
        if (newLength > bytes.length) bytes = Arrays.copyOf(bytes, (int) newLength);
        if (newLength < length) Arrays.fill(bytes, (int) newLength, (int) length, (byte) 0);
        length = newLength;
    }

    /** The whole content, as a program image is read for exec. */
    public byte[] content() {
        return Arrays.copyOf(bytes, (int) length);
    }
}
