package czemu.emulator.cli;

import czemu.emulator.trace.CzemuTraceFormat;
import czemu.emulator.trace.Instruction;
import czemu.emulator.trace.PcRanges;
import czemu.emulator.trace.Registers;
import czemu.emulator.trace.TraceEvent;
import czemu.emulator.trace.TraceFormat;
import czemu.emulator.trace.TraceFormatException;
import czemu.emulator.trace.TraceReader;
import czemu.emulator.trace.TraceRecord;
import czemu.emulator.trace.TraceSummary;
import czemu.emulator.trace.TraceWriter;
import czemu.emulator.trace.compare.EquatedRanges;
import czemu.emulator.trace.compare.TraceComparator;
import czemu.loader.ElfLoader;
import czemu.loader.LoaderException;
import czemu.loader.SymbolTable;
import czemu.loader.TaskRegion;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code czemu trace}: read, filter and compare execution traces (docs/traces.md). */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Reads execution traces — czemu's own, QEMU -d exec,cpu,nochain logs and Arm Tarmac traces — "
                + "shows them and finds where two runs part.",
        subcommands = {TraceCommand.Compare.class, TraceCommand.Show.class})
final class TraceCommand implements Runnable {
    /** Exit statuses of the trace commands: the runs match, they diverge, the input is bad. */
    static final int STATUS_MATCH = 0;
    static final int STATUS_DIVERGE = 1;
    static final int STATUS_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs a trace command, turning every input problem into one line and status 2. */
    private static int guarded(CommandLine.Model.CommandSpec spec, Callable<Integer> body) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return body.call();
        } catch (TraceFormatException | IllegalArgumentException | LoaderException e) {
            err.println("czemu: error: " + e.getMessage());
        } catch (UncheckedIOException e) {
            err.println("czemu: error: " + e.getMessage());
        } catch (IOException e) {
            err.println("czemu: error: " + e.getMessage());
        } catch (Exception e) {
            err.println("czemu: error: internal error: " + e);
            if (System.getenv("CZEMU_DEBUG") != null) e.printStackTrace(err);
        }
        err.flush();
        return STATUS_BAD_INPUT;
    }

    private static TraceFormat format(String name) {
        return name == null ? null : TraceFormat.ofName(name);
    }

    private static SymbolTable symbols(Path elf) throws IOException, LoaderException {
        if (elf == null) return SymbolTable.empty();
        if (!Files.isRegularFile(elf)) throw new IllegalArgumentException(elf + ": no such file");
        // Any address will do: the ELF only names pcs here, it is not loaded as a task.
        return ElfLoader.load(elf.toString(), Files.readAllBytes(elf), new TaskRegion(0, -1)).symbols();
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Compares two traces of the same program instruction by instruction and reports the first "
                    + "divergence: the index on each side, the instruction, the registers that differ and the last "
                    + "matching instructions.",
                "Exit status: 0 the traces match, 1 they diverge, 2 bad input."})
    static final class Compare implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A", description = "A trace: czemu, QEMU log or Tarmac (told from the content).")
        Path a;

        @Parameters(index = "1", paramLabel = "B", description = "The trace to compare it with.")
        Path b;

        @Option(names = "--format", paramLabel = "FORMAT", description = "Read both as czemu, qemu or tarmac.")
        String format;

        @Option(names = "--format-a", paramLabel = "FORMAT", description = "Read A as czemu, qemu or tarmac.")
        String formatA;

        @Option(names = "--format-b", paramLabel = "FORMAT", description = "Read B as czemu, qemu or tarmac.")
        String formatB;

        @Option(names = "--elf", paramLabel = "FILE", description = "The program's ELF: names pcs as symbol+offset, allows --start-symbol.")
        Path elf;

        @Option(names = "--start-pc", paramLabel = "ADDRESS", description = "Begin both sides at the first instruction at this pc (hex).")
        String startPc;

        @Option(names = "--start-symbol", paramLabel = "NAME", description = "Begin both sides at this function of the --elf program.")
        String startSymbol;

        @Option(names = "--ignore-registers", paramLabel = "LIST", description = "Registers never compared, e.g. r12,cpsr.")
        String ignoreRegisters;

        @Option(names = "--ignore-range", paramLabel = "RANGES", description = "Skip instructions at these pcs on both sides, "
                + "e.g. 0xffff0000-0x100000000 (repeatable); what they change counts for the instruction before.")
        List<String> ignoreRanges = List.of();

        @Option(names = "--keep-range", paramLabel = "RANGES", description = "Compare only instructions at these pcs, e.g. a "
                + "task's range in a qemu-system log (repeatable).")
        List<String> keepRanges = List.of();

        @Option(names = "--equate", paramLabel = "START-END=OTHER", description = "Memory at different addresses in the two "
                + "runs, e.g. the stack: a value of A inside START-END equals B's value at the same offset from OTHER "
                + "(repeatable, or comma-separated; hex).")
        List<String> equates = List.of();

        @Option(names = "--thread-a", paramLabel = "THREAD", description = "Compare only this thread of A (a czemu thread id, QEMU CPU or Tarmac cpu number).")
        String threadA;

        @Option(names = "--thread-b", paramLabel = "THREAD", description = "Compare only this thread of B.")
        String threadB;

        @Option(names = "--context", paramLabel = "N", description = "Matching instructions to show before a divergence (default ${DEFAULT-VALUE}).")
        int context = 8;

        @Option(names = "--max-instructions", paramLabel = "N", description = "Stop after comparing N instructions.")
        long maxInstructions;

        @Option(names = "--stop-pc", paramLabel = "ADDRESS", description = "End, matched, when both sides reach this pc (hex) "
                + "after the start.")
        String stopPc;

        @Option(names = "--stop-symbol", paramLabel = "NAME", description = "End, matched, when both sides reach this function "
                + "of the --elf program (main: the C library's start-up alone).")
        String stopSymbol;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                SymbolTable symbols = symbols(elf);
                Integer start = pcOrSymbol(startPc, startSymbol, "--start", symbols);
                Integer stop = pcOrSymbol(stopPc, stopSymbol, "--stop", symbols);
                if (context < 0 || maxInstructions < 0) throw new IllegalArgumentException("--context and --max-instructions must not be negative");
                TraceFormat fa = format(formatA != null ? formatA : format), fb = format(formatB != null ? formatB : format);
                TraceComparator.Options options = new TraceComparator.Options(
                        ignoreRegisters == null ? 0 : Registers.mask(ignoreRegisters), ranges(ignoreRanges), ranges(keepRanges),
                        context, maxInstructions, start, stop, thread(threadA), thread(threadB), symbols, equated(equates));
                TraceComparator.Outcome outcome = new TraceComparator(() -> TraceFormat.open(a, fa), () -> TraceFormat.open(b, fb), options).compare();
                PrintWriter out = spec.commandLine().getOut();
                outcome.report().forEach(out::println);
                out.flush();
                return outcome.matched() ? STATUS_MATCH : STATUS_DIVERGE;
            });
        }

        /** The address {@code OPTION-pc} gives, or {@code OPTION-symbol} names in the --elf program (which wins); null for neither. */
        private Integer pcOrSymbol(String pc, String symbol, String option, SymbolTable symbols) {
            if (symbol != null) {
                if (elf == null) throw new IllegalArgumentException(option + "-symbol needs --elf");
                return symbols.lookup(symbol).orElseThrow(() -> new IllegalArgumentException(elf + ": no symbol " + symbol)).address();
            }
            return pc == null ? null : (int) hex(pc, option + "-pc");
        }

        private static EquatedRanges equated(List<String> texts) {
            EquatedRanges all = EquatedRanges.NONE;
            for (String text : texts) all = all.plus(EquatedRanges.parse(text));
            return all;
        }

        private static PcRanges ranges(List<String> texts) {
            PcRanges all = PcRanges.NONE;
            for (String text : texts) all = all.plus(PcRanges.parse(text));
            return all;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints a trace (any format) as czemu trace lines, filtered, or a summary per thread.")
    static final class Show implements Callable<Integer> {
        private static final Set<String> KINDS = Set.of("instruction", "syscall", "ipc", "fault", "switch", "undef", "signal", "start",
                "exit");

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "A czemu trace, QEMU log or Tarmac trace.")
        Path file;

        @Option(names = "--format", paramLabel = "FORMAT", description = "Read it as czemu, qemu or tarmac.")
        String format;

        @Option(names = "--thread", paramLabel = "THREAD", description = "Only this thread's records (a switch also shows when it leaves).")
        String thread;

        @Option(names = "--kind", paramLabel = "KINDS", split = ",",
                description = "Only these kinds: instruction, syscall, ipc, fault, switch, undef, signal, start, exit.")
        List<String> kinds = List.of();

        @Option(names = "--pc-range", paramLabel = "RANGES", description = "Only instructions at these pcs, e.g. 0x40000000-0x40010000.")
        String pcRange;

        @Option(names = "--summary", description = "Print counts of instructions, syscalls, IPCs, faults... per thread instead.")
        boolean summary;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                for (String kind : kinds) {
                    if (!KINDS.contains(kind)) throw new IllegalArgumentException("--kind " + kind + ": expected one of " + String.join(", ", KINDS.stream().sorted().toList()));
                }
                Set<String> wanted = new HashSet<>(kinds);
                Integer onlyThread = thread(thread);
                PcRanges pcs = pcRange == null ? PcRanges.NONE : PcRanges.parse(pcRange);
                PrintWriter out = spec.commandLine().getOut();
                TraceSummary counts = new TraceSummary();
                try (TraceReader reader = TraceFormat.open(file, format(format))) {
                    TraceWriter writer = summary ? null : new TraceWriter(to(out), reader.header());
                    for (TraceRecord record = reader.next(); record != null; record = reader.next()) {
                        if (!selected(record, wanted, onlyThread, pcs)) continue;
                        if (summary) counts.count(record);
                        else writer.write(record);
                    }
                    if (summary) counts.print(out);
                    else writer.flush();
                }
                out.flush();
                return STATUS_MATCH;
            });
        }

        private static boolean selected(TraceRecord record, Set<String> kinds, Integer thread, PcRanges pcs) {
            String kind = record instanceof TraceEvent e ? e.kind() : "instruction";
            if (!kinds.isEmpty() && !kinds.contains(kind)) return false;
            if (thread != null && record.thread() != thread
                    && !(record instanceof TraceEvent.ContextSwitch s && s.from() == thread)) return false;
            return pcs.isEmpty() || !(record instanceof Instruction i) || pcs.contains(i.pc());
        }

        /** The writer formats bytes; the command's output is picocli's writer. */
        private static OutputStream to(PrintWriter out) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    out.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    out.write(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
                }

                @Override
                public void flush() {
                    out.flush();
                }
            };
        }
    }

    private static Integer thread(String text) {
        if (text == null) return null;
        try {
            return CzemuTraceFormat.parseThread(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a thread id");
        }
    }

    private static long hex(String text, String option) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        try {
            long value = Long.parseLong(digits, 16);
            if (value < 0 || value > 0xFFFFFFFFL) throw new NumberFormatException();
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + text + ": not a 32-bit hex address");
        }
    }
}
