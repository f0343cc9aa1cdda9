package czemu.emulator.machine;

import czemu.kernel.device.ConsoleSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The terminal side of the console UART. Codezero's libc sends "\r" after every "\n" (§1.7); on a
 * host terminal that "\r" is noise, so one that directly follows "\n" is dropped unless the raw
 * byte stream is asked for. Output is flushed at each line end so it interleaves with reports.
 */
public final class Console implements ConsoleSink {
    private final OutputStream out;
    private final boolean raw;
    private final StringBuilder transcript = new StringBuilder();
    private int previous = -1;

    public Console(OutputStream out, boolean raw) {
        this.out = out;
        this.raw = raw;
    }

    @Override
    public void write(int b) {
        int previousByte = previous;
        previous = b;
        if (!raw && b == '\r' && previousByte == '\n') return;
        transcript.append((char) b);
        try {
            out.write(b);
            if (b == '\n') out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes a Linux program wrote to its standard output: passed on exactly (no "\r" rule), flushed at each line end. */
    public void writeBytes(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) transcript.append((char) (bytes[i] & 0xFF));
        try {
            out.write(bytes, offset, length);
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    out.flush();
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        previous = length > 0 ? bytes[offset + length - 1] & 0xFF : previous;
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything printed so far, as the user saw it. */
    public String transcript() {
        return transcript.toString();
    }
}
