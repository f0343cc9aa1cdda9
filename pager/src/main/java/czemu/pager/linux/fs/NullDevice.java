package czemu.pager.linux.fs;

import czemu.pager.linux.abi.LinuxAbi;

/** /dev/null: reads end at once, writes vanish. The only device file the Linux door provides. */
public final class NullDevice extends OpenFileDescription {
    public static final String PATH = "/dev/null";

    public NullDevice(int flags) {
        super(flags);
    }

    @Override
    public Io read(int count) {
        return readable() ? Io.count(0) : Io.error(-LinuxAbi.EBADF);
    }

    @Override
    public Io write(byte[] data) {
        return writable() ? Io.count(data.length) : Io.error(-LinuxAbi.EBADF);
    }

    @Override
    public long seek(long offset, int whence) {
        return 0;
    }

    @Override
    public FileStatus status() {
        return statusOf();
    }

    /** A character device, major 1 minor 3, mode 0666. */
    public static FileStatus statusOf() {
        return new FileStatus(LinuxAbi.S_IFCHR | 0666, 0, 4, 1, 0, 6, 1, 3, 0);
    }
}
