package czemu.kernel.capability;

import czemu.kernel.abi.ThreadControlFlags;

import static czemu.kernel.capability.CapabilityTypes.*;
import static czemu.kernel.capability.TestWorld.byCapid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import czemu.kernel.abi.Errno;
import czemu.kernel.capability.BootCapabilities.MemoryRegion;
import czemu.kernel.capability.BootCapabilities.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The boot policies and the pager's capability request protocol (tag 50). */
class BootAndRequestsTest {

    static final int SHORT = 0;
    static final int FULL = 1;
    static final int EXTENDED = 0x08000022;
    static final int[] TRANSFERS = {SHORT, FULL, EXTENDED};

    TestWorld w = new TestWorld();
    CapabilitySubject pager = w.pager(0, 1);
    CapabilitySubject t2 = w.task(pager, 2);
    CapabilitySubject t3 = w.task(pager, 3);
    CapabilitySubject otherPager = w.pager(1, 1);
    CapabilitySubject u = w.task(otherPager, 2);

    void bootBoth(Policy policy) {
        w.boot(pager, policy);
        w.boot(otherPager, policy);
    }

    Capability request(CapabilitySubject from, int peer, int access) {
        return new Capability(0, from.tid(), peer, TYPE_IPC | RTYPE_THREAD, access, 0, 0, 0, 0);
    }

    Capability pagerCapPool() {
        return w.visible(pager, TYPE_QUANTITY | RTYPE_CAPPOOL);
    }

    @Test
    void bootCapsFollowTheGenerator() {
        List<Capability> caps = BootCapabilities.pagerBootCaps(3, 0x03000001,
                List.of(new MemoryRegion(0x100, 0x180)), List.of(new MemoryRegion(0x40, 0x60),
                        MemoryRegion.ofAddresses(0x40000000L, 0x40001001L)), BootCapabilities.PoolSizes.DEFAULT);
        assertEquals(3 + 11, caps.size());
        Capability v = caps.get(0);
        assertEquals(TYPE_MAP_VIRTMEM | RTYPE_CONTAINER, v.type());
        assertEquals(0x100, v.start());
        assertEquals(0x180, v.end());
        assertEquals(0x80, v.size());
        assertEquals(3, v.resid());
        assertEquals(0x7F, v.access());
        assertEquals(0x40002, caps.get(2).end());
        int[] types = {TYPE_IPC | RTYPE_CONTAINER, TYPE_TCTRL | RTYPE_CONTAINER, TYPE_EXREGS | RTYPE_CONTAINER,
            TYPE_CAP | RTYPE_CONTAINER, TYPE_UMUTEX | RTYPE_CONTAINER, TYPE_QUANTITY | RTYPE_THREADPOOL,
            TYPE_QUANTITY | RTYPE_SPACEPOOL, TYPE_QUANTITY | RTYPE_CPUPOOL, TYPE_QUANTITY | RTYPE_MUTEXPOOL,
            TYPE_QUANTITY | RTYPE_MAPPOOL, TYPE_QUANTITY | RTYPE_CAPPOOL};
        int[] sizes = {0, 0, 0, 0, 0, 64, 64, 50, 100, 2020, 30};
        for (int i = 0; i < 11; i++) {
            Capability c = caps.get(3 + i);
            assertEquals(types[i], c.type());
            assertEquals(sizes[i], c.size());
            assertEquals(0x03000001, c.owner());
            assertEquals(c.resourceType() == RTYPE_CONTAINER ? 3 : RESID_NONE, c.resid());
        }
        assertEquals(0x7000001F, caps.get(3).access(), "IPC: 5 bits + 3 generic");
        assertEquals(0x7F, caps.get(6).access(), "CAP: GRANT..DESTROY, no generic bits");
        assertEquals(0, caps.get(10).access(), "CPUPOOL: nothing");
        assertThrows(IllegalArgumentException.class, () -> new MemoryRegion(5, 4));
        assertEquals(Policy.STRICT, Policy.parse(" Strict "));
    }

    @Test
    void posixLetsEveryTaskOfTheContainerTalkToEveryOther() {
        bootBoth(Policy.POSIX);
        for (int f : TRANSFERS) {
            assertEquals(0, w.checks.checkIpc(t2, t3.tid(), f));
            assertEquals(0, w.checks.checkIpc(t3, t2.tid(), f));
            assertEquals(0, w.checks.checkIpc(t2, pager.tid(), f));
            assertEquals(0, w.checks.checkIpc(pager, t2.tid(), f));
            assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, u.tid(), f), "not across containers");
            assertEquals(-Errno.ENOCAP, w.checks.checkIpc(u, t2.tid(), f));
            assertEquals(0, w.checks.checkIpc(u, otherPager.tid(), f));
        }
        assertEquals(0, w.checks.checkMutex(t2));
        assertEquals(0, w.checks.checkMutex(pager));
        assertEquals(95, w.checks.consume(t2, RTYPE_MUTEXPOOL).pool().size());
        assertEquals(5, w.checks.consume(pager, RTYPE_MUTEXPOOL).pool().size(), "the pager's own reserve first");
        assertEquals(1, pagerCapPool().used(), "one split");
        assertEquals(-Errno.ENOCAP, w.checks.checkThreadControl(t2, ThreadControlFlags.TC_CREATE, 0));
        assertEquals(0, w.checks.checkThreadControl(pager, ThreadControlFlags.TC_CREATE, 0));
        assertEquals(-Errno.ENOCAP, w.control.gate(t2, REQ_NCAPS), "tasks hold no CAP cap");
    }

    @Test
    void strictLetsTasksTalkOnlyToThePagersSpace() {
        bootBoth(Policy.STRICT);
        CapabilitySubject pagerThread = w.clone(pager, 9);
        for (int f : TRANSFERS) {
            assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, t3.tid(), f));
            assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t3, t2.tid(), f));
            assertEquals(0, w.checks.checkIpc(t2, pager.tid(), f));
            assertEquals(0, w.checks.checkIpc(t3, pagerThread.tid(), f), "any thread in the pager's space");
            assertEquals(0, w.checks.checkIpc(pager, t2.tid(), f), "the pager keeps its container cap");
            assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, otherPager.tid(), f));
        }
        assertEquals(0, w.checks.checkMutex(t2));
        assertEquals(2, pagerCapPool().used(), "the replica and the mutex split");
        Capability shared = w.registry.containerList(0).findByType(TYPE_IPC).get(0);
        assertEquals(TYPE_IPC | RTYPE_SPACE, shared.type());
        assertEquals(pager.spaceId(), shared.resid());
        assertEquals(pager.tid(), shared.owner());
        assertEquals(3, w.registry.containerList(0).size(), "IPC to the pager's space, mutex pool, UMUTEX");
    }

    @Test
    void strictThenTheRequestProtocolGrantsOneThreadCap() {
        bootBoth(Policy.STRICT);
        int usedBefore = pagerCapPool().used();
        Capability req = request(t2, t3.tid(), IPC_SEND | IPC_RECV | IPC_EXTENDED);
        assertEquals(0, w.requests.handle(pager, t2.tid(), req));

        assertEquals(0, w.checks.checkIpc(t2, t3.tid(), EXTENDED));
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, t3.tid(), SHORT), "SHORT was not asked for");
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, t3.tid(), FULL));
        CapabilitySubject t4 = w.task(pager, 4);
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, t4.tid(), EXTENDED), "for that peer only");
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t3, t2.tid(), EXTENDED), "not the other way round");
        assertEquals(0, w.checks.checkIpc(t2, pager.tid(), SHORT), "the pager is still reachable");

        Capability granted = w.registry.spaceList(t2.spaceId()).caps().get(0);
        assertEquals(TYPE_IPC | RTYPE_THREAD, granted.type());
        assertEquals(t3.tid(), granted.resid());
        assertEquals(t2.tid(), granted.owner());
        assertEquals(IPC_SEND | IPC_RECV | IPC_EXTENDED, granted.access(), "TRANSFERABLE was cleared by IMMUTABLE");
        assertTrue(granted.isImmutable());
        assertEquals(usedBefore + 1, pagerCapPool().used(), "the granted cap stays paid by the pager");
        assertSame(pagerCapPool(), granted.chargedTo);

        // the peer asks for the way back, with SHORT this time
        assertEquals(0, w.requests.handle(pager, t3.tid(), request(t3, t2.tid(), IPC_SEND | IPC_SHORT)));
        assertEquals(0, w.checks.checkIpc(t3, t2.tid(), SHORT));
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t3, t2.tid(), EXTENDED));
    }

    @Test
    void theWalkDestroysReplicasThatCannotBeDeduced() {
        bootBoth(Policy.STRICT);
        // make the pager try the space-narrowed cap first: move its container IPC cap behind it
        Capability cont = w.visible(pager, TYPE_IPC | RTYPE_CONTAINER);
        w.registry.containerList(0).append(cont);
        int capsBefore = w.registry.allCaps().size();
        int usedBefore = pagerCapPool().used();
        assertEquals(0, w.requests.handle(pager, t2.tid(), request(t2, t3.tid(), IPC_SEND | IPC_FULL)));
        assertEquals(capsBefore + 1, w.registry.allCaps().size(), "the failed replica is gone");
        assertEquals(usedBefore + 1, pagerCapPool().used());
    }

    @Test
    void requestValidationErrors() {
        bootBoth(Policy.STRICT);
        int caps = w.registry.allCaps().size();
        int used = pagerCapPool().used();
        Capability ok = request(t2, t3.tid(), IPC_SEND | IPC_SHORT);
        assertEquals(-Errno.EPERM, w.requests.handle(pager, t2.tid(), ok.copy().setType(TYPE_UMUTEX
                | RTYPE_THREAD)), "type");
        assertEquals(-Errno.EINVAL, w.requests.handle(pager, t2.tid(), ok.copy().setStart(1)));
        assertEquals(-Errno.EINVAL, w.requests.handle(pager, t2.tid(), ok.copy().setEnd(1)));
        assertEquals(-Errno.EINVAL, w.requests.handle(pager, t2.tid(), ok.copy().setUsed(1)));
        assertEquals(-Errno.EINVAL, w.requests.handle(pager, t2.tid(), ok.copy().setSize(1)));
        assertEquals(-Errno.EPERM, w.requests.handle(pager, t2.tid(), ok.copy().setAccess(IPC_SEND | TRANSFERABLE)),
                "generic bits");
        assertEquals(-Errno.ESRCH, w.requests.handle(pager, t2.tid(), ok.copy().setResid(0x99)), "no such peer");
        assertEquals(-Errno.EPERM, w.requests.handle(pager, t2.tid(), ok.copy().setOwner(t3.tid())),
                "owner is not the sender");
        assertEquals(-Errno.EPERM, w.requests.handle(pager, t2.tid(), ok.copy().setResourceType(RTYPE_SPACE)
                .setResid(t3.spaceId())));
        assertEquals(-Errno.EPERM, w.requests.handle(pager, t2.tid(), ok.copy().setResourceType(RTYPE_CONTAINER)
                .setResid(0)));
        assertEquals(-Errno.EINVAL, w.requests.handle(pager, t2.tid(), ok.copy().setResourceType(RTYPE_CAPPOOL)));
        assertEquals(-Errno.ESRCH, w.requests.handle(pager, 0x99, ok), "unknown sender");
        assertEquals(-Errno.EFAULT, w.requests.handle(pager, t2.tid(), null));
        assertEquals(-Errno.ENOCAP, w.requests.handle(pager, t2.tid(), ok.copy().setAccess(IPC_SEND | 0x40)),
                "bits no cap of the pager has");
        assertEquals(caps, w.registry.allCaps().size(), "nothing left behind");
        assertEquals(used, pagerCapPool().used());
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, t3.tid(), SHORT));
    }

    @Test
    void aPeerInAnotherContainerIsRefusedByTheCaps() {
        for (Policy p : Policy.values()) {
            TestWorld fresh = new TestWorld();
            CapabilitySubject pg = fresh.pager(0, 1);
            CapabilitySubject a = fresh.task(pg, 2);
            CapabilitySubject other = fresh.pager(1, 1);
            CapabilitySubject b = fresh.task(other, 2);
            fresh.boot(pg, p);
            fresh.boot(other, p);
            int caps = fresh.registry.allCaps().size();
            Capability req = request(a, b.tid(), IPC_SEND | IPC_SHORT);
            assertEquals(0, fresh.requests.validate(a.tid(), req), "the peer exists");
            assertEquals(-Errno.ENOCAP, fresh.requests.handle(pg, a.tid(), req), p.name());
            assertEquals(-Errno.ENOCAP, fresh.checks.checkIpc(a, b.tid(), SHORT));
            assertEquals(caps, fresh.registry.allCaps().size());
            // nor can the other container's pager hand out a cap into container 0
            assertEquals(-Errno.ENOCAP, fresh.requests.handle(other, b.tid(), request(b, a.tid(), IPC_SEND
                    | IPC_SHORT)));
        }
    }

    @Test
    void thePagerServesOnlyTheTasksOfItsContainer() {
        bootBoth(Policy.POSIX);
        assertEquals(-Errno.ESRCH, w.requests.handle(pager, u.tid(), request(u, t2.tid(), IPC_SEND | IPC_SHORT)));
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(u, t2.tid(), SHORT));
    }

    @Test
    void aDeadThreadsCapsCanBeFreedWhereverTheyAre() {
        bootBoth(Policy.POSIX);
        Capability pool = pagerCapPool();
        assertEquals(0, w.requests.handle(pager, t2.tid(), request(t2, t3.tid(), IPC_SEND | IPC_SHORT)));
        assertEquals(2, pool.used());
        assertEquals(1, w.registry.discardOwnedBy(t2.tid()));
        assertEquals(1, pool.used(), "the granted cap's unit is back");
        int pagerCaps = w.registry.discardOwnedBy(pager.tid());
        assertTrue(pagerCaps >= 14, "boot caps and the shared ones: " + pagerCaps);
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, t3.tid(), SHORT), "the shared container cap is gone too");
        assertEquals(0, w.checks.checkIpc(u, otherPager.tid(), SHORT), "the other container keeps its caps");
    }

    @Test
    void theProtocolStopsWhenThePagerRunsOutOfCapPool() {
        w.boot(pager, Policy.STRICT);
        Capability pool = pagerCapPool();
        int served = 0;
        while (pool.available() > 0) {
            CapabilitySubject peer = w.task(pager, 100 + served);
            assertEquals(0, w.requests.handle(pager, t2.tid(), request(t2, peer.tid(), IPC_SEND | IPC_SHORT)));
            served++;
        }
        assertEquals(28, served, "30 minus the boot replica and the mutex split");
        assertEquals(-Errno.ENOCAP, w.requests.handle(pager, t2.tid(), request(t2, t3.tid(), IPC_SEND | IPC_SHORT)));
    }

    @Test
    void bootRunsThroughTheSameValidation() {
        // a pager without the boot caps cannot run a policy
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BootCapabilities.applyPolicy(w.control, pager, Policy.POSIX));
        assertTrue(e.getMessage().contains("NCAPS"), e.getMessage());
        // a cap pool too small for the strict sequence fails at the split, naming it
        TestWorld small = new TestWorld();
        CapabilitySubject pg = small.pager(0, 1);
        BootCapabilities.PoolSizes tiny = new BootCapabilities.PoolSizes(1, 1, 1, 100, 1, 1);
        e = assertThrows(IllegalStateException.class,
                () -> BootCapabilities.boot(small.control, pg, List.of(), List.of(), tiny, Policy.STRICT));
        assertTrue(e.getMessage().contains("SPLIT") && e.getMessage().contains("-134"), e.getMessage());
    }

    @Test
    void describeShowsTheStrictPicture() {
        bootBoth(Policy.STRICT);
        assertEquals(0, w.requests.handle(pager, t2.tid(), request(t2, t3.tid(), IPC_SEND | IPC_RECV
                | IPC_EXTENDED)));
        String view = w.registry.describe(t2);
        assertTrue(view.contains(" from space " + t2.spaceId() + ": 1 cap\n    cap "), view);
        assertTrue(view.contains("IPC to thread 3  SEND|RECV|EXTENDED  IMMUTABLE  owner 2"), view);
        assertTrue(view.contains("IPC to space " + pager.spaceId()
                + "  SEND|RECV|SHORT|FULL|EXTENDED  CHANGEABLE|REPLICABLE|TRANSFERABLE  owner 1"), view);
        assertTrue(view.contains("QUANTITY mutexpool 95 (used 0)"), view);
        assertNotNull(w.visible(t2, TYPE_UMUTEX | RTYPE_CONTAINER));
    }

    @Test
    void threadControlShareGivesTasksTheirOwnPartOfTheThreadAndSpacePools() {
        w.boot(pager, Policy.POSIX);
        BootCapabilities.shareTaskPools(w.control, pager, BootCapabilities.PoolSizes.DEFAULT);
        Capability threads = w.visible(t2, TYPE_QUANTITY | CapabilityTypes.RTYPE_THREADPOOL);
        Capability spaces = w.visible(t2, TYPE_QUANTITY | CapabilityTypes.RTYPE_SPACEPOOL);
        assertEquals(BootCapabilities.TASK_THREADS, threads.size());
        assertEquals(BootCapabilities.TASK_SPACES, spaces.size());
        // the pager keeps the rest, first in its own lookup order
        assertEquals(64 - BootCapabilities.TASK_THREADS, w.registry.poolWithRoom(pager, CapabilityTypes.RTYPE_THREADPOOL).size());
        CapabilityChecks checks = w.checks;
        CapabilityChecks.QuotaCharge one = null;
        for (int i = 0; i < BootCapabilities.TASK_THREADS; i++) one = checks.consume(t2, CapabilityTypes.RTYPE_THREADPOOL);
        assertTrue(one.isOk());
        assertEquals(-Errno.ENOCAP, checks.consume(t2, CapabilityTypes.RTYPE_THREADPOOL).status(), "the tasks' share is spent");
        checks.release(one);
        assertTrue(checks.consume(t2, CapabilityTypes.RTYPE_THREADPOOL).isOk(), "a unit given back can be taken again");
    }
}
