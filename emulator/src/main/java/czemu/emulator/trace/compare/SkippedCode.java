package czemu.emulator.trace.compare;

import czemu.emulator.trace.Instruction;
import czemu.emulator.trace.PcRanges;
import czemu.emulator.trace.TraceHeader;
import czemu.emulator.trace.TraceReader;
import czemu.emulator.trace.TraceRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The instructions a comparison looks at: only one thread's if asked, none at pcs the user skips
 * ({@code --ignore-range}) or outside the ones kept ({@code --keep-range}), and no kernel events.
 * What skipped code changed is folded into the last compared instruction of the same thread, so
 * a call into a skipped stub shows its results, and a qemu-system log kept to one task's range
 * shows what the kernel did between two of the task's instructions as the effect of the first,
 * the way czemu records an SVC.
 */
final class SkippedCode implements TraceReader {
    private final TraceReader in;
    private final PcRanges ignored;
    private final PcRanges kept;
    private final Integer thread;
    private final boolean folding;
    private final Map<Integer, Held> held = new HashMap<>();
    private final ArrayDeque<Held> ready = new ArrayDeque<>();
    private long line;
    private boolean ended;

    private record Held(Instruction instruction, long line) {
    }

    SkippedCode(TraceReader in, PcRanges ignored, PcRanges kept, Integer thread) {
        this.in = in;
        this.ignored = ignored;
        this.kept = kept;
        this.thread = thread;
        this.folding = !ignored.isEmpty() || !kept.isEmpty();
    }

    private boolean skipped(int pc) {
        return ignored.contains(pc) || (!kept.isEmpty() && !kept.contains(pc));
    }

    @Override
    public TraceRecord next() {
        while (ready.isEmpty() && !ended) {
            TraceRecord record = in.next();
            if (record == null) {
                List<Held> rest = new ArrayList<>(held.values());
                rest.sort((a, b) -> Long.compare(a.instruction().index(), b.instruction().index()));
                ready.addAll(rest);
                held.clear();
                ended = true;
            } else if (record instanceof Instruction i && (thread == null || i.thread() == thread)) {
                take(i);
            }
        }
        Held next = ready.poll();
        if (next == null) return null;
        line = next.line();
        return next.instruction();
    }

    private void take(Instruction i) {
        if (!folding) {
            ready.add(new Held(i, in.line()));
            return;
        }
        Held before = held.get(i.thread());
        if (skipped(i.pc())) {
            if (before != null && before.instruction().registersRecorded() && i.registersRecorded()) {
                Instruction folded = before.instruction().with(before.instruction().index(), before.instruction().writes().then(i.writes()));
                held.put(i.thread(), new Held(folded, before.line()));
            }
            return;
        }
        held.put(i.thread(), new Held(i, in.line()));
        if (before != null) ready.add(before);
    }

    @Override
    public TraceHeader header() {
        return in.header();
    }

    @Override
    public String name() {
        return in.name();
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public void close() {
        in.close();
    }
}
