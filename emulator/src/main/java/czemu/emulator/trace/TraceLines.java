package czemu.emulator.trace;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A trace file read one line at a time, counting lines for error messages; a name ending in
 * {@code .gz} is decompressed on the way. Traces run to gigabytes, so nothing is kept.
 */
public final class TraceLines implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final String name;
    private final BufferedReader in;
    private long line;

    public TraceLines(String name, InputStream stream) {
        this.name = name;
        this.in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.ISO_8859_1), BUFFER);
    }

    public static TraceLines open(Path file) {
        try {
            InputStream stream = Files.newInputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) stream = new GZIPInputStream(stream, BUFFER);
            return new TraceLines(file.toString(), stream);
        } catch (NoSuchFileException e) {
            throw new TraceFormatException(file.toString(), 0, "no such file");
        } catch (IOException e) {
            throw new TraceFormatException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
    }

    /** The next line without its terminator, or null at the end. */
    public String next() {
        try {
            String text = in.readLine();
            if (text != null) line++;
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(name + ":" + line + ": " + e.getMessage(), e);
        }
    }

    /** The number of the line {@link #next} returned last (1-based). */
    public long line() {
        return line;
    }

    public String name() {
        return name;
    }

    /** An error at the current line. */
    public TraceFormatException error(String reason) {
        return new TraceFormatException(name, line, reason);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
