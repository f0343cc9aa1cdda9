package czemu.emulator.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Address ranges given on the command line, {@code 0xA000-0xB000[,...]}: hex (0x optional), start
 * included, end excluded.
 */
public final class PcRanges {
    public static final PcRanges NONE = new PcRanges(new long[0], new long[0]);

    private final long[] starts;
    private final long[] ends;

    private PcRanges(long[] starts, long[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    public static PcRanges parse(String text) {
        List<long[]> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String range = part.trim();
            if (range.isEmpty()) continue;
            int dash = range.indexOf('-');
            if (dash < 0) throw new IllegalArgumentException("'" + range + "': expected START-END, e.g. 0xA000-0xB000");
            long start = address(range.substring(0, dash)), end = address(range.substring(dash + 1));
            if (end <= start) throw new IllegalArgumentException("'" + range + "': the end must lie above the start");
            ranges.add(new long[] {start, end});
        }
        return new PcRanges(ranges.stream().mapToLong(r -> r[0]).toArray(), ranges.stream().mapToLong(r -> r[1]).toArray());
    }

    /** Both lists' ranges. */
    public PcRanges plus(PcRanges other) {
        long[] s = java.util.Arrays.copyOf(starts, starts.length + other.starts.length);
        long[] e = java.util.Arrays.copyOf(ends, ends.length + other.ends.length);
        System.arraycopy(other.starts, 0, s, starts.length, other.starts.length);
        System.arraycopy(other.ends, 0, e, ends.length, other.ends.length);
        return new PcRanges(s, e);
    }

    public boolean isEmpty() {
        return starts.length == 0;
    }

    public boolean contains(int pc) {
        long address = Integer.toUnsignedLong(pc);
        for (int i = 0; i < starts.length; i++) {
            if (address >= starts[i] && address < ends[i]) return true;
        }
        return false;
    }

    /** A hex address as the command line gives it ({@code 0x} optional), up to 2^32 for an end. */
    public static long address(String text) {
        String digits = text.trim();
        if (digits.startsWith("0x") || digits.startsWith("0X")) digits = digits.substring(2);
        try {
            long value = Long.parseLong(digits, 16);
            if (value < 0 || value > 1L << 32) throw new NumberFormatException();
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a 32-bit hex address");
        }
    }
}
