package czemu.emulator.trace.qemu;

import czemu.emulator.trace.Instruction;
import czemu.emulator.trace.RegisterWrites;
import czemu.emulator.trace.Registers;
import czemu.emulator.trace.TraceFormat;
import czemu.emulator.trace.TraceHeader;
import czemu.emulator.trace.TraceLines;
import czemu.emulator.trace.TraceReader;
import czemu.emulator.trace.TraceRecord;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the log {@code qemu-arm -d exec,cpu,nochain -singlestep -D FILE} writes (qemu-system-arm's
 * is the same). Each executed translation block is a {@code Trace} line:
 *
 * <pre>
 * Trace 0: 0x7ff7efa001c0 [00000480/00010004/00000000/00000201] _start
 * R00=00000001 R01=40800aa6 R02=00000000 R03=00000000
 * ...
 * R12=00000000 R13=40800950 R14=00000000 R15=00010004
 * PSR=00000010 ---- A usr32
 * </pre>
 *
 * The pc is the second field in the brackets (the only one in old QEMUs); the last field is the
 * block's cflags, whose low nine bits are its instruction limit: 1 under -singlestep, so every
 * record is one instruction. The register dump is the state <em>before</em> the block runs, so
 * what an instruction changed is the difference to its thread's next dump (a thread is QEMU's
 * CPU index), and the last instruction of each thread has no recorded changes. Lines of
 * {@code -d in_asm} ({@code 0x00010004:  e28d1004  add r1, sp, #4}) give encodings when present;
 * other lines are ignored.
 */
public final class QemuLogReader implements TraceReader {
    private static final int CF_COUNT_MASK = 0x1ff;
    private static final int PSR_T = 1 << 5;

    private final TraceLines lines;
    private final TraceHeader header;
    private final ArrayDeque<Pending> ready = new ArrayDeque<>();
    private final Map<Integer, Pending> waiting = new HashMap<>();
    /** Encodings seen in -d in_asm output, by pc: bounded by the program's code, not the trace's length. */
    private final Map<Integer, Long> encodings = new HashMap<>();
    private String lookahead;
    private Pending current;
    private long nextIndex;
    private long lastLine;
    private boolean ended;

    /** One Trace line and the register dump after it. */
    private static final class Pending {
        final int thread;
        final int pc;
        final long line;
        final int[] registers = new int[Registers.COUNT];
        int seen; // registers the dump gave, bit per register
        boolean thumb;
        RegisterWrites writes;

        Pending(int thread, int pc, long line) {
            this.thread = thread;
            this.pc = pc;
            this.line = line;
        }

        boolean dumped() {
            return seen == (1 << Registers.COUNT) - 1;
        }
    }

    public QemuLogReader(TraceLines lines) {
        this.lines = lines;
        String first = lines.next();
        while (first != null && !first.startsWith("Trace ")) {
            if (isDisassembly(first)) parseDisassembly(first); // -d in_asm shows a block before it runs
            first = lines.next();
        }
        if (first == null) throw lines.error("no 'Trace' line: not a QEMU -d exec log");
        lookahead = first;
        TraceHeader.Granularity granularity = singleInstruction(first) ? TraceHeader.Granularity.INSTRUCTION
                : TraceHeader.Granularity.BLOCK;
        header = new TraceHeader(TraceFormat.QEMU, granularity, "");
    }

    /** Whether a line is one QEMU's -d exec writes. */
    public static boolean recognizes(String line) {
        return line.startsWith("Trace ") && line.indexOf('[') > 0 && line.indexOf(']') > line.indexOf('[');
    }

    @Override
    public TraceHeader header() {
        return header;
    }

    @Override
    public TraceRecord next() {
        while (ready.isEmpty() && !ended) readLine();
        Pending p = ready.poll();
        if (p == null) return null;
        lastLine = p.line;
        Long encoding = encodings.get(p.pc);
        int size = encoding == null ? 0 : (int) (encoding >>> 32);
        return new Instruction(nextIndex++, p.thread, p.pc, p.thumb, encoding == null ? 0 : encoding.intValue(), size, p.writes);
    }

    private void readLine() {
        String text = lookahead != null ? lookahead : lines.next();
        lookahead = null;
        if (text == null) {
            finishCurrent();
            // Each thread's last instruction: nothing after it shows what it changed.
            waiting.values().stream().sorted((a, b) -> Long.compare(a.line, b.line)).forEach(ready::add);
            waiting.clear();
            ended = true;
        } else if (text.startsWith("Trace ")) {
            finishCurrent();
            current = parseTrace(text);
        } else if (text.startsWith("R") && text.length() > 4 && text.charAt(3) == '=' && current != null) {
            parseRegisters(text);
        } else if ((text.startsWith("PSR=") || text.startsWith("XPSR=")) && current != null) {
            parsePsr(text);
        } else if (isDisassembly(text)) {
            parseDisassembly(text);
        } else if (text.startsWith("Linking TBs")) {
            throw lines.error("QEMU chained translation blocks, so chained executions are missing from the log: "
                    + "record with -d exec,cpu,nochain");
        }
    }

    private void finishCurrent() {
        Pending p = current;
        current = null;
        if (p == null) return;
        if (!p.dumped()) {
            if (p.seen != 0) throw lines.error("the register dump of the Trace line at " + p.line + " is incomplete");
            ready.add(p); // a log without -d cpu: pcs only
            return;
        }
        Pending before = waiting.put(p.thread, p);
        if (before != null) {
            before.writes = RegisterWrites.diff(before.registers, p.registers);
            ready.add(before);
        }
    }

    private Pending parseTrace(String text) {
        int colon = text.indexOf(':');
        int open = text.indexOf('['), close = text.indexOf(']');
        if (colon < 0 || open < 0 || close < open) throw lines.error("malformed Trace line");
        int thread;
        try {
            // "Trace 0: 0x..." since QEMU 2.x; older logs have no CPU index ("Trace 0x...").
            String cpu = text.substring(6, colon).trim();
            thread = cpu.startsWith("0x") ? 0 : Integer.parseInt(cpu);
        } catch (NumberFormatException e) {
            throw lines.error("malformed Trace line: '" + text.substring(6, colon) + "' is not a CPU index");
        }
        String[] fields = text.substring(open + 1, close).split("/");
        int pc = hex(fields.length == 1 ? fields[0] : fields[1], "pc");
        return new Pending(thread, pc, lines.line());
    }

    private static boolean singleInstruction(String traceLine) {
        int open = traceLine.indexOf('['), close = traceLine.indexOf(']');
        String[] fields = traceLine.substring(open + 1, close).split("/");
        if (fields.length < 4) return true; // no cflags: trust the user ran -singlestep
        try {
            return (Long.parseUnsignedLong(fields[3], 16) & CF_COUNT_MASK) == 1;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void parseRegisters(String text) {
        for (String field : text.trim().split("\\s+")) {
            int eq = field.indexOf('=');
            int register = eq == 3 && field.charAt(0) == 'R' ? Registers.number(field.substring(0, 3)) : -1;
            if (register < 0) throw lines.error("'" + field + "': expected Rnn=VALUE in a register dump");
            current.registers[register] = hex(field.substring(4), field.substring(0, 3));
            current.seen |= 1 << register;
        }
    }

    private void parsePsr(String text) {
        boolean mProfile = text.startsWith("X");
        int start = mProfile ? 5 : 4;
        int end = text.indexOf(' ', start);
        int psr = hex(text.substring(start, end < 0 ? text.length() : end), "PSR");
        current.registers[Registers.CPSR] = psr;
        current.seen |= 1 << Registers.CPSR;
        // M-profile cores run only Thumb code; elsewhere CPSR.T says.
        current.thumb = mProfile || (psr & PSR_T) != 0;
        if (!current.dumped()) throw lines.error("register dump incomplete before PSR: expected R00..R15");
    }

    private static boolean isDisassembly(String text) {
        return text.startsWith("0x") && text.indexOf(":  ") > 0;
    }

    private void parseDisassembly(String text) {
        int colon = text.indexOf(":  ");
        String[] words = text.substring(colon + 3).trim().split("\\s+");
        if (words.length == 0) return;
        try {
            int pc = Integer.parseUnsignedInt(text.substring(2, colon), 16);
            long encoding;
            if (words[0].length() == 8) {
                encoding = 4L << 32 | Integer.parseUnsignedInt(words[0], 16) & 0xFFFFFFFFL;
            } else if (words[0].length() == 4 && words.length > 1 && words[1].length() == 4 && isHex(words[1])) {
                encoding = 4L << 32 | (Integer.parseUnsignedInt(words[0] + words[1], 16) & 0xFFFFFFFFL); // a 32-bit Thumb pair
            } else if (words[0].length() == 4) {
                encoding = 2L << 32 | Integer.parseUnsignedInt(words[0], 16);
            } else {
                return;
            }
            encodings.put(pc, encoding);
        } catch (NumberFormatException e) {
            // another -d item's line that happens to start with an address: not ours
        }
    }

    private static boolean isHex(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (Character.digit(word.charAt(i), 16) < 0) return false;
        }
        return true;
    }

    private int hex(String text, String what) {
        try {
            long value = Long.parseUnsignedLong(text.trim(), 16);
            if (value >>> 32 != 0) throw lines.error(what + " '" + text + "' does not fit in 32 bits");
            return (int) value;
        } catch (NumberFormatException e) {
            throw lines.error(what + " '" + text + "' is not a hex number");
        }
    }

    @Override
    public String name() {
        return lines.name();
    }

    @Override
    public long line() {
        return lastLine;
    }

    @Override
    public void close() {
        lines.close();
    }
}
