package czemu.emulator.trace;

import czemu.emulator.trace.qemu.QemuLogReader;
import czemu.emulator.trace.tarmac.TarmacReader;
import java.nio.file.Path;
import java.util.Locale;

/** The trace files czemu reads, and how it tells them apart by their content. */
public enum TraceFormat {
    /** czemu's own format (docs/traces.md) */
    CZEMU,
    /** {@code qemu-arm}/{@code qemu-system-arm -d exec,cpu,nochain [-singlestep]} logs */
    QEMU,
    /** Arm Tarmac text traces (Fast Models, real cores' trace tools) */
    TARMAC;

    /** Lines looked at before giving up on telling the format. */
    private static final int LINES_TO_DETECT = 200;

    public static TraceFormat ofName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown trace format '" + name + "' (czemu, qemu or tarmac)");
        }
    }

    /** The format of the file from its first lines. */
    public static TraceFormat detect(Path file) {
        try (TraceLines lines = TraceLines.open(file)) {
            for (int i = 0; i < LINES_TO_DETECT; i++) {
                String line = lines.next();
                if (line == null) break;
                if (CzemuTraceReader.recognizes(line)) return CZEMU;
                if (QemuLogReader.recognizes(line)) return QEMU;
                if (TarmacReader.recognizes(line)) return TARMAC;
            }
            throw new TraceFormatException(file.toString(), 0,
                    "cannot tell the trace format: not a czemu trace, a QEMU -d exec,cpu log or a Tarmac trace (use --format)");
        }
    }

    /** Opens the file as a trace of this format. */
    public TraceReader open(Path file) {
        TraceLines lines = TraceLines.open(file);
        try {
            return switch (this) {
                case CZEMU -> new CzemuTraceReader(lines);
                case QEMU -> new QemuLogReader(lines);
                case TARMAC -> new TarmacReader(lines);
            };
        } catch (RuntimeException e) {
            lines.close();
            throw e;
        }
    }

    /** Opens the file in the given format, or the one its content shows when {@code format} is null. */
    public static TraceReader open(Path file, TraceFormat format) {
        return (format != null ? format : detect(file)).open(file);
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
