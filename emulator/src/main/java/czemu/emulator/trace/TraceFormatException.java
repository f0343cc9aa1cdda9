package czemu.emulator.trace;

/** A trace file that cannot be read, with the place: {@code FILE:LINE: reason}. */
public final class TraceFormatException extends RuntimeException {
    public TraceFormatException(String file, long line, String reason) {
        super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason);
    }
}
