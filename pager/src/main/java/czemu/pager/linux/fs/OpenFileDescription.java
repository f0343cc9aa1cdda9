package czemu.pager.linux.fs;

import czemu.pager.fs.Vnode;
import czemu.pager.linux.abi.LinuxAbi;

/**
 * An open file description: what open, pipe and the terminal give a process, shared by the file
 * descriptors that dup and fork make of it (with its cursor and status flags, as in Linux). The last
 * descriptor to close it releases it ({@link #closed}). Operations a kind of file does not have
 * answer as Linux does for it (-ESPIPE, -ENOTTY, -EINVAL).
 */
public abstract class OpenFileDescription {
    private int references = 1;
    private int flags;

    protected OpenFileDescription(int flags) {
        this.flags = flags;
    }

    public final void retain() {
        references++;
    }

    public final void release() {
        if (--references == 0) closed();
    }

    /** The last descriptor of it was closed. */
    protected void closed() {}

    /** The access mode and status flags (O_RDONLY/O_WRONLY/O_RDWR, O_APPEND, O_NONBLOCK, ...). */
    public int flags() {
        return flags;
    }

    /** F_SETFL: only O_APPEND and O_NONBLOCK change. */
    public void setStatusFlags(int newFlags) {
        int changeable = LinuxAbi.O_APPEND | LinuxAbi.O_NONBLOCK;
        flags = (flags & ~changeable) | (newFlags & changeable);
    }

    public boolean readable() {
        return (flags & LinuxAbi.O_ACCMODE) != LinuxAbi.O_WRONLY;
    }

    public boolean writable() {
        return (flags & LinuxAbi.O_ACCMODE) != LinuxAbi.O_RDONLY;
    }

    public boolean nonBlocking() {
        return (flags & LinuxAbi.O_NONBLOCK) != 0;
    }

    /** Up to {@code count} bytes at the cursor. */
    public abstract Io read(int count);

    /** Writes {@code data} at the cursor (or the end, with O_APPEND). */
    public abstract Io write(byte[] data);

    /** pread64: at {@code offset}, the cursor unchanged. */
    public Io readAt(long offset, int count) {
        return Io.error(-LinuxAbi.ESPIPE);
    }

    /** pwrite64: at {@code offset}, the cursor unchanged. */
    public Io writeAt(long offset, byte[] data) {
        return Io.error(-LinuxAbi.ESPIPE);
    }

    /** lseek: the new cursor, or a negative errno. */
    public long seek(long offset, int whence) {
        return -LinuxAbi.ESPIPE;
    }

    public abstract FileStatus status();

    /** The memfs node behind it (a file or directory), or null for pipes and devices. */
    public Vnode node() {
        return null;
    }

    /** Whether the terminal behind it answers terminal ioctls (TCGETS, TIOCGWINSZ). */
    public boolean isTerminal() {
        return false;
    }

    /** ftruncate. */
    public int truncate(long length) {
        return -LinuxAbi.EINVAL;
    }
}
