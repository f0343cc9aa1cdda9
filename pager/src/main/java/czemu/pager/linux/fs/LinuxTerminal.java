package czemu.pager.linux.fs;

import java.io.InputStream;

/**
 * The host side of a Linux program's standard streams: fds 0, 1 and 2 start out as the terminal
 * czemu runs in. The emulator provides it (the console with its transcript, standard error, the
 * host's standard input); tests provide their own.
 */
public interface LinuxTerminal {
    /** Bytes the guest wrote to standard output (fd 1's description) or error (fd 2's). */
    void write(boolean standardError, byte[] bytes, int offset, int length);

    /** The host's standard input; read on a separate host thread only when a guest reads fd 0. */
    InputStream input();

    /** Whether the stream is an interactive terminal (isatty): then terminal ioctls answer, else -ENOTTY. */
    boolean isTerminal(int standardStream);
}
