package czemu.emulator.trace.compare;

import czemu.emulator.trace.PcRanges;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory that holds the same things at different addresses in the two runs ({@code --equate
 * 0x7fff0000-0x80000000=0x40800000}: A's stack, 64 KiB below 0x80000000, is B's at 0x40800000).
 * A register that holds an address inside such a range on side A compares equal to side B's value
 * at the same offset in B's range, so two runs whose loaders placed the stack (or a heap) apart
 * still match wherever the programs did the same.
 */
public final class EquatedRanges {
    public static final EquatedRanges NONE = new EquatedRanges(new long[0], new long[0], new long[0]);

    private final long[] starts;
    private final long[] ends;
    private final long[] others;

    private EquatedRanges(long[] starts, long[] ends, long[] others) {
        this.starts = starts;
        this.ends = ends;
        this.others = others;
    }

    /** {@code START-END=OTHER[,...]}, hex (0x optional); START included, END excluded. */
    public static EquatedRanges parse(String text) {
        List<long[]> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String range = part.trim();
            if (range.isEmpty()) continue;
            int eq = range.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("'" + range + "': expected START-END=OTHER_START, e.g. 0x7fff0000-0x80000000=0x40800000");
            int dash = range.indexOf('-');
            if (dash < 0 || dash > eq) throw new IllegalArgumentException("'" + range + "': expected START-END=OTHER_START");
            long start = PcRanges.address(range.substring(0, dash)), end = PcRanges.address(range.substring(dash + 1, eq));
            if (end <= start) throw new IllegalArgumentException("'" + range + "': the end must lie above the start");
            ranges.add(new long[] {start, end, PcRanges.address(range.substring(eq + 1))});
        }
        return new EquatedRanges(ranges.stream().mapToLong(r -> r[0]).toArray(), ranges.stream().mapToLong(r -> r[1]).toArray(),
                ranges.stream().mapToLong(r -> r[2]).toArray());
    }

    /** Both lists' ranges. */
    public EquatedRanges plus(EquatedRanges more) {
        return new EquatedRanges(concat(starts, more.starts), concat(ends, more.ends), concat(others, more.others));
    }

    private static long[] concat(long[] a, long[] b) {
        long[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Whether A's value {@code a} and B's value {@code b} are the same: equal, or the same place in an equated range. */
    public boolean same(int a, int b) {
        if (a == b) return true;
        long ua = Integer.toUnsignedLong(a), ub = Integer.toUnsignedLong(b);
        for (int i = 0; i < starts.length; i++) {
            if (ua >= starts[i] && ua < ends[i] && ub == ua - starts[i] + others[i]) return true;
        }
        return false;
    }
}
