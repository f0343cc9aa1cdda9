package czemu.emulator.trace.compare;

import czemu.emulator.trace.Instruction;
import czemu.emulator.trace.PcRanges;
import czemu.emulator.trace.Registers;
import czemu.emulator.trace.TraceFormatException;
import czemu.emulator.trace.TraceReader;
import czemu.emulator.trace.TraceRecord;
import czemu.loader.SymbolTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Walks two traces of the same program side by side and finds the first instruction where they
 * part: a different pc, instruction set or encoding, or a register one side changed to a value the
 * other does not have. Sources record different things (QEMU whole register dumps, Tarmac and czemu
 * the registers written), so each side keeps the values it has seen, and a register written on
 * either side is compared with the other side's written or last known value. Both traces are
 * streamed; only the last few matching pairs are kept for the report.
 */
public final class TraceComparator {

    /**
     * @param ignoredRegisters registers never compared (bit per {@link Registers} number)
     * @param ignored          pcs skipped on both sides, their changes folded into the instruction before
     * @param kept             when not empty, only pcs inside these are compared (one task of a system log)
     * @param context          how many matching instructions before a divergence to show
     * @param maxInstructions  stop after comparing this many (0: no limit)
     * @param startPc          begin both sides at the first instruction at this pc (null: the first common pc)
     * @param stopPc           end, matched, when both sides next reach this pc after the start (null: run to the end)
     * @param threadA          compare only this thread of side A (null: all)
     * @param threadB          likewise for side B
     * @param symbols          names pcs in the report
     * @param equated          memory at different addresses on the two sides: register values compare equal by offset
     */
    public record Options(int ignoredRegisters, PcRanges ignored, PcRanges kept, int context, long maxInstructions,
            Integer startPc, Integer stopPc, Integer threadA, Integer threadB, SymbolTable symbols, EquatedRanges equated) {

        public static Options defaults() {
            return new Options(0, PcRanges.NONE, PcRanges.NONE, 8, 0, null, null, null, null, SymbolTable.empty(), EquatedRanges.NONE);
        }
    }

    /** What a comparison found; {@code report} is for a person, one line per entry. */
    public record Outcome(boolean matched, long compared, List<String> report) {
    }

    private final Side a;
    private final Side b;
    private final Options options;
    private final ArrayDeque<Instruction[]> recent = new ArrayDeque<>();
    private final ArrayDeque<long[]> recentLines = new ArrayDeque<>();

    public TraceComparator(Supplier<TraceReader> openA, Supplier<TraceReader> openB, Options options) {
        this.options = options;
        this.a = new Side("A", openA, options.threadA());
        this.b = new Side("B", openB, options.threadB());
    }

    /** One trace being walked: its reader and the register values seen so far. */
    private final class Side {
        final String label;
        final Supplier<TraceReader> opener;
        final Integer thread;
        TraceReader reader;
        final int[] values = new int[Registers.COUNT];
        int known;
        Instruction current;
        long currentLine;
        long skipped;

        Side(String label, Supplier<TraceReader> opener, Integer thread) {
            this.label = label;
            this.opener = opener;
            this.thread = thread;
        }

        void open() {
            close();
            reader = new SkippedCode(opener.get(), options.ignored(), options.kept(), thread);
            known = 0;
            skipped = 0;
            current = null;
        }

        /** Moves to the next instruction (null at the end), having taken in what the current one wrote. */
        Instruction advance() {
            if (current != null && current.registersRecorded()) {
                int mask = current.writes().mask();
                for (int r = 0; r < Registers.COUNT; r++) {
                    if ((mask & (1 << r)) != 0) values[r] = current.writes().value(r);
                }
                known |= mask;
            }
            TraceRecord record = reader.next();
            current = (Instruction) record; // SkippedCode passes instructions only
            currentLine = reader.line();
            return current;
        }

        /** Advances to the first instruction at {@code pc}; false if the trace never gets there. */
        boolean advanceTo(int pc) {
            if (current == null) advance();
            while (current != null && current.pc() != pc) {
                skipped++;
                advance();
            }
            return current != null;
        }

        /** The register's value before the current instruction, or null when this side has not seen it. */
        Integer before(int register) {
            return (known & (1 << register)) != 0 ? values[register] : null;
        }

        /** The register's value after the current instruction, or null when unknown. */
        Integer after(int register) {
            if (current.registersRecorded() && current.writes().has(register)) return current.writes().value(register);
            return before(register);
        }

        String where() {
            return reader.name() + ":" + currentLine;
        }

        void close() {
            if (reader != null) reader.close();
            reader = null;
        }
    }

    public Outcome compare() {
        List<String> report = new ArrayList<>();
        try {
            a.open();
            b.open();
            checkGranularity();
            Boolean aligned = align(report);
            if (aligned == null || !aligned) return new Outcome(aligned == null, 0, report);
            long compared = 0;
            while (true) {
                if (compared > 0 && reachedStop()) {
                    report.add("traces match up to " + address(options.stopPc()) + ": " + compared + " instructions compared");
                    return new Outcome(true, compared, report);
                }
                if (diverges(report, compared)) return new Outcome(false, compared, report);
                remember();
                compared++;
                if (options.maxInstructions() > 0 && compared >= options.maxInstructions()) {
                    report.add("traces match for the " + compared + " instructions compared (--max-instructions)");
                    return new Outcome(true, compared, report);
                }
                Instruction nextA = a.advance(), nextB = b.advance();
                if (nextA == null && nextB == null) {
                    report.add("traces match: " + compared + " instructions compared");
                    return new Outcome(true, compared, report);
                }
                if (nextA == null || nextB == null) {
                    Side ended = nextA == null ? a : b, goesOn = nextA == null ? b : a;
                    report.add("traces diverge: " + ended.label + " (" + ended.reader.name() + ") ends after " + compared
                            + " matching instructions; " + goesOn.label + " goes on:");
                    report.add("  " + goesOn.label + ": " + goesOn.where() + "  " + describe(goesOn.current));
                    addContext(report);
                    return new Outcome(false, compared, report);
                }
            }
        } finally {
            a.close();
            b.close();
        }
    }

    /** Both sides are at the stop pc (one side alone there is a divergence, found as any other). */
    private boolean reachedStop() {
        Integer stop = options.stopPc();
        return stop != null && a.current.pc() == stop && b.current.pc() == stop;
    }

    private void checkGranularity() {
        var ga = a.reader.header().granularity();
        var gb = b.reader.header().granularity();
        if (ga != gb) {
            Side blocks = ga == czemu.emulator.trace.TraceHeader.Granularity.BLOCK ? a : b;
            throw new TraceFormatException(blocks.reader.name(), 0, "records translation blocks, the other trace instructions: "
                    + "record QEMU with -singlestep (or -one-insn-per-tb) to compare instruction by instruction");
        }
    }

    /**
     * Puts both sides on their first comparable instruction: true when done, false (with the
     * reason reported) when there is none, null when both traces are empty.
     */
    private Boolean align(List<String> report) {
        if (options.startPc() != null) {
            int pc = options.startPc();
            for (Side side : new Side[] {a, b}) {
                if (!side.advanceTo(pc)) {
                    report.add("traces diverge: " + side.label + " (" + side.reader.name() + ") never executes pc " + address(pc));
                    return false;
                }
            }
            return true;
        }
        Instruction firstA = a.advance();
        Instruction firstB = b.advance();
        if (firstA == null || firstB == null) {
            if (firstA == null && firstB == null) {
                report.add("traces match: neither has instructions");
                return null;
            }
            Side empty = firstA == null ? a : b;
            report.add("traces diverge: " + empty.label + " (" + empty.reader.name() + ") has no instructions");
            return false;
        }
        if (firstA.pc() == firstB.pc()) return true;
        // The first common pc: where B reaches A's start, else where A reaches B's start.
        if (b.advanceTo(firstA.pc())) {
            report.add("aligned at pc " + address(firstA.pc()) + ": skipped " + b.skipped + " instructions of B");
            return true;
        }
        b.open();
        a.open();
        int startB = b.advance().pc();
        if (a.advanceTo(startB)) {
            report.add("aligned at pc " + address(startB) + ": skipped " + a.skipped + " instructions of A");
            return true;
        }
        report.add("traces diverge: no common start: B never executes A's first pc " + address(firstA.pc())
                + " and A never executes B's first pc " + address(startB) + " (use --start-pc or --start-symbol)");
        return false;
    }

    private boolean diverges(List<String> report, long compared) {
        Instruction ia = a.current, ib = b.current;
        String reason = null;
        List<Integer> registers = new ArrayList<>();
        if (ia.pc() != ib.pc()) {
            reason = "the two sides go to different pcs after " + compared + " matching instructions";
            for (int r = 0; r < Registers.COUNT; r++) {
                Integer va = a.before(r), vb = b.before(r);
                if (r != Registers.PC && !ignored(r) && va != null && vb != null && !options.equated().same(va, vb)) registers.add(r);
            }
        } else if (ia.thumb() != ib.thumb()) {
            reason = "the same pc runs as " + state(ia) + " on A and " + state(ib) + " on B";
        } else if (ia.hasEncoding() && ib.hasEncoding() && (ia.encoding() != ib.encoding() || ia.encodingSize() != ib.encodingSize())) {
            reason = "different instructions at the same pc (" + ia.encodingText() + " on A, " + ib.encodingText() + " on B)";
        } else if (ia.registersRecorded() && ib.registersRecorded()) {
            int written = ia.writes().mask() | ib.writes().mask();
            for (int r = 0; r < Registers.COUNT; r++) {
                if ((written & (1 << r)) == 0 || r == Registers.PC || ignored(r)) continue;
                Integer va = a.after(r), vb = b.after(r);
                if (va != null && vb != null && !options.equated().same(va, vb)) registers.add(r);
            }
            if (!registers.isEmpty()) {
                reason = "the instruction leaves different register values";
            }
        }
        if (reason == null) return false;
        report.add("traces diverge at instruction " + ia.index() + " of A and " + ib.index() + " of B: " + reason);
        report.add("  A: " + a.where() + "  " + describe(ia));
        report.add("  B: " + b.where() + "  " + describe(ib));
        if (!registers.isEmpty()) {
            boolean flow = ia.pc() != ib.pc();
            report.add(flow ? "  registers that already differ:" : "  registers that differ:");
            report.add(String.format("    %-5s %-10s %-10s", "", "A", "B"));
            for (int r : registers) {
                Integer va = flow ? a.before(r) : a.after(r), vb = flow ? b.before(r) : b.after(r);
                report.add(String.format("    %-5s %08x   %08x", Registers.name(r), va, vb));
            }
        }
        addContext(report);
        return true;
    }

    private boolean ignored(int register) {
        return (options.ignoredRegisters() & (1 << register)) != 0;
    }

    private void remember() {
        if (options.context() <= 0) return;
        if (recent.size() == options.context()) {
            recent.removeFirst();
            recentLines.removeFirst();
        }
        recent.addLast(new Instruction[] {a.current, b.current});
        recentLines.addLast(new long[] {a.currentLine, b.currentLine});
    }

    private void addContext(List<String> report) {
        if (recent.isEmpty()) return;
        report.add("  last " + recent.size() + " matching instructions (index and line on A, on B):");
        var lines = recentLines.iterator();
        for (Instruction[] pair : recent) {
            long[] line = lines.next();
            report.add(String.format("    %d:%d  %d:%d  %s", pair[0].index(), line[0], pair[1].index(), line[1], describe(pair[0])));
        }
    }

    /** {@code 000101ac <main+0x18> e3a00001 A r0=00000001}. */
    private String describe(Instruction i) {
        StringBuilder s = new StringBuilder(address(i.pc()));
        s.append(' ').append(i.encodingText()).append(' ').append(state(i));
        if (i.registersRecorded() && !i.writes().isEmpty()) s.append(' ').append(i.writes());
        return s.toString();
    }

    private String address(int pc) {
        String hex = String.format("%08x", pc);
        return options.symbols().containing(pc).isPresent() ? hex + " <" + options.symbols().describe(pc) + ">" : hex;
    }

    private static String state(Instruction i) {
        return i.thumb() ? "T" : "A";
    }
}
