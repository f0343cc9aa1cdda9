package czemu.kernel.capability;

import czemu.kernel.abi.ThreadControlFlags;

import static czemu.kernel.capability.CapabilityTypes.*;
import static czemu.kernel.capability.TestWorld.byCapid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import czemu.kernel.abi.Errno;
import czemu.kernel.capability.BootCapabilities.Policy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an ordinary task can and cannot do with an IMMUTABLE granted cap, and the pool quotas. */
class ImmutableAndQuotaTest {

    TestWorld w;
    CapabilitySubject pager;
    CapabilitySubject t2;
    CapabilitySubject t3;
    CapabilitySubject u;
    Capability granted;

    @BeforeEach
    void setUp() {
        w = new TestWorld();
        pager = w.pager(0, 1);
        t2 = w.task(pager, 2);
        t3 = w.task(pager, 3);
        CapabilitySubject otherPager = w.pager(1, 1);
        u = w.task(otherPager, 2);
        w.boot(pager, Policy.STRICT);
        w.boot(otherPager, Policy.STRICT);
        assertEquals(0, w.requests.handle(pager, t2.tid(), new Capability(0, t2.tid(), t3.tid(),
                TYPE_IPC | RTYPE_THREAD, IPC_SEND | IPC_RECV | IPC_EXTENDED, 0, 0, 0, 0)));
        granted = w.registry.spaceList(t2.spaceId()).caps().get(0);
        assertTrue(granted.isImmutable());
    }

    int run(int req, int flags, Capability buf) {
        return w.control.perform(t2, req, flags, buf);
    }

    @Test
    void anOrdinaryTaskCannotEvenAsk() {
        Capability id = byCapid(granted.capid());
        assertEquals(-Errno.ENOCAP, run(REQ_REPLICATE, 0, id));
        assertEquals(-Errno.ENOCAP, run(REQ_DEDUCE, 0, granted.copy().setAccess(IPC_SEND | IPC_EXTENDED)));
        assertEquals(-Errno.ENOCAP, run(REQ_SPLIT, SPLIT_ACCESS, granted.copy().setAccess(IPC_SEND)));
        assertEquals(-Errno.ENOCAP, run(REQ_DESTROY, 0, id));
        assertEquals(-Errno.ENOCAP, run(REQ_GRANT, GRANT_SINGLE, id.copy().setOwner(t3.tid())));
        assertEquals(-Errno.ENOCAP, run(REQ_SHARE, SHARE_SINGLE, id));
        assertEquals(-Errno.ENOCAP, run(REQ_NCAPS, 0, null));
    }

    @Test
    void evenWithFullCapabilityControlTheImmutableCapStaysPut() {
        w.giveCapControl(t2, BootCapabilities.CAP_ACCESS);
        w.giveCapPool(t2, 10);
        Capability snapshot = granted.copy();
        Capability id = byCapid(granted.capid());
        assertEquals(-Errno.ENOCAP, run(REQ_REPLICATE, 0, id), "not REPLICABLE");
        assertEquals(-Errno.ENOCAP, run(REQ_DEDUCE, 0, granted.copy().setAccess(IPC_SEND | IPC_EXTENDED)),
                "not CHANGEABLE");
        assertEquals(-Errno.ENOCAP, run(REQ_SPLIT, SPLIT_ACCESS, granted.copy().setAccess(IPC_SEND)),
                "not CHANGEABLE");
        assertEquals(-Errno.ENOCAP, run(REQ_DESTROY, 0, id), "not CHANGEABLE");
        assertEquals(-Errno.EPERM, run(REQ_GRANT, GRANT_SINGLE, id.copy().setOwner(t3.tid())),
                "not TRANSFERABLE");
        assertEquals(-Errno.EPERM, run(REQ_GRANT, GRANT_SINGLE | GRANT_IMMUTABLE, id.copy().setOwner(u.tid())));
        for (int f : new int[] {SHARE_SINGLE, SHARE_SINGLE | SHARE_GROUP, SHARE_SINGLE | SHARE_CHILD,
                SHARE_SINGLE | SHARE_SIBLING}) {
            assertEquals(-Errno.EPERM, run(REQ_SHARE, f, id), "not TRANSFERABLE, flags " + f);
        }
        for (int f : new int[] {SHARE_ALL_CONTAINER, SHARE_ALL_SPACE, SHARE_GROUP, SHARE_SIBLING}) {
            assertEquals(0, run(REQ_SHARE, f, id), "whole-list shares skip it");
        }
        assertTrue(granted.sameFields(snapshot));
        assertSame(w.registry.spaceList(t2.spaceId()), granted.home());
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t3, t2.tid(), 2), "t3 never got to use it");
        assertEquals(0, w.checks.checkIpc(t2, t3.tid(), 0x08000022), "but t2 still can");
    }

    @Test
    void deducingToASupersetIsRefused() {
        w.giveCapControl(t2, BootCapabilities.CAP_ACCESS);
        w.giveCapPool(t2, 10);
        // a changeable cap of t2's own, granted without IMMUTABLE by the pager
        Capability ipc = w.visible(pager, TYPE_IPC | RTYPE_CONTAINER);
        Capability replica = w.control.control(pager, REQ_REPLICATE, 0, byCapid(ipc.capid())).struct();
        Capability narrow = replica.copy().setResourceType(RTYPE_THREAD).setResid(t3.tid())
                .setAccess(IPC_SEND | IPC_SHORT | CHANGEABLE | TRANSFERABLE);
        assertEquals(0, w.control.perform(pager, REQ_DEDUCE, 0, narrow));
        assertEquals(0, w.control.perform(pager, REQ_GRANT, GRANT_SINGLE, narrow.copy().setOwner(t2.tid())));
        Capability mine = w.registry.findByCapid(t2, narrow.capid());
        Capability snapshot = mine.copy();
        assertEquals(-Errno.EINVAL, run(REQ_DEDUCE, 0, mine.copy().setAccess(mine.access() | IPC_EXTENDED)));
        assertEquals(-Errno.EINVAL, run(REQ_DEDUCE, 0, mine.copy().setAccess(mine.access() | REPLICABLE)));
        assertEquals(-Errno.ENOCAP, run(REQ_DEDUCE, 0, mine.copy().setResourceType(RTYPE_SPACE)
                .setResid(t3.spaceId())), "thread to space is wider");
        assertEquals(-Errno.ENOCAP, run(REQ_DEDUCE, 0, mine.copy().setResourceType(RTYPE_CONTAINER)
                .setResid(0)), "thread to container is wider");
        assertEquals(-Errno.EINVAL, run(REQ_DEDUCE, 0, mine.copy().setResid(u.tid())), "another thread");
        assertEquals(-Errno.ENOCAP, run(REQ_REPLICATE, 0, byCapid(mine.capid())), "dropped REPLICABLE");
        assertTrue(mine.sameFields(snapshot));
        // but it can give up bits, and then pass the cap on
        assertEquals(0, run(REQ_DEDUCE, 0, mine.copy().setAccess(IPC_SEND | IPC_SHORT | TRANSFERABLE)));
        assertEquals(0, run(REQ_GRANT, GRANT_SINGLE | GRANT_IMMUTABLE, byCapid(mine.capid()).setOwner(t3.tid())));
        assertEquals(0, w.checks.checkIpc(t3, t3.tid(), 0), "t3 now holds a cap on itself");
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, t3.tid(), 0));
    }

    @Test
    void askingThePagerForAThreadOfAnotherContainerIsRefused() {
        int before = w.registry.allCaps().size();
        assertEquals(-Errno.ENOCAP, w.requests.handle(pager, t2.tid(), new Capability(0, t2.tid(), u.tid(),
                TYPE_IPC | RTYPE_THREAD, IPC_SEND | IPC_SHORT, 0, 0, 0, 0)));
        assertEquals(before, w.registry.allCaps().size());
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, u.tid(), 0));
    }

    @Test
    void replicateBeyondTheCapPoolFailsAndDestroyGivesItBack() {
        Capability pool = w.visible(pager, TYPE_QUANTITY | RTYPE_CAPPOOL);
        Capability ipc = w.visible(pager, TYPE_IPC | RTYPE_CONTAINER);
        List<Integer> made = new ArrayList<>();
        while (true) {
            CapabilityControl.Result r = w.control.control(pager, REQ_REPLICATE, 0, byCapid(ipc.capid()));
            if (!r.isOk()) {
                assertEquals(-Errno.ENOCAP, r.status());
                break;
            }
            made.add(r.struct().capid());
        }
        assertEquals(30 - 3, made.size(), "boot replica, mutex split and one granted cap already paid");
        assertEquals(30, pool.used());
        assertEquals(-Errno.ENOCAP, w.control.perform(pager, REQ_SPLIT, 0,
                w.visible(pager, TYPE_QUANTITY | RTYPE_THREADPOOL).copy().setSize(1)));
        assertEquals(0, w.control.perform(pager, REQ_DESTROY, 0, byCapid(made.get(0))));
        assertEquals(29, pool.used());
        assertEquals(0, w.control.perform(pager, REQ_REPLICATE, 0, byCapid(ipc.capid())));
        assertEquals(-Errno.ENOCAP, w.control.perform(pager, REQ_REPLICATE, 0, byCapid(ipc.capid())));
        for (int id : made.subList(1, made.size())) assertEquals(0, w.control.perform(pager, REQ_DESTROY, 0,
                byCapid(id)));
        assertEquals(4, pool.used());
    }

    @Test
    void threadPoolQuotaRefusesTheSixtyFifthThread() {
        int created = 0;
        while (w.checks.checkThreadControl(pager, ThreadControlFlags.TC_CREATE, 0) == 0
                && w.checks.consume(pager, RTYPE_THREADPOOL).isOk()) {
            created++;
            if (created > 1000) break;
        }
        assertEquals(64, created);
        assertEquals(-Errno.ENOCAP, w.checks.consume(pager, RTYPE_THREADPOOL).status());
        assertEquals(-Errno.ENOCAP, w.checks.consume(t2, RTYPE_SPACEPOOL).status(), "a task has no space pool");
    }

    @Test
    void tasksShareTheMutexPoolUntilItIsGone() {
        List<CapabilityChecks.QuotaCharge> charges = new ArrayList<>();
        for (int i = 0; i < 95; i++) {
            CapabilityChecks.QuotaCharge c = w.checks.consume(i % 2 == 0 ? t2 : t3, RTYPE_MUTEXPOOL);
            assertTrue(c.isOk());
            charges.add(c);
        }
        assertEquals(-Errno.ENOCAP, w.checks.consume(t2, RTYPE_MUTEXPOOL).status());
        assertTrue(w.checks.consume(pager, RTYPE_MUTEXPOOL).isOk(), "the pager kept 5 for itself");
        w.checks.release(charges.get(0));
        assertTrue(w.checks.consume(t3, RTYPE_MUTEXPOOL).isOk());
    }

    @Test
    void discardingASpaceReturnsWhatItsCapsCost() {
        Capability pool = w.visible(pager, TYPE_QUANTITY | RTYPE_CAPPOOL);
        int used = pool.used();
        w.registry.discardSpace(t2.spaceId());
        assertEquals(used - 1, pool.used(), "the granted cap was paid by the pager");
        assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, t3.tid(), 2));
        int id = granted.capid();
        Capability ipc = w.visible(pager, TYPE_IPC | RTYPE_CONTAINER);
        assertEquals(id, w.control.control(pager, REQ_REPLICATE, 0, byCapid(ipc.capid())).struct().capid(),
                "its capid is free again");
    }
}
