package czemu.kernel.capability;

import static czemu.kernel.capability.CapabilityTypes.*;
import static czemu.kernel.capability.TestWorld.byCapid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import czemu.kernel.abi.Errno;
import czemu.kernel.capability.CapabilityControl.Result;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every capability_control request: its success path and each error the spec names, with the exact errno. */
class CapabilityControlTest {

    TestWorld w;
    CapabilitySubject pager;
    CapabilitySubject t2;
    CapabilitySubject t3;
    CapabilitySubject otherPager;
    CapabilitySubject u;
    CapabilityControl control;
    CapabilityRegistry reg;

    @BeforeEach
    void setUp() {
        w = new TestWorld();
        pager = w.pager(0, 1);
        t2 = w.task(pager, 2);
        t3 = w.task(pager, 3);
        otherPager = w.pager(1, 1);
        u = w.task(otherPager, 2);
        w.installBootCaps(pager);
        w.installBootCaps(otherPager);
        control = w.control;
        reg = w.registry;
    }

    Capability mine(int type) {
        Capability c = w.visible(pager, type);
        assertNotNull(c, typeName(type));
        return c;
    }

    Capability ipc() { return mine(TYPE_IPC | RTYPE_CONTAINER); }
    Capability capPool() { return mine(TYPE_QUANTITY | RTYPE_CAPPOOL); }

    int run(CapabilitySubject s, int req, int flags, Capability buf) {
        return control.perform(s, req, flags, buf);
    }

    @Nested
    class Gatekeeping {
        @Test
        void aTaskWithoutACapCapIsRefusedEveryRequest() {
            for (int req = REQ_NCAPS; req <= REQ_DESTROY; req++) {
                assertEquals(-Errno.ENOCAP, run(t2, req, 1, byCapid(ipc().capid())), requestName(req));
            }
        }

        @Test
        void unknownRequestCodesAreENOCAPEvenForThePager() {
            for (int req : new int[] {8, 9, 0x100, -1}) {
                assertEquals(-Errno.ENOCAP, run(pager, req, 0, byCapid(0)));
                assertEquals(-Errno.ENOCAP, control.gate(pager, req));
            }
        }

        @Test
        void theCapCapMustNameTheCallerByThreadSpaceOrContainer() {
            int capBits = CAP_READ;
            Capability c = reg.install(reg.threadList(t2.tid()), new Capability(0, t2.tid(), t3.tid(),
                    TYPE_CAP | RTYPE_THREAD, capBits, 0, 0, 0, 0));
            assertEquals(-Errno.ENOCAP, control.gate(t2, REQ_NCAPS), "names another thread");
            c.setResid(t2.tid());
            assertEquals(0, control.gate(t2, REQ_NCAPS));
            c.setResourceType(RTYPE_SPACE).setResid(t3.spaceId());
            assertEquals(-Errno.ENOCAP, control.gate(t2, REQ_NCAPS), "names another space");
            c.setResid(t2.spaceId());
            assertEquals(0, control.gate(t2, REQ_NCAPS));
            c.setResourceType(RTYPE_CONTAINER).setResid(1);
            assertEquals(-Errno.ENOCAP, control.gate(t2, REQ_NCAPS), "names another container");
            c.setResid(0);
            assertEquals(0, control.gate(t2, REQ_NCAPS));
            c.setResourceType(RTYPE_CAPPOOL);
            assertEquals(-Errno.ENOCAP, control.gate(t2, REQ_NCAPS), "a pool names nobody");
        }

        @Test
        void theCapCapMustCarryTheRequestsBit() {
            w.giveCapControl(t2, CAP_READ);
            assertEquals(0, control.gate(t2, REQ_NCAPS));
            assertEquals(0, control.gate(t2, REQ_READ));
            for (int req = REQ_SHARE; req <= REQ_DESTROY; req++) {
                assertEquals(-Errno.ENOCAP, control.gate(t2, req), requestName(req));
            }
            w.giveCapControl(t2, CAP_DESTROY);
            assertEquals(0, control.gate(t2, REQ_DESTROY));
            assertEquals(-Errno.ENOCAP, control.gate(t2, REQ_GRANT));
        }

        @Test
        void aMissingBufferIsEFAULTAfterTheGate() {
            assertEquals(-Errno.EFAULT, run(pager, REQ_REPLICATE, 0, null));
            assertEquals(-Errno.ENOCAP, run(t2, REQ_REPLICATE, 0, null));
            assertEquals(0, run(pager, REQ_NCAPS, 0, null), "NCAPS reads no struct");
        }
    }

    @Nested
    class NcapsAndRead {
        @Test
        void countAndReadEveryListInLookupOrder() {
            Result n = control.control(pager, REQ_NCAPS, 0, null);
            assertEquals(0, n.status());
            int bootCaps = 2 + 1 + 11;
            assertEquals(bootCaps, n.count());
            assertArrayEquals(new byte[] {(byte) bootCaps, 0, 0, 0}, n.writeBack());

            // move one cap to the container list: still counted, now last
            assertEquals(0, run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(ipc().capid())));
            Result r = control.control(pager, REQ_READ, 0, null);
            assertEquals(bootCaps, r.count());
            assertEquals(bootCaps, r.caps().size());
            assertEquals(TYPE_QUANTITY | RTYPE_CAPPOOL, r.caps().get(0).type(), "newest first");
            assertEquals(TYPE_IPC | RTYPE_CONTAINER, r.caps().get(bootCaps - 1).type(), "container list last");
            byte[] bytes = r.writeBack();
            assertEquals(bootCaps * 44, bytes.length);
            for (int i = 0; i < bootCaps; i++) {
                assertTrue(Capability.decode(bytes, i * 44).sameFields(r.caps().get(i)));
            }
            // copies: changing them changes nothing
            r.caps().get(0).setSize(1);
            assertEquals(30, capPool().size());
        }

        @Test
        void aTaskWithAReadCapCountsWhatItSees() {
            w.giveCapControl(t2, CAP_READ);
            assertEquals(1, control.control(t2, REQ_NCAPS, 0, null).count());
            run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(ipc().capid()));
            Result r = control.control(t2, REQ_READ, 0, null);
            assertEquals(2, r.count());
            assertEquals(TYPE_CAP | RTYPE_THREAD, r.caps().get(0).type());
            assertEquals(TYPE_IPC | RTYPE_CONTAINER, r.caps().get(1).type());
        }

        @Test
        void failedResultsWriteNothing() {
            assertNull(control.control(t2, REQ_NCAPS, 0, null).writeBack());
            assertNull(control.control(pager, REQ_SHARE, SHARE_SINGLE, byCapid(ipc().capid())).writeBack());
        }
    }

    @Nested
    class Share {
        @Test
        void singleMovesAnOwnedTransferableCapToTheContainerList() {
            Capability c = ipc();
            assertEquals(-Errno.ENOCAP, w.checks.checkIpc(t2, t3.tid(), 0));
            assertEquals(0, run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(c.capid())));
            assertSame(reg.containerList(0), c.home());
            assertEquals(pager.tid(), c.owner(), "sharing keeps the owner");
            assertEquals(0, w.checks.checkIpc(t2, t3.tid(), 0), "every task of the container can use it");
            assertEquals(-Errno.ENOCAP, w.checks.checkIpc(u, 0x01000001, 0), "not the other container");
            assertEquals(0, run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(c.capid())), "again: still there");
        }

        @Test
        void singleErrors() {
            assertEquals(-Errno.EEXIST, run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(999)));
            Capability u2 = w.visible(otherPager, TYPE_IPC | RTYPE_CONTAINER);
            assertEquals(-Errno.EEXIST, run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(u2.capid())),
                    "another container's caps are not in the caller's lists");
            assertEquals(-Errno.EPERM, run(pager, REQ_SHARE, SHARE_SINGLE,
                    byCapid(mine(TYPE_CAP | RTYPE_CONTAINER).capid())), "no TRANSFERABLE");
            assertEquals(-Errno.EPERM, run(pager, REQ_SHARE, SHARE_SINGLE,
                    byCapid(mine(TYPE_MAP_VIRTMEM | RTYPE_CONTAINER).capid())), "no TRANSFERABLE");
            // a task with SHARE rights cannot share the pager's cap it can see
            run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(ipc().capid()));
            w.giveCapControl(t2, CAP_SHARE);
            assertEquals(-Errno.EPERM, run(t2, REQ_SHARE, SHARE_SINGLE | SHARE_GROUP, byCapid(ipc().capid())),
                    "not the owner");
            assertSame(reg.containerList(0), ipc().home());
        }

        @Test
        void badFlagsAreEINVAL() {
            int id = ipc().capid();
            for (int f : new int[] {0, 0x20, 0x40, SHARE_GROUP | SHARE_CHILD,
                    SHARE_SINGLE | SHARE_CHILD | SHARE_SIBLING, SHARE_ALL_CONTAINER | SHARE_GROUP,
                    SHARE_ALL_SPACE | SHARE_SIBLING, 0x100 | SHARE_SINGLE}) {
                assertEquals(-Errno.EINVAL, run(pager, REQ_SHARE, f, byCapid(id)), "flags " + f);
            }
            assertEquals(reg.spaceList(pager.spaceId()), ipc().home());
        }

        @Test
        void singleToGroupChildAndSibling() {
            CapabilitySubject clone = w.clone(t2, 4); // same space and group as t2
            CapabilitySubject other = w.task(pager, 5);
            w.giveCapControl(t2, CAP_SHARE | CAP_REPLICATE);
            w.giveCapPool(t2, 5);
            // t2 gets a transferable IPC cap of its own by grant (not immutable)
            Capability c = ipc();
            Capability buf = byCapid(c.capid()).setOwner(t2.tid());
            assertEquals(0, run(pager, REQ_GRANT, GRANT_SINGLE, buf));
            assertEquals(t2.tid(), c.owner());
            assertEquals(0, run(t2, REQ_SHARE, SHARE_SINGLE | SHARE_GROUP, byCapid(c.capid())));
            assertSame(reg.groupList(t2.threadGroupId()), c.home());
            assertEquals(0, w.checks.checkIpc(clone, t3.tid(), 0), "the clone is in t2's group");
            assertEquals(-Errno.ENOCAP, w.checks.checkIpc(other, t3.tid(), 0));

            assertEquals(0, run(t2, REQ_SHARE, SHARE_SINGLE | SHARE_SIBLING, byCapid(c.capid())));
            assertSame(reg.pagedByList(pager.tid()), c.home(), "sibling: the list of t2's pager's tasks");
            assertEquals(0, w.checks.checkIpc(other, t3.tid(), 0), "every task the pager pages sees it");
            assertEquals(0, w.checks.checkIpc(pager, t3.tid(), 0), "the pager pages itself");
            assertEquals(-Errno.ENOCAP, w.checks.checkIpc(u, 0x01000001, 0));

            assertEquals(0, run(t2, REQ_SHARE, SHARE_SINGLE | SHARE_CHILD, byCapid(c.capid())));
            assertSame(reg.pagedByList(t2.tid()), c.home(), "child: the tasks t2 pages (none)");
            assertEquals(-Errno.ENOCAP, w.checks.checkIpc(other, t3.tid(), 0));
            CapabilitySubject paged = w.add(CapabilitySubject.of(0x10, w.newSpace(0), 0, 0x10, t2.tid()));
            assertEquals(0, w.checks.checkIpc(paged, t3.tid(), 0), "a thread t2 pages sees it");
        }

        @Test
        void pagerSharesWithItsChildren() {
            Capability c = ipc();
            assertEquals(0, run(pager, REQ_SHARE, SHARE_SINGLE | SHARE_CHILD, byCapid(c.capid())));
            assertSame(reg.pagedByList(pager.tid()), c.home());
            assertEquals(0, w.checks.checkIpc(t2, t3.tid(), 0));
            assertEquals(0, w.checks.checkIpc(pager, t3.tid(), 0));
        }

        @Test
        void wholeListSharesMoveOnlyOwnedTransferableCaps() {
            CapabilityList space = reg.spaceList(pager.spaceId());
            int before = space.size();
            assertEquals(0, run(pager, REQ_SHARE, SHARE_ALL_CONTAINER, byCapid(0)));
            CapabilityList cont = reg.containerList(0);
            // transferable boot caps: IPC, TCTRL, EXREGS, UMUTEX and the five pools other than CPUPOOL
            assertEquals(9, cont.size());
            assertEquals(before - 9, space.size());
            for (Capability c : cont.caps()) assertTrue(c.has(TRANSFERABLE));
            for (Capability c : space.caps()) assertFalse(c.has(TRANSFERABLE));
            assertEquals(TYPE_QUANTITY | RTYPE_CAPPOOL, cont.caps().get(0).type(), "order kept: newest first");
            assertEquals(TYPE_IPC | RTYPE_CONTAINER, cont.caps().get(8).type());
        }

        @Test
        void allSpaceMovesTheThreadListToTheSpaceList() {
            Capability pool = w.giveCapPool(pager, 3);
            Capability cc = w.giveCapControl(pager, CAP_READ);
            assertEquals(0, run(pager, REQ_SHARE, SHARE_ALL_SPACE, byCapid(0)));
            assertSame(reg.spaceList(pager.spaceId()), pool.home());
            assertSame(reg.threadList(pager.tid()), cc.home(), "not transferable: stays");
        }

        @Test
        void octoberWholeListShareToChildren() {
            assertEquals(0, run(pager, REQ_SHARE, SHARE_CHILD, byCapid(0)));
            assertEquals(9, reg.pagedByList(pager.tid()).size());
            assertEquals(0, w.checks.checkIpc(t2, t3.tid(), 2));
        }
    }

    @Nested
    class Grant {
        @Test
        void grantMovesTheCapToTheRecipientsSpaceList() {
            Capability c = ipc();
            int access = c.access();
            assertEquals(0, run(pager, REQ_GRANT, GRANT_SINGLE, byCapid(c.capid()).setOwner(t2.tid())));
            assertEquals(t2.tid(), c.owner());
            assertEquals(access, c.access(), "generic bits kept without IMMUTABLE");
            assertSame(reg.spaceList(t2.spaceId()), c.home());
            assertNull(reg.findByCapid(pager, c.capid()));
        }

        @Test
        void immutableGrantClearsTheGenericBits() {
            Capability c = ipc();
            assertEquals(0, run(pager, REQ_GRANT, GRANT_SINGLE | GRANT_IMMUTABLE,
                    byCapid(c.capid()).setOwner(t2.tid())));
            assertEquals(IPC_SEND | IPC_RECV | IPC_SHORT | IPC_FULL | IPC_EXTENDED, c.access());
            assertTrue(c.isImmutable());
        }

        @Test
        void grantAcrossContainersIsAllowed() {
            Capability c = ipc();
            assertEquals(0, run(pager, REQ_GRANT, GRANT_SINGLE, byCapid(c.capid()).setOwner(u.tid())));
            assertSame(reg.spaceList(u.spaceId()), c.home());
        }

        @Test
        void grantErrors() {
            Capability c = ipc();
            for (int f : new int[] {0, 2, GRANT_IMMUTABLE, 3, 7, 0x11}) {
                assertEquals(-Errno.EINVAL, run(pager, REQ_GRANT, f, byCapid(c.capid()).setOwner(t2.tid())),
                        "flags " + f);
            }
            assertEquals(-Errno.EEXIST, run(pager, REQ_GRANT, GRANT_SINGLE, byCapid(999).setOwner(t2.tid())));
            assertEquals(-Errno.ESRCH, run(pager, REQ_GRANT, GRANT_SINGLE, byCapid(c.capid()).setOwner(77)));
            assertEquals(-Errno.ESRCH, run(pager, REQ_GRANT, GRANT_SINGLE,
                    byCapid(c.capid()).setOwner(0xFFFFFFFF)));
            assertEquals(-Errno.EPERM, run(pager, REQ_GRANT, GRANT_SINGLE,
                    byCapid(mine(TYPE_CAP | RTYPE_CONTAINER).capid()).setOwner(t2.tid())), "not transferable");
            Capability threads = mine(TYPE_QUANTITY | RTYPE_THREADPOOL);
            assertTrue(w.checks.consume(pager, RTYPE_THREADPOOL).isOk());
            assertEquals(-Errno.EPERM, run(pager, REQ_GRANT, GRANT_SINGLE,
                    byCapid(threads.capid()).setOwner(t2.tid())), "used is not 0");
            // not the owner: t2 with GRANT rights tries to grant the pager's shared cap
            run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(c.capid()));
            w.giveCapControl(t2, CAP_GRANT);
            assertEquals(-Errno.EPERM, run(t2, REQ_GRANT, GRANT_SINGLE, byCapid(c.capid()).setOwner(t3.tid())));
            assertEquals(pager.tid(), c.owner());
            assertSame(reg.containerList(0), c.home());
        }
    }

    @Nested
    class Replicate {
        @Test
        void replicateCopiesEveryFieldButTheCapidIntoTheSpaceListAndPaysOneUnit() {
            run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(ipc().capid()));
            Capability orig = ipc();
            Result r = control.control(pager, REQ_REPLICATE, 0, byCapid(orig.capid()));
            assertEquals(0, r.status());
            Capability made = reg.findByCapid(pager, r.struct().capid());
            assertNotNull(made);
            assertNotEquals(orig.capid(), made.capid());
            assertTrue(made.copy().setCapid(orig.capid()).sameFields(orig));
            assertSame(reg.spaceList(pager.spaceId()), made.home(), "to the space list, wherever orig is");
            assertSame(made, reg.spaceList(pager.spaceId()).caps().get(0), "at the head");
            assertEquals(1, capPool().used());
            assertTrue(r.struct().sameFields(made));
            assertArrayEquals(made.encode(), r.writeBack());
        }

        @Test
        void replicateErrors() {
            assertEquals(-Errno.EEXIST, run(pager, REQ_REPLICATE, 0, byCapid(999)));
            assertEquals(-Errno.ENOCAP, run(pager, REQ_REPLICATE, 0, byCapid(capPool().capid())),
                    "pools are not REPLICABLE");
            assertEquals(-Errno.ENOCAP, run(pager, REQ_REPLICATE, 0,
                    byCapid(mine(TYPE_UMUTEX | RTYPE_CONTAINER).capid())), "not REPLICABLE");
            // not the owner
            run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(ipc().capid()));
            w.giveCapControl(t2, CAP_REPLICATE);
            w.giveCapPool(t2, 5);
            assertEquals(-Errno.ENOCAP, run(t2, REQ_REPLICATE, 0, byCapid(ipc().capid())));
            assertEquals(0, capPool().used());
        }

        @Test
        void aReplicableQuantityCapIsRefusedNotACrash() {
            Capability q = reg.install(reg.spaceList(pager.spaceId()), new Capability(0, pager.tid(), RESID_NONE,
                    TYPE_QUANTITY | RTYPE_THREADPOOL, REPLICABLE | CHANGEABLE, 0, 0, 10, 0));
            assertEquals(-Errno.EPERM, run(pager, REQ_REPLICATE, 0, byCapid(q.capid())));
            assertEquals(0, capPool().used());
        }

        @Test
        void replicateNeedsCapPoolRoom() {
            Capability pool = capPool();
            pool.setUsed(pool.size());
            assertEquals(-Errno.ENOCAP, run(pager, REQ_REPLICATE, 0, byCapid(ipc().capid())));
            pool.setUsed(pool.size() - 1);
            assertEquals(0, run(pager, REQ_REPLICATE, 0, byCapid(ipc().capid())));
            assertEquals(pool.size(), pool.used());
        }
    }

    @Nested
    class Split {
        Capability mutexPool() { return mine(TYPE_QUANTITY | RTYPE_MUTEXPOOL); }

        @Test
        void quantitySplitBySize() {
            Capability p = mutexPool();
            for (int flags : new int[] {0, SPLIT_SIZE}) {
                int size = p.size();
                Capability diff = p.copy().setSize(5).setUsed(0);
                Result r = control.control(pager, REQ_SPLIT, flags, diff);
                assertEquals(0, r.status(), "flags " + flags);
                assertEquals(size - 5, p.size());
                Capability made = reg.findByCapid(pager, r.struct().capid());
                assertEquals(5, made.size());
                assertEquals(0, made.used());
                assertEquals(p.access(), made.access());
                assertEquals(p.type(), made.type());
                assertSame(reg.spaceList(pager.spaceId()), made.home());
                assertTrue(r.struct().sameFields(made));
            }
            assertEquals(2, capPool().used());
        }

        @Test
        void usedStaysWithTheOriginalAndTheFreePartMustCoverTheSplit() {
            Capability p = mutexPool();
            p.setUsed(90);
            assertEquals(-Errno.EPERM, run(pager, REQ_SPLIT, 0, p.copy().setSize(11)));
            assertEquals(0, run(pager, REQ_SPLIT, 0, p.copy().setSize(10)));
            assertEquals(90, p.size());
            assertEquals(90, p.used());
        }

        @Test
        void splittingThePayingPoolCountsTheUnitItCosts() {
            Capability pool = capPool();
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, 0, pool.copy().setSize(30)), "not strictly smaller");
            pool.setUsed(1);
            // free: 30 - 1 used - 1 for this split = 28
            assertEquals(-Errno.EPERM, run(pager, REQ_SPLIT, 0, pool.copy().setSize(29)));
            assertEquals(1, pool.used());
            assertEquals(0, run(pager, REQ_SPLIT, 0, pool.copy().setSize(28)));
            assertEquals(2, pool.size());
            assertEquals(2, pool.used());
        }

        @Test
        void accessSplitPartitionsTheBits() {
            Capability c = ipc();
            int all = c.access();
            Result r = control.control(pager, REQ_SPLIT, SPLIT_ACCESS, c.copy().setAccess(IPC_EXTENDED | IPC_SEND));
            assertEquals(0, r.status());
            assertEquals(all & ~(IPC_EXTENDED | IPC_SEND), c.access());
            Capability made = reg.findByCapid(pager, r.struct().capid());
            assertEquals(IPC_EXTENDED | IPC_SEND, made.access());
            assertEquals(c.resid(), made.resid());
        }

        @Test
        void splitErrors() {
            Capability p = mutexPool();
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, 4, p.copy().setSize(5)));
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, 0x10, p.copy().setSize(5)));
            assertEquals(-Errno.EEXIST, run(pager, REQ_SPLIT, 0, p.copy().setCapid(999).setSize(5)));
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, 0, p.copy().setSize(5).setType(TYPE_QUANTITY
                    | RTYPE_THREADPOOL)), "type differs");
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, 0, p.copy().setSize(5).setResid(0)), "resid differs");
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, 0, p.copy().setSize(5).setOwner(2)), "owner differs");
            Capability umutex = mine(TYPE_UMUTEX | RTYPE_CONTAINER);
            assertEquals(-Errno.ENOCAP, run(pager, REQ_SPLIT, SPLIT_ACCESS, umutex.copy().setAccess(UMUTEX_LOCK)),
                    "not CHANGEABLE");
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, 0, p.copy().setSize(0)));
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, 0, p.copy().setSize(100)));
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, 0, p.copy().setSize(101)));
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, 0, p.copy().setSize(5).setAccess(CHANGEABLE)),
                    "flags 0: access must be equal");
            Capability c = ipc();
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, 0, c.copy()), "nothing to split: no duplicate");
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, SPLIT_ACCESS, c.copy().setAccess(0)));
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, SPLIT_ACCESS, c.copy().setAccess(c.access())),
                    "the original would keep nothing");
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, SPLIT_ACCESS, c.copy().setAccess(IPC_ASYNC)),
                    "not a subset");
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, SPLIT_ACCESS, c.copy().setAccess(IPC_SEND).setSize(3)),
                    "non-quantity: size must be equal");
            assertEquals(0, capPool().used(), "failed splits pay nothing");
            assertEquals(100, p.size());
        }

        @Test
        void rangesCannotBeSplit() {
            Capability mem = reg.install(reg.spaceList(pager.spaceId()), new Capability(0, pager.tid(), 0,
                    TYPE_MAP_VIRTMEM | RTYPE_CONTAINER, MAP_READ | MAP_WRITE | CHANGEABLE, 0x100, 0x200, 0x100, 0));
            assertEquals(-Errno.EPERM, run(pager, REQ_SPLIT, SPLIT_RANGE, mem.copy().setStart(0x100).setEnd(0x180)));
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, SPLIT_RANGE, mem.copy().setStart(0).setEnd(0)));
            Capability p = mutexPool();
            assertEquals(-Errno.EINVAL, run(pager, REQ_SPLIT, SPLIT_RANGE, p.copy().setStart(1).setEnd(2)));
            // an access split of a range cap keeps the range on both halves
            Result r = control.control(pager, REQ_SPLIT, SPLIT_ACCESS, mem.copy().setAccess(MAP_WRITE));
            assertEquals(0, r.status());
            assertEquals(0x100, r.struct().start());
            assertEquals(0x200, r.struct().end());
            assertEquals(MAP_READ | CHANGEABLE, mem.access());
        }

        @Test
        void splitNeedsOwnershipAndCapPoolRoom() {
            run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(mutexPool().capid()));
            w.giveCapControl(t2, CAP_SPLIT);
            w.giveCapPool(t2, 5);
            assertEquals(-Errno.ENOCAP, run(t2, REQ_SPLIT, 0, mutexPool().copy().setSize(5)), "not the owner");
            capPool().setUsed(30);
            assertEquals(-Errno.ENOCAP, run(pager, REQ_SPLIT, 0, mutexPool().copy().setSize(5)));
        }
    }

    @Nested
    class Deduce {
        Capability replica() {
            Result r = control.control(pager, REQ_REPLICATE, 0, byCapid(ipc().capid()));
            assertEquals(0, r.status());
            return reg.findByCapid(pager, r.struct().capid());
        }

        @Test
        void containerToSpace() {
            Capability c = replica();
            Capability want = c.copy().setResourceType(RTYPE_SPACE).setResid(t2.spaceId());
            assertEquals(0, run(pager, REQ_DEDUCE, 0, want));
            assertTrue(c.sameFields(want));
        }

        @Test
        void containerToThreadAndSpaceToThread() {
            Capability c = replica();
            Capability want = c.copy().setResourceType(RTYPE_THREAD).setResid(t3.tid())
                    .setAccess(IPC_SEND | IPC_SHORT | CHANGEABLE);
            assertEquals(0, run(pager, REQ_DEDUCE, 0, want));
            assertTrue(c.sameFields(want));

            Capability d = replica();
            assertEquals(0, run(pager, REQ_DEDUCE, 0, d.copy().setResourceType(RTYPE_SPACE).setResid(t2.spaceId())));
            CapabilitySubject clone = w.clone(t2, 9);
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DEDUCE, 0,
                    d.copy().setResourceType(RTYPE_THREAD).setResid(t3.tid())), "t3 is not in that space");
            assertEquals(0, run(pager, REQ_DEDUCE, 0, d.copy().setResourceType(RTYPE_THREAD).setResid(clone.tid())));
            assertEquals(clone.tid(), d.resid());
        }

        @Test
        void resourceNarrowingErrorsAreENOCAP() {
            Capability c = replica();
            Capability snapshot = c.copy();
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DEDUCE, 0, c.copy().setResourceType(RTYPE_SPACE)
                    .setResid(u.spaceId())), "space of another container");
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DEDUCE, 0, c.copy().setResourceType(RTYPE_SPACE)
                    .setResid(99)), "no such space");
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DEDUCE, 0, c.copy().setResourceType(RTYPE_THREAD)
                    .setResid(u.tid())), "thread of another container");
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DEDUCE, 0, c.copy().setResourceType(RTYPE_THREAD)
                    .setResid(0x77)), "no such thread");
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DEDUCE, 0, c.copy().setResourceType(RTYPE_CAPPOOL)),
                    "not a narrowing");
            assertTrue(c.sameFields(snapshot));
            assertEquals(0, run(pager, REQ_DEDUCE, 0, c.copy().setResourceType(RTYPE_THREAD).setResid(t2.tid())));
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DEDUCE, 0, c.copy().setResourceType(RTYPE_SPACE)
                    .setResid(t2.spaceId())), "thread to space widens");
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DEDUCE, 0, c.copy().setResourceType(RTYPE_CONTAINER)
                    .setResid(0)), "thread to container widens");
        }

        @Test
        void aCapOnAnotherContainerCannotBecomeOneOnALocalSpace() {
            Capability c = reg.install(reg.spaceList(pager.spaceId()), new Capability(0, pager.tid(), 1,
                    TYPE_IPC | RTYPE_CONTAINER, IPC_SEND | IPC_SHORT | CHANGEABLE, 0, 0, 0, 0));
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DEDUCE, 0,
                    c.copy().setResourceType(RTYPE_SPACE).setResid(t2.spaceId())));
            assertEquals(0, run(pager, REQ_DEDUCE, 0, c.copy().setResourceType(RTYPE_THREAD).setResid(u.tid())),
                    "but a thread of the container it names is fine");
        }

        @Test
        void accessSizeRangeAndFinalCheck() {
            Capability c = replica();
            Capability snapshot = c.copy();
            assertEquals(-Errno.EINVAL, run(pager, REQ_DEDUCE, 0, c.copy().setOwner(t2.tid())), "owner");
            assertEquals(-Errno.EINVAL, run(pager, REQ_DEDUCE, 0, c.copy().setAccess(c.access() | IPC_ASYNC)),
                    "superset");
            assertEquals(-Errno.EINVAL, run(pager, REQ_DEDUCE, 0, c.copy().setAccess(0)), "zero");
            assertEquals(-Errno.EINVAL, run(pager, REQ_DEDUCE, 0, c.copy().setSize(1)), "size of a sizeless cap");
            assertEquals(-Errno.EINVAL, run(pager, REQ_DEDUCE, 0, c.copy().setStart(1).setEnd(2)), "range");
            assertEquals(-Errno.EINVAL, run(pager, REQ_DEDUCE, 0, c.copy().setType(TYPE_TCTRL | RTYPE_CONTAINER)),
                    "final check: capability type");
            assertEquals(-Errno.EINVAL, run(pager, REQ_DEDUCE, 0, c.copy().setUsed(1)), "final check: used");
            assertEquals(-Errno.EINVAL, run(pager, REQ_DEDUCE, 0, c.copy().setResid(1)), "final check: resid");
            assertTrue(c.sameFields(snapshot));
            assertEquals(0, run(pager, REQ_DEDUCE, 0, c.copy()), "deducing to itself is allowed");
        }

        @Test
        void aFailureAfterTheResourceStepLeavesTheCapUntouched() {
            Capability c = replica();
            Capability snapshot = c.copy();
            // the rtype step passes, the access step fails: Codezero would have left c narrowed to the thread
            assertEquals(-Errno.EINVAL, run(pager, REQ_DEDUCE, 0,
                    c.copy().setResourceType(RTYPE_THREAD).setResid(t2.tid()).setAccess(0x40)));
            assertTrue(c.sameFields(snapshot));
            assertEquals(-Errno.EINVAL, run(pager, REQ_DEDUCE, 0,
                    c.copy().setResourceType(RTYPE_SPACE).setResid(t2.spaceId()).setOwner(5)));
            assertTrue(c.sameFields(snapshot));
        }

        @Test
        void sizesAndRanges() {
            Capability p = mine(TYPE_QUANTITY | RTYPE_THREADPOOL);
            assertEquals(-Errno.EINVAL, run(pager, REQ_DEDUCE, 0, p.copy()), "size must be strictly smaller");
            assertEquals(0, run(pager, REQ_DEDUCE, 0, p.copy().setSize(60)));
            assertEquals(60, p.size());
            for (int i = 0; i < 10; i++) w.checks.consume(pager, RTYPE_THREADPOOL);
            assertEquals(-Errno.EPERM, run(pager, REQ_DEDUCE, 0, p.copy().setSize(9)), "below used");
            assertEquals(0, run(pager, REQ_DEDUCE, 0, p.copy().setSize(10)));
            Capability mem = reg.install(reg.spaceList(pager.spaceId()), new Capability(0, pager.tid(), 0,
                    TYPE_MAP_PHYSMEM | RTYPE_CONTAINER, MAP_READ | MAP_WRITE | CHANGEABLE, 0x100, 0x200, 0x100, 0));
            assertEquals(-Errno.EPERM, run(pager, REQ_DEDUCE, 0, mem.copy().setSize(0x80).setEnd(0x180)),
                    "ranges cannot be narrowed");
            assertEquals(0, run(pager, REQ_DEDUCE, 0, mem.copy().setSize(0x80).setAccess(MAP_READ | CHANGEABLE)));
            Capability zero = reg.install(reg.spaceList(pager.spaceId()), new Capability(0, pager.tid(), 0,
                    TYPE_UMUTEX | RTYPE_CONTAINER, 0, 0, 0, 0, 0));
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DEDUCE, 0, zero.copy()), "access 0 is immutable");
            zero.setAccess(0);
            Capability zeroCh = reg.install(reg.spaceList(pager.spaceId()), new Capability(0, pager.tid(), 0,
                    TYPE_UMUTEX | RTYPE_CONTAINER, CHANGEABLE, 0, 0, 0, 0));
            assertEquals(0, run(pager, REQ_DEDUCE, 0, zeroCh.copy().setAccess(CHANGEABLE)));
        }

        @Test
        void ownerAndChangeable() {
            assertEquals(-Errno.EEXIST, run(pager, REQ_DEDUCE, 0, byCapid(999)));
            Capability umutex = mine(TYPE_UMUTEX | RTYPE_CONTAINER);
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DEDUCE, 0, umutex.copy().setAccess(UMUTEX_LOCK)),
                    "not CHANGEABLE");
            run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(ipc().capid()));
            w.giveCapControl(t2, CAP_DEDUCE);
            assertEquals(-Errno.ENOCAP, run(t2, REQ_DEDUCE, 0, ipc().copy().setResourceType(RTYPE_THREAD)
                    .setResid(t2.tid())), "not the owner");
        }
    }

    @Nested
    class Destroy {
        @Test
        void destroyFreesTheCapidAndCreditsThePoolThatPaid() {
            Result r = control.control(pager, REQ_REPLICATE, 0, byCapid(ipc().capid()));
            int id = r.struct().capid();
            assertEquals(1, capPool().used());
            assertEquals(0, run(pager, REQ_DESTROY, 0, byCapid(id)));
            assertEquals(0, capPool().used());
            assertNull(reg.findByCapid(pager, id));
            Result again = control.control(pager, REQ_REPLICATE, 0, byCapid(ipc().capid()));
            assertEquals(id, again.struct().capid(), "the lowest free capid is reused");
        }

        @Test
        void destroyErrors() {
            assertEquals(-Errno.EEXIST, run(pager, REQ_DESTROY, 0, byCapid(999)));
            assertEquals(-Errno.ENOCAP, run(pager, REQ_DESTROY, 0,
                    byCapid(mine(TYPE_CAP | RTYPE_CONTAINER).capid())), "not CHANGEABLE");
            Capability threads = mine(TYPE_QUANTITY | RTYPE_THREADPOOL);
            w.checks.consume(pager, RTYPE_THREADPOOL);
            assertEquals(-Errno.EPERM, run(pager, REQ_DESTROY, 0, byCapid(threads.capid())), "pool in use");
            run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(ipc().capid()));
            w.giveCapControl(t2, CAP_DESTROY);
            assertEquals(-Errno.ENOCAP, run(t2, REQ_DESTROY, 0, byCapid(ipc().capid())), "not the owner");
            assertNotNull(reg.findByCapid(pager, ipc().capid()));
        }

        @Test
        void destroyingAPoolCapThatIsNotInUse() {
            Capability spaces = mine(TYPE_QUANTITY | RTYPE_SPACEPOOL);
            assertEquals(0, run(pager, REQ_DESTROY, 0, byCapid(spaces.capid())));
            assertEquals(-Errno.ENOCAP, w.checks.consume(pager, RTYPE_SPACEPOOL).status());
        }
    }

    @Test
    void registryDescribesWhereEachCapLives() {
        run(pager, REQ_SHARE, SHARE_SINGLE, byCapid(ipc().capid()));
        String all = reg.describe();
        assertTrue(all.contains("container 0: 1 cap\n  cap "), all);
        assertTrue(all.contains("space 1: 13 caps"), all);
        String view = reg.describe(t2);
        assertTrue(view.startsWith("capabilities of thread 2\n from container 0: 1 cap\n    cap "), view);
        assertTrue(view.contains("IPC to container 0  SEND|RECV|SHORT|FULL|EXTENDED"), view);
        assertEquals(List.of(reg.spaceList(pager.spaceId()), reg.containerList(0)), reg.listsOf(pager));
    }
}
