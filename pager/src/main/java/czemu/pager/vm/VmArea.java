package czemu.pager.vm;

import czemu.kernel.memory.PagePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * One vm_area of a task: a page-aligned range with its permissions, the object behind it (and the
 * object page its first page shows), and, for a private area, the pages it has written, which
 * shadow the object's.
 */
public final class VmArea {
    private final int start;
    private final int end;
    private final PagePermissions permissions;
    private final boolean shared;
    private final VmObject object;
    private final int objectPageOffset;
    private final String label;
    private final Map<Integer, Integer> privatePages = new HashMap<>();

    public VmArea(int start, int end, PagePermissions permissions, boolean shared, VmObject object,
                  int objectPageOffset, String label) {
        if ((start & 0xFFF) != 0 || (end & 0xFFF) != 0 || Integer.compareUnsigned(start, end) >= 0) {
            throw new IllegalArgumentException("vm_area must be a non-empty page-aligned range: 0x"
                    + Integer.toHexString(start) + "-0x" + Integer.toHexString(end));
        }
        this.start = start;
        this.end = end;
        this.permissions = permissions;
        this.shared = shared;
        this.object = object;
        this.objectPageOffset = objectPageOffset;
        this.label = label;
    }

    public int start() { return start; }
    public int end() { return end; }
    public PagePermissions permissions() { return permissions; }
    public boolean shared() { return shared; }
    public VmObject object() { return object; }
    public String label() { return label; }

    public boolean contains(int address) {
        return Integer.compareUnsigned(address, start) >= 0 && Integer.compareUnsigned(address, end) < 0;
    }

    public boolean overlaps(int otherStart, int otherEnd) {
        return Integer.compareUnsigned(otherStart, end) < 0 && Integer.compareUnsigned(start, otherEnd) < 0;
    }

    /** Index into the object of the page holding {@code address}. */
    public int objectPage(int address) {
        return objectPageOffset + ((address - start) >>> 12);
    }

    public Integer privatePage(int address) {
        return privatePages.get(address & ~0xFFF);
    }

    public void addPrivatePage(int address, int frame) {
        privatePages.put(address & ~0xFFF, frame);
    }

    /** The frames this area owns; the caller frees them when the area goes away. */
    public Iterable<Integer> privateFrames() {
        return privatePages.values();
    }

    /** Its own pages by virtual page address. */
    public Map<Integer, Integer> privatePagesByAddress() {
        return privatePages;
    }

    /**
     * The part [from, to) of this area, with the pages it owns there, as munmap leaves it when it
     * cuts an area; the caller retains the object for each slice it keeps.
     */
    public VmArea slice(int from, int to) {
        VmArea part = new VmArea(from, to, permissions, shared, object, objectPageOffset + ((from - start) >>> 12), label);
        privatePages.forEach((page, frame) -> {
            if (part.contains(page)) part.privatePages.put(page, frame);
        });
        return part;
    }

    /** The same range, object and pages with other permissions (mprotect); the caller retains the object. */
    public VmArea withPermissions(PagePermissions newPermissions) {
        VmArea changed = new VmArea(start, end, newPermissions, shared, object, objectPageOffset, label);
        changed.privatePages.putAll(privatePages);
        return changed;
    }

    /** Forgets its own page at {@code address} (the caller frees the frame): the object's page shows again. */
    public Integer dropPrivatePage(int address) {
        return privatePages.remove(address & ~0xFFF);
    }

    /** The same range and object, with no pages of its own (what fork gives each side). */
    public VmArea withObject(VmObject newObject) {
        return new VmArea(start, end, permissions, shared, newObject, objectPageOffset, label);
    }

    public int privatePageCount() {
        return privatePages.size();
    }

    @Override
    public String toString() {
        return String.format("0x%08x-0x%08x %s %s %s (%s)", start, end, permissions, shared ? "shared" : "private",
                object.describe(), label);
    }
}
