package czemu.kernel.capability;

import static czemu.kernel.capability.CapabilityTypes.RESID_NONE;
import static czemu.kernel.capability.CapabilityTypes.TYPE_QUANTITY;

import czemu.kernel.abi.ThreadIds;
import czemu.kernel.capability.BootCapabilities.MemoryRegion;
import czemu.kernel.capability.BootCapabilities.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory kernel for the capability tests: threads, spaces and containers as plain values, a registry, and the
 * model's services wired over them. Its {@link ResourceDirectory} is what the lead implements over Tcb / AddressSpace
 * / Container.
 */
final class TestWorld implements ResourceDirectory {

    static final List<MemoryRegion> VIRT =
            List.of(new MemoryRegion(0x30000, 0x40000), new MemoryRegion(0xA0000, 0xB0000));
    static final List<MemoryRegion> PHYS = List.of(new MemoryRegion(0x40, 0x1000));

    final Map<Integer, CapabilitySubject> threads = new LinkedHashMap<>();
    final Map<Integer, Integer> spaceContainer = new HashMap<>();
    final CapabilityRegistry registry = new CapabilityRegistry();
    final CapabilityControl control = new CapabilityControl(registry, this);
    final CapabilityChecks checks = new CapabilityChecks(registry, this);
    final CapabilityRequests requests = new CapabilityRequests(control);
    private int nextSpace = 1;

    @Override
    public CapabilitySubject findThread(int tid) {
        return ThreadIds.isSpecial(tid) ? null : threads.get(tid);
    }

    @Override
    public boolean spaceInContainer(int spaceId, int containerId) {
        Integer c = spaceContainer.get(spaceId);
        return c != null && c == containerId;
    }

    int newSpace(int cid) {
        int spid = nextSpace++;
        spaceContainer.put(spid, cid);
        return spid;
    }

    /** A container's pager: its own pager and group leader, in a new space. */
    CapabilitySubject pager(int cid, int raw) {
        int tid = ThreadIds.of(cid, raw);
        return add(CapabilitySubject.of(tid, newSpace(cid), cid, tid, tid));
    }

    /** A task paged by {@code pager}, in a new space, leading its own group. */
    CapabilitySubject task(CapabilitySubject pager, int raw) {
        int tid = ThreadIds.of(pager.containerId(), raw);
        return add(CapabilitySubject.of(tid, newSpace(pager.containerId()), pager.containerId(), tid, pager.tid()));
    }

    /** Another thread in {@code peer}'s space and group (a clone). */
    CapabilitySubject clone(CapabilitySubject peer, int raw) {
        int tid = ThreadIds.of(peer.containerId(), raw);
        return add(CapabilitySubject.of(tid, peer.spaceId(), peer.containerId(), peer.threadGroupId(),
                peer.pagerTid()));
    }

    CapabilitySubject add(CapabilitySubject s) {
        threads.put(s.tid(), s);
        return s;
    }

    void remove(CapabilitySubject s) {
        threads.remove(s.tid());
    }

    void boot(CapabilitySubject pager, Policy policy) {
        BootCapabilities.boot(control, pager, VIRT, PHYS, policy);
    }

    List<Capability> installBootCaps(CapabilitySubject pager) {
        return BootCapabilities.install(registry, pager, VIRT, PHYS, BootCapabilities.PoolSizes.DEFAULT);
    }

    /** The first cap the subject sees with this full type word (and owner, if not -1). */
    Capability visible(CapabilitySubject s, int type) {
        for (Capability c : registry.capsOf(s)) {
            if (c.type() == type) return c;
        }
        return null;
    }

    /** A CAP-type cap with these request bits naming {@code s} by thread, placed in its own list. */
    Capability giveCapControl(CapabilitySubject s, int bits) {
        return registry.install(registry.threadList(s.tid()), new Capability(0, s.tid(), s.tid(),
                CapabilityTypes.TYPE_CAP | CapabilityTypes.RTYPE_THREAD, bits, 0, 0, 0, 0));
    }

    /** A CAPPOOL of this size in the subject's own list. */
    Capability giveCapPool(CapabilitySubject s, int size) {
        return registry.install(registry.threadList(s.tid()), new Capability(0, s.tid(), RESID_NONE,
                TYPE_QUANTITY | CapabilityTypes.RTYPE_CAPPOOL,
                CapabilityTypes.CHANGEABLE | CapabilityTypes.TRANSFERABLE, 0, 0, size, 0));
    }

    static Capability byCapid(int capid) {
        return new Capability().setCapid(capid);
    }

    List<CapabilitySubject> allThreads() {
        return new ArrayList<>(threads.values());
    }
}
