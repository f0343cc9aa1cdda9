package czemu.pager.linux.fs;

import czemu.pager.fs.Directory;
import czemu.pager.fs.RegularFile;
import czemu.pager.fs.Vnode;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.vm.FilePages;
import java.util.function.Function;

/**
 * A memfs file or directory opened by a Linux process: the node, the cursor (for a directory, the
 * index of the next entry getdents64 returns) and the open flags. Writes go through to the file and
 * to its page cache, so mappings of the file see them. A file imported from the host without
 * --writable refuses writes with -EACCES, as mm0's WRITE does.
 */
public final class MemFsFile extends OpenFileDescription {
    private final Vnode node;
    private final Function<RegularFile, FilePages> pageCache;
    private final long fileSystemTime;
    private long cursor;

    public MemFsFile(Vnode node, int flags, Function<RegularFile, FilePages> pageCache, long fileSystemTime) {
        super(flags);
        this.node = node;
        this.pageCache = pageCache;
        this.fileSystemTime = fileSystemTime;
    }

    @Override
    public Vnode node() {
        return node;
    }

    /** The position getdents64 continues from (an entry index) or the byte cursor of a file. */
    public long cursor() {
        return cursor;
    }

    public void setCursor(long cursor) {
        this.cursor = cursor;
    }

    @Override
    public Io read(int count) {
        Io result = readAt(cursor, count);
        if (result.result() > 0) cursor += result.result();
        return result;
    }

    @Override
    public Io readAt(long offset, int count) {
        if (!readable()) return Io.error(-LinuxAbi.EBADF);
        if (!(node instanceof RegularFile file)) return Io.error(-LinuxAbi.EISDIR);
        if (offset < 0) return Io.error(-LinuxAbi.EINVAL);
        byte[] data = new byte[(int) Math.max(0, Math.min(count, file.length() - offset))];
        file.read(offset, data, 0, data.length);
        return Io.bytes(data);
    }

    @Override
    public Io write(byte[] data) {
        if (node instanceof RegularFile file && (flags() & LinuxAbi.O_APPEND) != 0) cursor = file.length();
        Io result = writeAt(cursor, data);
        if (result.result() > 0) cursor += result.result();
        return result;
    }

    @Override
    public Io writeAt(long offset, byte[] data) {
        if (!writable()) return Io.error(-LinuxAbi.EBADF);
        if (!(node instanceof RegularFile file)) return Io.error(-LinuxAbi.EISDIR);
        if (file.readOnly()) return Io.error(-LinuxAbi.EACCES);
        if (offset < 0) return Io.error(-LinuxAbi.EINVAL);
        if (offset + data.length > Integer.MAX_VALUE - 8) return Io.error(-LinuxAbi.EFBIG);
        file.write(offset, data, 0, data.length);
        pageCache.apply(file).fileWritten(offset, data.length);
        return Io.count(data.length);
    }

    @Override
    public long seek(long offset, int whence) {
        long base = switch (whence) {
            case LinuxAbi.SEEK_SET -> 0;
            case LinuxAbi.SEEK_CUR -> cursor;
            case LinuxAbi.SEEK_END -> node instanceof RegularFile file ? file.length() : 0;
            default -> -1;
        };
        if (base < 0 || base + offset < 0) return -LinuxAbi.EINVAL;
        cursor = base + offset;
        return cursor;
    }

    @Override
    public int truncate(long length) {
        if (!(node instanceof RegularFile file) || !writable() || length < 0) return -LinuxAbi.EINVAL;
        if (file.readOnly()) return -LinuxAbi.EACCES;
        if (length > Integer.MAX_VALUE - 8) return -LinuxAbi.EFBIG;
        long old = file.length();
        file.truncate(length);
        pageCache.apply(file).fileWritten(Math.min(old, length), (int) Math.max(1, Math.abs(old - length)));
        return 0;
    }

    @Override
    public FileStatus status() {
        return statusOf(node, fileSystemTime);
    }

    /** stat of a memfs node: directories 0755 with two links, files 0644 (0444 when imported read-only). */
    public static FileStatus statusOf(Vnode node, long fileSystemTime) {
        if (node instanceof Directory) {
            return new FileStatus(LinuxAbi.S_IFDIR | 0755, 4096, node.inode(), 2, FileStatus.MEMFS_MAJOR,
                    FileStatus.MEMFS_MINOR, 0, 0, fileSystemTime);
        }
        RegularFile file = (RegularFile) node;
        return new FileStatus(LinuxAbi.S_IFREG | (file.readOnly() ? 0444 : 0644), file.length(), node.inode(), 1,
                FileStatus.MEMFS_MAJOR, FileStatus.MEMFS_MINOR, 0, 0, fileSystemTime);
    }
}
