package czemu.pager.linux.fs;

/**
 * What fstat and statx report of an open file or a path: the mode with its type bits, size, inode,
 * link count, device numbers (major/minor) and modification time in seconds. Owner and group are
 * always 0 (docs/linux.md: the guest runs as root over files it owns).
 */
public record FileStatus(int mode, long size, long inode, int nlink, int deviceMajor, int deviceMinor,
                         int rdevMajor, int rdevMinor, long modifiedSeconds) {
    /** memfs's device number, as if it were a tmpfs (major 0). */
    public static final int MEMFS_MAJOR = 0, MEMFS_MINOR = 20;

    public int type() {
        return mode & 0170000;
    }
}
