package czemu.pager.vm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** A task's vm_areas, kept sorted and never overlapping. */
public final class TaskVm {
    private final List<VmArea> areas = new ArrayList<>();

    /** Adds an area; false if it overlaps one already there. */
    public boolean add(VmArea area) {
        for (VmArea existing : areas) {
            if (existing.overlaps(area.start(), area.end())) return false;
        }
        areas.add(area);
        areas.sort(Comparator.comparingLong(a -> Integer.toUnsignedLong(a.start())));
        return true;
    }

    public VmArea find(int address) {
        for (VmArea area : areas) {
            if (area.contains(address)) return area;
        }
        return null;
    }

    /** Whether every byte of [address, address+length) lies in some area. */
    public boolean covers(int address, int length) {
        long end = Integer.toUnsignedLong(address) + Math.max(length, 1);
        for (long at = Integer.toUnsignedLong(address); at < end; ) {
            VmArea area = find((int) at);
            if (area == null) return false;
            at = Integer.toUnsignedLong(area.end());
        }
        return end <= 0x1_0000_0000L;
    }

    public List<VmArea> areas() {
        return Collections.unmodifiableList(areas);
    }

    public void clear() {
        areas.clear();
    }
}
