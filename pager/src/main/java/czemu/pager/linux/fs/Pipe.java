package czemu.pager.linux.fs;

import czemu.pager.linux.Blocking;
import czemu.pager.linux.WaitQueue;
import czemu.pager.linux.abi.LinuxAbi;

/**
 * A pipe: a 64 KiB ring buffer with a read end and a write end, each possibly open in several
 * processes. A read of an empty pipe waits while a writer remains and returns 0 (end of file) after
 * the last one closed; a write waits for room (one of up to PIPE_BUF bytes is never split) and
 * fails with -EPIPE once no reader remains. Waiting threads are woken whenever the other side moves.
 */
public final class Pipe {
    private final byte[] ring = new byte[LinuxAbi.PIPE_CAPACITY];
    private int head;
    private int size;
    private int readers;
    private int writers;
    private final WaitQueue readWaiters;
    private final WaitQueue writeWaiters;
    private final int inode;

    public Pipe(Blocking blocking, int inode) {
        this.readWaiters = blocking.newQueue();
        this.writeWaiters = blocking.newQueue();
        this.inode = inode;
    }

    /** The two ends, read end first, each holding one reference. */
    public PipeEnd[] open(int extraFlags) {
        readers++;
        writers++;
        return new PipeEnd[] {new PipeEnd(this, LinuxAbi.O_RDONLY | extraFlags), new PipeEnd(this, LinuxAbi.O_WRONLY | extraFlags)};
    }

    Io read(int count, boolean nonBlocking) {
        if (count == 0) return Io.count(0);
        if (size == 0) {
            if (writers == 0) return Io.count(0);
            return nonBlocking ? Io.error(-LinuxAbi.EAGAIN) : Io.later(readWaiters);
        }
        byte[] data = new byte[Math.min(count, size)];
        for (int i = 0; i < data.length; i++) data[i] = ring[(head + i) % ring.length];
        head = (head + data.length) % ring.length;
        size -= data.length;
        writeWaiters.wakeAll();
        return Io.bytes(data);
    }

    /** Writes what fits now; 0 bytes fitting means wait (unless non-blocking). The caller sends SIGPIPE on -EPIPE. */
    Io write(byte[] data, boolean nonBlocking) {
        if (readers == 0) return Io.error(-LinuxAbi.EPIPE);
        if (data.length == 0) return Io.count(0);
        int room = ring.length - size;
        boolean atomic = data.length <= LinuxAbi.PIPE_BUF;
        if (room == 0 || (atomic && room < data.length)) {
            return nonBlocking ? Io.error(-LinuxAbi.EAGAIN) : Io.later(writeWaiters);
        }
        int n = Math.min(room, data.length);
        for (int i = 0; i < n; i++) ring[(head + size + i) % ring.length] = data[i];
        size += n;
        readWaiters.wakeAll();
        return Io.count(n);
    }

    int available() {
        return size;
    }

    int inode() {
        return inode;
    }

    void endClosed(boolean readEnd) {
        if (readEnd) readers--; else writers--;
        // The other side may be waiting for exactly this: EOF for readers, EPIPE for writers.
        readWaiters.wakeAll();
        writeWaiters.wakeAll();
    }
}
