package czemu.pager.linux.fs;

import czemu.pager.linux.Blocking;
import czemu.pager.linux.WaitQueue;
import czemu.pager.linux.abi.LinuxAbi;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The host's standard input as a guest's fd 0. The engine thread never reads the host: when a guest
 * finds nothing buffered, a host thread reads one chunk (blocking as long as the user types nothing)
 * and posts it to the engine thread, which wakes the readers. Meanwhile the machine waits for that
 * chunk rather than ending, as a shell waits for its user. Nothing is read until a guest asks.
 */
public final class TerminalInput extends OpenFileDescription {
    private static final int CHUNK = 4096;

    private final LinuxTerminal terminal;
    private final Blocking blocking;
    private final WaitQueue readers;
    private byte[] buffered = new byte[0];
    private boolean endOfInput;
    private boolean readingHost;
    private ExecutorService hostReader;

    public TerminalInput(LinuxTerminal terminal, Blocking blocking) {
        super(LinuxAbi.O_RDONLY);
        this.terminal = terminal;
        this.blocking = blocking;
        this.readers = blocking.newQueue();
    }

    @Override
    public Io read(int count) {
        if (count == 0) return Io.count(0);
        if (buffered.length > 0) {
            int n = Math.min(count, buffered.length);
            byte[] data = java.util.Arrays.copyOf(buffered, n);
            buffered = java.util.Arrays.copyOfRange(buffered, n, buffered.length);
            return Io.bytes(data);
        }
        if (endOfInput) return Io.count(0);
        if (nonBlocking()) return Io.error(-LinuxAbi.EAGAIN);
        if (!readingHost) readHostChunk();
        return Io.later(readers);
    }

    private void readHostChunk() {
        readingHost = true;
        if (hostReader == null) {
            hostReader = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "czemu-linux-stdin");
                thread.setDaemon(true);
                return thread;
            });
        }
        var events = blocking.hostEvents();
        events.expect();
        InputStream in = terminal.input();
        hostReader.execute(() -> {
            byte[] chunk = new byte[CHUNK];
            int n;
            try {
                n = in.read(chunk);
            } catch (IOException e) {
                n = -1;
            }
            int got = n;
            events.post(() -> arrived(chunk, got));
        });
    }

    /** On the engine thread: a chunk (or the end of input) came from the host. */
    private void arrived(byte[] chunk, int n) {
        readingHost = false;
        if (n < 0) {
            endOfInput = true;
        } else {
            byte[] joined = java.util.Arrays.copyOf(buffered, buffered.length + n);
            System.arraycopy(chunk, 0, joined, buffered.length, n);
            buffered = joined;
        }
        readers.wakeAll();
    }

    @Override
    public Io write(byte[] data) {
        return Io.error(-LinuxAbi.EBADF);
    }

    @Override
    public boolean isTerminal() {
        return terminal.isTerminal(0);
    }

    @Override
    public FileStatus status() {
        return terminalStatus(isTerminal());
    }

    @Override
    protected void closed() {
        if (hostReader != null) hostReader.shutdown();
    }

    /** A terminal is a character device (a pseudo-terminal, major 136); a redirected stream shows as a pipe. */
    static FileStatus terminalStatus(boolean terminal) {
        return terminal ? new FileStatus(LinuxAbi.S_IFCHR | 0620, 0, 3, 1, 0, 21, 136, 0, 0)
                : new FileStatus(LinuxAbi.S_IFIFO | 0600, 0, 2, 1, 0, 12, 0, 0, 0);
    }
}
