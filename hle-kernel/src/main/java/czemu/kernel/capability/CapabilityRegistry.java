package czemu.kernel.capability;

import czemu.kernel.capability.CapabilityList.Kind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns every capability list in the machine and the global capid pool.
 *
 * <p>Lists exist per thread, per address space, per thread group, per pager (the caps it or its tasks shared with
 * CHILD / SIBLING, seen by every thread whose pager it is) and per container. A thread uses, in this order
 * (the README's adopted lookup order): its own list, its space's list, its thread group's list, the list of the
 * pager that pages it, its container's list. See {@link #listsOf}.
 *
 * <p>Not thread-safe: the kernel calls the model from its single syscall path.
 */
public final class CapabilityRegistry {

    private final Map<Kind, Map<Integer, CapabilityList>> lists = new EnumMap<>(Kind.class);
    private final BitSet capids = new BitSet();

    public CapabilityRegistry() {
        for (Kind k : Kind.values()) lists.put(k, new HashMap<>());
    }

    // ---- the lists ----

    /** The list of this kind and id, created empty on first use. */
    public CapabilityList list(Kind kind, int id) {
        return lists.get(kind).computeIfAbsent(id, i -> new CapabilityList(kind, i));
    }

    /** The list of this kind and id if it exists, else null (never creates one). */
    public CapabilityList existingList(Kind kind, int id) {
        return lists.get(kind).get(id);
    }

    public CapabilityList threadList(int tid) { return list(Kind.THREAD, tid); }
    public CapabilityList spaceList(int spaceId) { return list(Kind.SPACE, spaceId); }
    public CapabilityList groupList(int threadGroupId) { return list(Kind.THREAD_GROUP, threadGroupId); }
    public CapabilityList pagedByList(int pagerTid) { return list(Kind.PAGED_BY, pagerTid); }
    public CapabilityList containerList(int containerId) { return list(Kind.CONTAINER, containerId); }

    /**
     * The lists a thread uses, in lookup order: its own, its space's, its thread group's, its pager's
     * paged-tasks list, its container's. Lists that do not exist yet are left out.
     */
    public List<CapabilityList> listsOf(CapabilitySubject s) {
        List<CapabilityList> out = new ArrayList<>(5);
        addIfPresent(out, Kind.THREAD, s.tid());
        addIfPresent(out, Kind.SPACE, s.spaceId());
        addIfPresent(out, Kind.THREAD_GROUP, s.threadGroupId());
        addIfPresent(out, Kind.PAGED_BY, s.pagerTid());
        addIfPresent(out, Kind.CONTAINER, s.containerId());
        return out;
    }

    private void addIfPresent(List<CapabilityList> out, Kind kind, int id) {
        CapabilityList l = lists.get(kind).get(id);
        if (l != null) out.add(l);
    }

    /** Every cap a thread can use, in lookup order (each list newest first). */
    public List<Capability> capsOf(CapabilitySubject s) {
        List<Capability> out = new ArrayList<>();
        for (CapabilityList l : listsOf(s)) out.addAll(l.caps());
        return out;
    }

    /** The first cap with this id in the thread's lists (Codezero's {@code cap_find_by_capid}), or null. */
    public Capability findByCapid(CapabilitySubject s, int capid) {
        for (CapabilityList l : listsOf(s)) {
            Capability c = l.findByCapid(capid);
            if (c != null) return c;
        }
        return null;
    }

    /** Every list that exists, by kind then (unsigned) id. */
    public List<CapabilityList> allLists() {
        List<CapabilityList> out = new ArrayList<>();
        for (Map<Integer, CapabilityList> m : lists.values()) {
            List<CapabilityList> kind = new ArrayList<>(m.values());
            kind.sort((a, b) -> Integer.compareUnsigned(a.id(), b.id()));
            out.addAll(kind);
        }
        return out;
    }

    /** Every cap held anywhere. */
    public List<Capability> allCaps() {
        List<Capability> out = new ArrayList<>();
        for (CapabilityList l : allLists()) out.addAll(l.caps());
        return Collections.unmodifiableList(out);
    }

    // ---- capids and creation ----

    /** Takes the lowest free capid from the global pool. */
    int allocateCapid() {
        int id = capids.nextClearBit(0);
        capids.set(id);
        return id;
    }

    void releaseCapid(int capid) {
        if (capid >= 0) capids.clear(capid);
    }

    /**
     * Places a kernel-made cap (a boot cap) at the head of a list with a fresh capid, charged to no pool.
     * The fields other than capid are taken as given.
     */
    public Capability install(CapabilityList list, Capability fields) {
        Capability c = fields.copy();
        c.setCapid(allocateCapid());
        list.insert(c);
        return c;
    }

    /**
     * The first QUANTITY cap of this pool resource type in the thread's lists that still has room, or null.
     * Pools are consumed by whoever can see them, whoever owns them.
     */
    public Capability poolWithRoom(CapabilitySubject s, int poolRtype) {
        for (CapabilityList l : listsOf(s)) {
            for (Capability c : l.view()) {
                if (c.isQuantity() && c.resourceType() == poolRtype && c.available() > 0) return c;
            }
        }
        return null;
    }

    /** Removes a cap from its list, frees its capid and credits the pool it was paid from. */
    void free(Capability c) {
        if (c.home != null) c.home.remove(c);
        releaseCapid(c.capid());
        credit(c.chargedTo);
        c.chargedTo = null;
    }

    /** Gives one unit back to a pool cap, if it still exists. */
    static void credit(Capability pool) {
        if (pool != null && pool.home != null && pool.used() != 0) pool.setUsed(pool.used() - 1);
    }

    // ---- objects going away ----

    /** Frees every cap in a list (capids back to the pool, charges credited) and forgets the list. */
    public void discard(Kind kind, int id) {
        CapabilityList l = lists.get(kind).remove(id);
        if (l == null) return;
        for (Capability c : l.caps()) free(c);
    }

    /**
     * Frees every cap owned by this thread, wherever it lives (e.g. caps it shared to its container). Call it when a
     * thread dies if its tid may be reused: a new thread with the same tid would otherwise own them. Returns how many
     * caps were freed.
     */
    public int discardOwnedBy(int tid) {
        int n = 0;
        for (CapabilityList l : allLists()) {
            for (Capability c : l.caps()) {
                if (c.owner() == tid) {
                    free(c);
                    n++;
                }
            }
        }
        return n;
    }

    public void discardThread(int tid) { discard(Kind.THREAD, tid); }
    public void discardSpace(int spaceId) { discard(Kind.SPACE, spaceId); }
    public void discardGroup(int threadGroupId) { discard(Kind.THREAD_GROUP, threadGroupId); }
    public void discardPagedBy(int pagerTid) { discard(Kind.PAGED_BY, pagerTid); }
    public void discardContainer(int containerId) { discard(Kind.CONTAINER, containerId); }

    // ---- printing ----

    /** Every non-empty list with its caps: the machine-wide {@code czemu caps} view. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (CapabilityList l : allLists()) {
            if (!l.isEmpty()) s.append(l.describe());
        }
        return s.length() == 0 ? "no capabilities\n" : s.toString();
    }

    /** The caps one thread can use, grouped by the list each comes from, in lookup order. */
    public String describe(CapabilitySubject s) {
        StringBuilder out = new StringBuilder("capabilities of thread ")
                .append(czemu.kernel.abi.ThreadIds.describe(s.tid())).append('\n');
        boolean any = false;
        for (CapabilityList l : listsOf(s)) {
            if (l.isEmpty()) continue;
            any = true;
            out.append(" from ").append(l.describe().replace("\n  ", "\n    "));
        }
        if (!any) out.append(" none\n");
        return out.toString();
    }
}
