package czemu.pager.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The bytes READDIR returns (codezero-abi.md §3.4): "." and ".." as 267-byte generic dirents
 * {u32 inum; u32 offset; u16 rlength; u8 type; u8 name[256]}, then one 43-byte memfs dentry
 * {u32 inum; u32 offset; u16 rlength; u8 type; u8 name[32]} per entry. Every record has its
 * length in rlength and the whole stays within the caller's 2048-byte buffer, so a walk by
 * d_reclen always ends.
 */
public final class DirectoryListing {
    public static final int BUFFER_SIZE = 2048;
    static final int GENERIC_RECORD = 267, MEMFS_RECORD = 43;
    static final int DT_DIR = 4, DT_REG = 8;

    private DirectoryListing() {}

    /** The records of {@code directory} that fit in {@code limit} bytes (at most 2048). */
    public static byte[] of(Directory directory, int limit) {
        int capacity = Math.max(0, Math.min(limit, BUFFER_SIZE));
        ByteBuffer out = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        Directory parent = directory.parent() == null ? directory : directory.parent();
        if (!record(out, directory.inode(), ".", 0, GENERIC_RECORD, 256)) return used(out);
        if (!record(out, parent.inode(), "..", 0, GENERIC_RECORD, 256)) return used(out);
        for (Vnode entry : directory.entries()) {
            int type = entry instanceof Directory ? DT_DIR : DT_REG;
            if (!record(out, entry.inode(), entry.name(), type, MEMFS_RECORD, 32)) break;
        }
        return used(out);
    }

    private static boolean record(ByteBuffer out, int inode, String name, int type, int length, int nameField) {
        if (out.remaining() < length) return false;
        int start = out.position();
        out.putInt(inode).putInt(start + length).putShort((short) length).put((byte) type);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        out.put(bytes, 0, Math.min(bytes.length, nameField - 1));
        out.position(start + length); // the rest of the name field stays NUL
        return true;
    }

    private static byte[] used(ByteBuffer out) {
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }
}
