package czemu.emulator.trace.tarmac;

import czemu.emulator.trace.Instruction;
import czemu.emulator.trace.RegisterWrites;
import czemu.emulator.trace.Registers;
import czemu.emulator.trace.TraceFormat;
import czemu.emulator.trace.TraceHeader;
import czemu.emulator.trace.TraceLines;
import czemu.emulator.trace.TraceReader;
import czemu.emulator.trace.TraceRecord;

/**
 * Reads Arm Tarmac text traces: instruction lines and the register lines after each. The
 * instruction line comes in the variants Arm's tools write (the Fast Models Tarmac Trace
 * documentation, DUI0532, and the tarmac-trace-utilities notes):
 *
 * <pre>
 * 24 clk IT (24) 00008004 e2800001 A usr_s : ADD r0,r0,#1        (Fast Models)
 * 24 clk cpu0 IT (24) 00008004:000008004 e2800001 A usr : ...     (with a CPU and a physical address)
 * 24 clk ES (00008004:e2800001) A usr: ADD r0,r0,#1              (the other style; later lines may lack a time)
 * IT 00008004 e2800001 ADD r0,r0,#1                              (ARMulator)
 * 24 clk R r0 00000001                                          (a register write)
 * </pre>
 *
 * IS marks an instruction that failed its condition: it is in the stream, with no writes. Register
 * names are matched case-insensitively; a banked name ({@code r13_svc}) counts only when its mode
 * is the one the instruction ran in; FP, vector, system and AArch64 registers are skipped, as are
 * memory, event and other lines. A thread is the CPU number (cpu0 is 0).
 */
public final class TarmacReader implements TraceReader {

    private final TraceLines lines;
    private final TraceHeader header;
    private InstructionLine pending;
    private RegisterWrites.Builder pendingWrites;
    private long pendingLine;
    private long nextIndex;
    private long lastLine;
    private boolean ended;

    /** The parts of an instruction line. */
    record InstructionLine(int cpu, int pc, int encoding, int encodingSize, boolean thumb, String mode) {
    }

    public TarmacReader(TraceLines lines) {
        this.lines = lines;
        this.header = new TraceHeader(TraceFormat.TARMAC, TraceHeader.Granularity.INSTRUCTION, "");
    }

    /** Whether a line is a Tarmac instruction line. */
    public static boolean recognizes(String line) {
        try {
            return parseInstruction(line.trim().split("\\s+")) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public TraceHeader header() {
        return header;
    }

    @Override
    public TraceRecord next() {
        while (!ended) {
            String text = lines.next();
            if (text == null) {
                ended = true;
                return takePending();
            }
            String[] tokens = text.trim().split("\\s+");
            InstructionLine instruction;
            try {
                instruction = parseInstruction(tokens);
            } catch (IllegalArgumentException e) {
                throw lines.error(e.getMessage());
            }
            if (instruction != null) {
                TraceRecord done = takePending();
                pending = instruction;
                pendingWrites = new RegisterWrites.Builder();
                pendingLine = lines.line();
                if (done != null) return done;
            } else if (pending != null) {
                registerWrite(tokens);
            }
        }
        return null;
    }

    private TraceRecord takePending() {
        if (pending == null) return null;
        InstructionLine i = pending;
        pending = null;
        lastLine = pendingLine;
        return new Instruction(nextIndex++, i.cpu(), i.pc(), i.thumb(), i.encoding(), i.encodingSize(), pendingWrites.build());
    }

    /** A register line ({@code [TIME SCALE [CPU]] R NAME VALUE}) adds to the pending instruction; others are skipped. */
    private void registerWrite(String[] tokens) {
        int r = -1;
        for (int k = 0; k < Math.min(tokens.length, 4); k++) {
            if (tokens[k].equals("R")) {
                r = k;
                break;
            }
        }
        if (r < 0 || r + 2 >= tokens.length) return;
        String name = tokens[r + 1].toLowerCase(java.util.Locale.ROOT);
        int underscore = name.indexOf('_');
        if (underscore > 0) {
            String bank = name.substring(underscore + 1);
            if (!pending.mode().startsWith(bank)) return; // another mode's copy, not what the code sees
            name = name.substring(0, underscore);
        }
        int register = Registers.number(name);
        if (register < 0 || register == Registers.PC) return;
        String value = tokens[r + 2].replace("_", "");
        try {
            long parsed = Long.parseUnsignedLong(value, 16);
            if (parsed >>> 32 != 0) throw lines.error(tokens[r + 1] + " value '" + tokens[r + 2] + "' is wider than 32 bits");
            pendingWrites.set(register, (int) parsed);
        } catch (NumberFormatException e) {
            throw lines.error(tokens[r + 1] + " value '" + tokens[r + 2] + "' is not a hex number");
        }
    }

    /**
     * The instruction a line describes, or null when it is no instruction line; throws
     * IllegalArgumentException for an instruction line with a bad field.
     */
    static InstructionLine parseInstruction(String[] tokens) {
        int label = -1;
        for (int k = 0; k < Math.min(tokens.length, 4); k++) {
            String t = tokens[k];
            if (t.equals("IT") || t.equals("IS") || t.equals("ES")) {
                label = k;
                break;
            }
        }
        // The label stands first (ARMulator), after TIME SCALE, or after TIME SCALE CPU.
        if (label < 0 || label == 1 || label + 2 >= tokens.length) return null;
        if (label >= 2 && !isDecimal(tokens[0])) return null;
        int cpu = label == 3 ? cpuNumber(tokens[2]) : 0;
        String first = tokens[label + 1];
        if (first.startsWith("(") && first.endsWith(")") && first.indexOf(':') > 0) {
            // ES (ADDR:OPCODE) STATE MODE: ...
            String inside = first.substring(1, first.length() - 1);
            int colon = inside.indexOf(':');
            String opcode = inside.substring(colon + 1);
            return instruction(cpu, inside.substring(0, colon), opcode, label + 2 < tokens.length ? tokens[label + 2] : null,
                    label + 3 < tokens.length ? tokens[label + 3] : "");
        }
        if (first.startsWith("(")) {
            // IT (ID) ADDR[:PADDR] OPCODE STATE MODE : ...
            if (label + 4 >= tokens.length) throw new IllegalArgumentException("instruction line too short: expected (ID) ADDRESS OPCODE STATE MODE");
            String address = tokens[label + 2];
            int colon = address.indexOf(':');
            return instruction(cpu, colon < 0 ? address : address.substring(0, colon), tokens[label + 3], tokens[label + 4],
                    label + 5 < tokens.length ? tokens[label + 5] : "");
        }
        if (label != 0) return null;
        // ARMulator: IT ADDR OPCODE DISASSEMBLY, no state letter: the opcode's width tells.
        return instruction(cpu, tokens[1], tokens[2], null, "");
    }

    private static InstructionLine instruction(int cpu, String address, String opcode, String state, String mode) {
        long pc = hex(address, "address");
        if (pc >>> 32 != 0) throw new IllegalArgumentException("address " + address + " is wider than 32 bits: AArch64 traces are not supported");
        if (opcode.length() != 8 && opcode.length() != 4) {
            throw new IllegalArgumentException("opcode '" + opcode + "': expected 4 or 8 hex digits");
        }
        int encoding = (int) hex(opcode, "opcode");
        boolean thumb;
        if (state == null || state.isEmpty()) {
            thumb = opcode.length() == 4;
        } else {
            thumb = switch (state) {
                case "A" -> false;
                case "T", "X" -> true;
                case "O" -> throw new IllegalArgumentException("state O is AArch64: AArch64 traces are not supported");
                default -> throw new IllegalArgumentException("state '" + state + "': expected A, T or X");
            };
        }
        String cleanMode = mode.endsWith(":") ? mode.substring(0, mode.length() - 1) : mode;
        return new InstructionLine(cpu, (int) pc, encoding, opcode.length() / 2, thumb, cleanMode.toLowerCase(java.util.Locale.ROOT));
    }

    private static long hex(String text, String what) {
        try {
            return Long.parseUnsignedLong(text, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a hex number");
        }
    }

    private static boolean isDecimal(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') return false;
        }
        return !text.isEmpty();
    }

    /** {@code cpu0}, {@code cpu_1}, {@code core.cpu2}: the number at its end; 0 when it has none. */
    private static int cpuNumber(String token) {
        int end = token.length(), start = end;
        while (start > 0 && Character.isDigit(token.charAt(start - 1))) start--;
        return start == end || end - start > 6 ? 0 : Integer.parseInt(token.substring(start, end));
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
