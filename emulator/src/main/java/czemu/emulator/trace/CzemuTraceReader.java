package czemu.emulator.trace;

import java.util.ArrayList;
import java.util.List;

/** Reads czemu's own trace format (docs/traces.md) one line at a time. */
public final class CzemuTraceReader implements TraceReader {
    private final TraceLines lines;
    private final TraceHeader header;
    private final List<String> fields = new ArrayList<>(24);
    private long recordLine;

    public CzemuTraceReader(TraceLines lines) {
        this.lines = lines;
        this.header = readHeader();
    }

    /** Whether a line is a czemu trace's header. */
    public static boolean recognizes(String line) {
        return line.startsWith(CzemuTraceFormat.MAGIC + " ");
    }

    private TraceHeader readHeader() {
        String text = nextContentLine();
        if (text == null || !recognizes(text)) {
            throw lines.error("not a czemu trace: the first line must be '" + CzemuTraceFormat.MAGIC + " "
                    + CzemuTraceFormat.VERSION + " instructions program=...'");
        }
        split(text);
        if (fields.size() < 3) throw lines.error("header needs a version and 'instructions' or 'blocks'");
        int version = (int) decimal(fields.get(1), "format version");
        if (version != CzemuTraceFormat.VERSION) {
            throw lines.error("format version " + version + ", this czemu reads version " + CzemuTraceFormat.VERSION);
        }
        TraceHeader.Granularity granularity = switch (fields.get(2)) {
            case CzemuTraceFormat.INSTRUCTIONS -> TraceHeader.Granularity.INSTRUCTION;
            case CzemuTraceFormat.BLOCKS -> TraceHeader.Granularity.BLOCK;
            default -> throw lines.error("'" + fields.get(2) + "': expected 'instructions' or 'blocks'");
        };
        String program = "";
        for (int i = 3; i < fields.size(); i++) {
            if (fields.get(i).startsWith("program=")) program = CzemuTraceFormat.unescape(fields.get(i).substring(8));
        }
        return new TraceHeader(TraceFormat.CZEMU, granularity, program);
    }

    @Override
    public TraceHeader header() {
        return header;
    }

    @Override
    public TraceRecord next() {
        String text = nextContentLine();
        if (text == null) return null;
        recordLine = lines.line();
        split(text);
        String kind = fields.get(0);
        if (fields.size() < 3) throw lines.error("'" + kind + "' line needs an index and a thread");
        long index = decimal(fields.get(1), "index");
        int thread = thread(fields.get(2));
        return switch (kind) {
            case CzemuTraceFormat.INSTRUCTION_LINE -> instruction(index, thread);
            case CzemuTraceFormat.PC_LINE -> pcOnly(index, thread);
            case "syscall" -> {
                need(5, "syscall INDEX THREAD NAME result=N|blocked");
                boolean blocked = isBlocked(4);
                yield new TraceEvent.Syscall(index, thread, fields.get(3), blocked ? 0 : result(4), blocked);
            }
            case "ipc" -> {
                need(7, "ipc INDEX THREAD to=T from=T tag=TAG result=N|blocked");
                boolean blocked = isBlocked(6);
                yield new TraceEvent.Ipc(index, thread, thread(value(3, "to")), thread(value(4, "from")), tag(value(5, "tag")),
                        blocked ? 0 : result(6), blocked);
            }
            case "fault" -> {
                need(7, "fault INDEX THREAD read|write|exec addr=ADDR pc=PC RESOLUTION");
                FaultAccess access = FaultAccess.ofWord(fields.get(3));
                if (access == null) throw lines.error("'" + fields.get(3) + "': expected read, write or exec");
                yield new TraceEvent.PageFault(index, thread, hex(value(5, "pc"), "pc"), hex(value(4, "addr"), "address"),
                        access, fields.get(6));
            }
            case "switch" -> {
                need(4, "switch INDEX THREAD from=T");
                yield new TraceEvent.ContextSwitch(index, thread, thread(value(3, "from")));
            }
            case "undef" -> {
                need(5, "undef INDEX THREAD pc=PC enc=ENCODING");
                yield new TraceEvent.UndefinedInstruction(index, thread, hex(value(3, "pc"), "pc"), hex(value(4, "enc"), "encoding"));
            }
            case "signal" -> {
                need(6, "signal INDEX THREAD SIGNAL code=N handler=ADDR|default");
                int signal;
                try {
                    signal = CzemuTraceFormat.parseSignal(fields.get(3));
                } catch (NumberFormatException e) {
                    throw lines.error("'" + fields.get(3) + "': expected a signal's name or number");
                }
                boolean byDefault = fields.get(5).equals("default");
                yield new TraceEvent.Signal(index, thread, signal, (int) decimal(value(4, "code"), "code"),
                        byDefault ? 0 : hex(value(5, "handler"), "handler"), byDefault);
            }
            case "start" -> {
                need(4, "start INDEX THREAD PROGRAM");
                yield new TraceEvent.TaskStart(index, thread, CzemuTraceFormat.unescape(fields.get(3)));
            }
            case "exit" -> {
                need(4, "exit INDEX THREAD status=N");
                yield new TraceEvent.TaskExit(index, thread, (int) decimal(value(3, "status"), "status"));
            }
            default -> throw lines.error("unknown record '" + kind + "' (expected I, P, syscall, ipc, fault, switch, undef, signal, start or exit)");
        };
    }

    private Instruction instruction(long index, int thread) {
        need(6, "I INDEX THREAD PC ENCODING A|T [REGISTER=VALUE...]");
        int pc = hex(fields.get(3), "pc");
        String encodingText = fields.get(4);
        int encodingSize = switch (encodingText.length()) {
            case 8 -> 4;
            case 4 -> 2;
            case 1 -> 0;
            default -> throw lines.error("encoding '" + encodingText + "': expected 8 or 4 hex digits, or '-'");
        };
        if (encodingSize == 0 && !encodingText.equals("-")) throw lines.error("encoding '" + encodingText + "': expected 8 or 4 hex digits, or '-'");
        int encoding = encodingSize == 0 ? 0 : hex(encodingText, "encoding");
        boolean thumb = state(fields.get(5));
        RegisterWrites.Builder writes = new RegisterWrites.Builder();
        for (int i = 6; i < fields.size(); i++) {
            String field = fields.get(i);
            int eq = field.indexOf('=');
            int register = eq < 0 ? -1 : Registers.number(field.substring(0, eq));
            if (register < 0) throw lines.error("'" + field + "': expected REGISTER=VALUE with a core register (r0..r12, sp, lr, pc, cpsr)");
            writes.set(register, hex(field.substring(eq + 1), Registers.name(register)));
        }
        return new Instruction(index, thread, pc, thumb, encoding, encodingSize, writes.build());
    }

    private Instruction pcOnly(long index, int thread) {
        need(4, "P INDEX THREAD PC [A|T]");
        boolean thumb = fields.size() > 4 && state(fields.get(4));
        return new Instruction(index, thread, hex(fields.get(3), "pc"), thumb, 0, 0, null);
    }

    @Override
    public String name() {
        return lines.name();
    }

    @Override
    public long line() {
        return recordLine;
    }

    @Override
    public void close() {
        lines.close();
    }

    // ---- fields

    private String nextContentLine() {
        String text;
        do {
            text = lines.next();
        } while (text != null && (text.isBlank() || text.startsWith("#")));
        return text;
    }

    private void split(String text) {
        fields.clear();
        int i = 0, n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
            int start = i;
            while (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\t') i++;
            if (i > start) fields.add(text.substring(start, i));
        }
    }

    private void need(int count, String syntax) {
        if (fields.size() < count) throw lines.error("too few fields: expected " + syntax);
    }

    private String value(int field, String key) {
        String text = fields.get(field);
        if (!text.startsWith(key + "=")) throw lines.error("'" + text + "': expected " + key + "=...");
        return text.substring(key.length() + 1);
    }

    private boolean isBlocked(int field) {
        return fields.get(field).equals(CzemuTraceFormat.BLOCKED);
    }

    private int result(int field) {
        return (int) decimal(value(field, "result"), "result");
    }

    private boolean state(String text) {
        return switch (text) {
            case "A" -> false;
            case "T" -> true;
            default -> throw lines.error("'" + text + "': expected A (ARM) or T (Thumb)");
        };
    }

    private int thread(String text) {
        try {
            return CzemuTraceFormat.parseThread(text);
        } catch (NumberFormatException e) {
            throw lines.error("'" + text + "' is not a thread id");
        }
    }

    private int tag(String text) {
        try {
            return CzemuTraceFormat.parseTag(text);
        } catch (NumberFormatException e) {
            throw lines.error("'" + text + "' is not an ipc tag");
        }
    }

    private int hex(String text, String what) {
        if (text.isEmpty() || text.length() > 8) throw lines.error(what + " '" + text + "' is not a 32-bit hex number");
        try {
            return Integer.parseUnsignedInt(text, 16);
        } catch (NumberFormatException e) {
            throw lines.error(what + " '" + text + "' is not a 32-bit hex number");
        }
    }

    private long decimal(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw lines.error(what + " '" + text + "' is not a decimal number");
        }
    }
}
