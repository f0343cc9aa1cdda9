package czemu.pager.vm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The vm_areas of one address space, kept sorted and never overlapping, with the threads that share
 * them (CLONE_VM) and the UTCB page whose 16 slots those threads use.
 */
public final class TaskVm {
    public static final int UTCB_SLOTS = 16;

    private final List<VmArea> areas = new ArrayList<>();
    private int users = 1;
    /** UTCB page address → its used slots; more pages come when 16 threads are not enough. */
    private final java.util.LinkedHashMap<Integer, BitSet> utcbPages = new java.util.LinkedHashMap<>();

    /** Adds an area; false if it overlaps one already there. */
    public boolean add(VmArea area) {
        for (VmArea existing : areas) {
            if (existing.overlaps(area.start(), area.end())) return false;
        }
        areas.add(area);
        areas.sort(Comparator.comparingLong(a -> Integer.toUnsignedLong(a.start())));
        return true;
    }

    public void replace(VmArea old, VmArea replacement) {
        areas.set(areas.indexOf(old), replacement);
    }

    public void remove(VmArea area) {
        areas.remove(area);
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
            at = area.end() == 0 ? 0x1_0000_0000L : Integer.toUnsignedLong(area.end());
        }
        return end <= 0x1_0000_0000L;
    }

    public List<VmArea> areas() {
        return Collections.unmodifiableList(areas);
    }

    public void clear() {
        areas.clear();
    }

    public void addUser() { users++; }
    public int removeUser() { return --users; }

    /** The first UTCB page (slot 0 is the first thread's UTCB). */
    public int utcbPage() {
        return utcbPages.isEmpty() ? 0 : utcbPages.keySet().iterator().next();
    }

    public java.util.Set<Integer> utcbPages() {
        return java.util.Collections.unmodifiableSet(utcbPages.keySet());
    }

    public void addUtcbPage(int page) {
        utcbPages.put(page, new BitSet(UTCB_SLOTS));
    }

    /** A free 256-byte UTCB slot in this space's UTCB pages, or 0 when every slot is taken. */
    public int allocateUtcbSlot() {
        for (var page : utcbPages.entrySet()) {
            int slot = page.getValue().nextClearBit(0);
            if (slot < UTCB_SLOTS) {
                page.getValue().set(slot);
                return page.getKey() + slot * 256;
            }
        }
        return 0;
    }

    public void freeUtcbSlot(int address) {
        BitSet slots = utcbPages.get(address & ~0xFFF);
        if (slots != null) slots.clear((address & 0xFFF) / 256);
    }
}
