package czemu.emulator.trace;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code czemu trace show --summary}: how much of each kind of record each thread has, and the
 * program it ran (its last start line), which tells the threads of one task apart from another's.
 */
public final class TraceSummary {
    private static final String[] COLUMNS = {"instructions", "syscalls", "ipcs", "faults", "undefs", "signals", "switches", "starts",
        "exits"};

    private final Map<Integer, long[]> byThread = new TreeMap<>(Integer::compareUnsigned);
    private final Map<Integer, String> programs = new HashMap<>();

    public void count(TraceRecord record) {
        long[] counts = byThread.computeIfAbsent(record.thread(), t -> new long[COLUMNS.length]);
        counts[column(record)]++;
        if (record instanceof TraceEvent.TaskStart start) programs.put(start.thread(), start.program());
    }

    private static int column(TraceRecord record) {
        if (record instanceof Instruction) return 0;
        return switch (((TraceEvent) record).kind()) {
            case "syscall" -> 1;
            case "ipc" -> 2;
            case "fault" -> 3;
            case "undef" -> 4;
            case "signal" -> 5;
            case "switch" -> 6;
            case "start" -> 7;
            default -> 8;
        };
    }

    /** The count of one column ({@code instructions}, {@code syscalls}, ...) for a thread. */
    public long count(int thread, String column) {
        long[] counts = byThread.get(thread);
        if (counts == null) return 0;
        for (int c = 0; c < COLUMNS.length; c++) {
            if (COLUMNS[c].equals(column)) return counts[c];
        }
        throw new IllegalArgumentException(column);
    }

    public void print(PrintWriter out) {
        StringBuilder head = new StringBuilder(String.format("%-10s", "thread"));
        for (String column : COLUMNS) head.append(String.format(" %12s", column));
        out.println(head.append("  program"));
        long[] total = new long[COLUMNS.length];
        for (Map.Entry<Integer, long[]> entry : byThread.entrySet()) {
            String program = programs.get(entry.getKey());
            out.println(row(CzemuTraceFormat.thread(entry.getKey()), entry.getValue()) + (program == null ? "" : "  " + program));
            for (int c = 0; c < total.length; c++) total[c] += entry.getValue()[c];
        }
        if (byThread.size() > 1) out.println(row("total", total));
    }

    private static String row(String label, long[] counts) {
        StringBuilder line = new StringBuilder(String.format("%-10s", label));
        for (long count : counts) line.append(String.format(" %12d", count));
        return line.toString();
    }
}
