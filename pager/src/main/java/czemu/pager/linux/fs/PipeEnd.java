package czemu.pager.linux.fs;

import czemu.pager.linux.abi.LinuxAbi;

/** One end of a {@link Pipe} as an open file description (O_RDONLY for the read end, O_WRONLY for the write end). */
public final class PipeEnd extends OpenFileDescription {
    private final Pipe pipe;

    PipeEnd(Pipe pipe, int flags) {
        super(flags);
        this.pipe = pipe;
    }

    @Override
    public Io read(int count) {
        if (!readable()) return Io.error(-LinuxAbi.EBADF);
        return pipe.read(count, nonBlocking());
    }

    @Override
    public Io write(byte[] data) {
        if (!writable()) return Io.error(-LinuxAbi.EBADF);
        return pipe.write(data, nonBlocking());
    }

    @Override
    public FileStatus status() {
        return new FileStatus(LinuxAbi.S_IFIFO | 0600, pipe.available(), pipe.inode(), 1, 0, 12, 0, 0, 0);
    }

    /** Bytes waiting in the pipe (FIONREAD). */
    public int available() {
        return pipe.available();
    }

    @Override
    protected void closed() {
        pipe.endClosed(readable());
    }
}
