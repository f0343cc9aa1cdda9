package czemu.emulator.trace;

import java.io.Closeable;

/**
 * A trace read as a stream of records, whatever file format it came from. Nothing is loaded
 * ahead beyond what one record needs. Errors in the file are {@link TraceFormatException}s naming
 * the file and line.
 */
public interface TraceReader extends Closeable {
    TraceHeader header();

    /** The next record, or null at the end of the trace. */
    TraceRecord next();

    /** The file's name, for messages. */
    String name();

    /** The line of the file where the record {@link #next} returned last begins (0 when not from a file). */
    long line();

    @Override
    void close();
}
