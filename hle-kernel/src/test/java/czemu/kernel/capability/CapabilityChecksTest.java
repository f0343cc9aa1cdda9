package czemu.kernel.capability;

import czemu.kernel.abi.ThreadControlFlags;

import static czemu.kernel.abi.ThreadControlFlags.EXREGS_SET_PAGER;
import static czemu.kernel.abi.ThreadControlFlags.EXREGS_SET_UTCB;
import static czemu.kernel.abi.ThreadControlFlags.EXREGS_VALID_PC;
import static czemu.kernel.abi.ThreadControlFlags.EXREGS_VALID_SP;
import static czemu.kernel.capability.CapabilityTypes.*;
import static czemu.kernel.capability.TestWorld.byCapid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import czemu.kernel.abi.Errno;
import czemu.kernel.capability.CapabilityChecks.MapKind;
import czemu.kernel.capability.CapabilityChecks.QuotaCharge;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checks other system calls make, and the QUANTITY quotas. */
class CapabilityChecksTest {

    TestWorld w;
    CapabilitySubject pager;
    CapabilitySubject t2;
    CapabilitySubject t3;
    CapabilitySubject u;
    CapabilityChecks checks;

    @BeforeEach
    void setUp() {
        w = new TestWorld();
        pager = w.pager(0, 1);
        t2 = w.task(pager, 2);
        t3 = w.task(pager, 3);
        CapabilitySubject otherPager = w.pager(1, 1);
        u = w.task(otherPager, 2);
        w.installBootCaps(pager);
        w.installBootCaps(otherPager);
        checks = w.checks;
    }

    Capability give(CapabilitySubject s, int type, int resid, int access) {
        return w.registry.install(w.registry.threadList(s.tid()),
                new Capability(0, s.tid(), resid, type, access, 0, 0, 0, 0));
    }

    @Test
    void ipcNeedsSendAndTheTransferTypeAndATargetMatch() {
        assertEquals(-Errno.ESRCH, checks.checkIpc(t2, 0x55, 0), "unknown target");
        assertEquals(-Errno.ESRCH, checks.checkIpc(t2, 0, 0), "tid 0 (idle) is unknown");
        assertEquals(-Errno.ESRCH, checks.checkIpc(t2, 0xFFFFFFFE, 0), "ANYTHREAD");
        assertEquals(-Errno.ENOCAP, checks.checkIpc(t2, t3.tid(), 0));

        Capability c = give(t2, TYPE_IPC | RTYPE_THREAD, t3.tid(), IPC_RECV | IPC_SHORT);
        assertEquals(-Errno.ENOCAP, checks.checkIpc(t2, t3.tid(), 0), "RECV alone does not send");
        c.setAccess(IPC_SEND | IPC_SHORT);
        assertEquals(0, checks.checkIpc(t2, t3.tid(), 0));
        assertEquals(-Errno.ENOCAP, checks.checkIpc(t2, t3.tid(), 1), "FULL not held");
        assertEquals(-Errno.ENOCAP, checks.checkIpc(t2, t3.tid(), 0x08000022), "EXTENDED not held");
        c.setAccess(IPC_SEND | IPC_SHORT | IPC_FULL | IPC_EXTENDED);
        assertEquals(0, checks.checkIpc(t2, t3.tid(), 1));
        assertEquals(0, checks.checkIpc(t2, t3.tid(), 0x08000022));
        assertEquals(-Errno.ENOCAP, checks.checkIpc(t2, t3.tid(), 3), "no such transfer type");
        assertEquals(-Errno.ENOCAP, checks.checkIpc(t2, pager.tid(), 0), "names t3 only");

        c.setResourceType(RTYPE_SPACE).setResid(t3.spaceId());
        assertEquals(0, checks.checkIpc(t2, t3.tid(), 0));
        CapabilitySubject t3clone = w.clone(t3, 7);
        assertEquals(0, checks.checkIpc(t2, t3clone.tid(), 0), "every thread of the space");
        assertEquals(-Errno.ENOCAP, checks.checkIpc(t2, pager.tid(), 0));

        c.setResourceType(RTYPE_CONTAINER).setResid(0);
        assertEquals(0, checks.checkIpc(t2, pager.tid(), 0));
        assertEquals(-Errno.ENOCAP, checks.checkIpc(t2, u.tid(), 0), "another container");
        c.setResid(1);
        assertEquals(0, checks.checkIpc(t2, u.tid(), 0), "a cap on container 1 reaches it");
        assertEquals(-Errno.ENOCAP, checks.checkIpc(t2, t3.tid(), 0));
    }

    @Test
    void threadControl() {
        assertEquals(0, checks.checkThreadControl(pager, ThreadControlFlags.TC_CREATE, 0));
        assertEquals(-Errno.ENOCAP, checks.checkThreadControl(t2, ThreadControlFlags.TC_CREATE, 0));
        for (int action : new int[] {ThreadControlFlags.TC_RUN, ThreadControlFlags.TC_SUSPEND,
                ThreadControlFlags.TC_DESTROY | 0x1234, ThreadControlFlags.TC_RECYCLE, ThreadControlFlags.TC_WAIT}) {
            assertEquals(0, checks.checkThreadControl(pager, action, t2.tid()));
            assertEquals(-Errno.ENOCAP, checks.checkThreadControl(pager, action, u.tid()), "other container");
            assertEquals(-Errno.ESRCH, checks.checkThreadControl(pager, action, 0x99));
        }
        assertEquals(-Errno.EINVAL, checks.checkThreadControl(pager, 0x60000000, t2.tid()));
        // CREATE needs a CONTAINER cap on the caller's own container
        give(t2, TYPE_TCTRL | RTYPE_THREAD, t2.tid(), TCTRL_CREATE | TCTRL_RUN);
        assertEquals(-Errno.ENOCAP, checks.checkThreadControl(t2, ThreadControlFlags.TC_CREATE, 0));
        assertEquals(0, checks.checkThreadControl(t2, ThreadControlFlags.TC_RUN, t2.tid()));
        assertEquals(-Errno.ENOCAP, checks.checkThreadControl(t2, ThreadControlFlags.TC_SUSPEND, t2.tid()));
        give(t2, TYPE_TCTRL | RTYPE_CONTAINER, 1, TCTRL_CREATE);
        assertEquals(-Errno.ENOCAP, checks.checkThreadControl(t2, ThreadControlFlags.TC_CREATE, 0));
        give(t2, TYPE_TCTRL | RTYPE_CONTAINER, 0, TCTRL_CREATE);
        assertEquals(0, checks.checkThreadControl(t2, ThreadControlFlags.TC_CREATE, 0));
    }

    @Test
    void exchangeRegisters() {
        // the pager's boot EXREGS cap has PAGER|UTCB|SP|PC|REGS
        assertEquals(0, checks.checkExchangeRegisters(pager, t2.tid(),
                EXREGS_VALID_SP | EXREGS_VALID_PC | 1 << 3, EXREGS_SET_PAGER | EXREGS_SET_UTCB));
        assertEquals(-Errno.ENOCAP, checks.checkExchangeRegisters(pager, u.tid(), 0, 0));
        assertEquals(-Errno.ESRCH, checks.checkExchangeRegisters(pager, 0x99, 0, 0));
        assertEquals(-Errno.ENOCAP, checks.checkExchangeRegisters(t2, t3.tid(), 0, 0));
        give(t2, TYPE_EXREGS | RTYPE_THREAD, t3.tid(), EXREGS_RW_SP);
        assertEquals(0, checks.checkExchangeRegisters(t2, t3.tid(), EXREGS_VALID_SP, 0));
        assertEquals(-Errno.ENOCAP, checks.checkExchangeRegisters(t2, t3.tid(), EXREGS_VALID_SP | 1, 0));
        assertEquals(-Errno.ENOCAP, checks.checkExchangeRegisters(t2, t3.tid(), EXREGS_VALID_SP, EXREGS_SET_UTCB));
        assertEquals(EXREGS_RW_REGS, CapabilityChecks.exchangeRegistersBits(1 << 14, 0));
        assertEquals(EXREGS_RW_PC | EXREGS_RW_PAGER, CapabilityChecks.exchangeRegistersBits(EXREGS_VALID_PC,
                EXREGS_SET_PAGER | ThreadControlFlags.EXREGS_READ));
    }

    @Test
    void mapNeedsBothRangesWithTheKindsBits() {
        // boot: virtual 0x30000-0x40000 and 0xA0000-0xB0000, physical 0x40-0x1000, all bits
        assertEquals(0, checks.checkMap(pager, t2.tid(), 0x40, 0x30000, 0xFC0, MapKind.USER_RW));
        assertEquals(-Errno.ENOCAP, checks.checkMap(pager, t2.tid(), 0x40, 0x30000, 0xFC1, MapKind.USER_RW),
                "physical range ends at 0x1000");
        assertEquals(0, checks.checkMap(pager, t2.tid(), 0x100, 0x3FFFF, 1, MapKind.USER_RO));
        assertEquals(-Errno.ENOCAP, checks.checkMap(pager, t2.tid(), 0x100, 0x3FFFF, 2, MapKind.USER_RO),
                "crosses the virtual region's end");
        assertEquals(0, checks.checkMap(pager, t2.tid(), 0x100, 0xA0000, 0x10, MapKind.USER_IO));
        assertEquals(-Errno.ENOCAP, checks.checkMap(pager, t2.tid(), 0x3F, 0x30000, 1, MapKind.USER_RW));
        assertEquals(-Errno.ENOCAP, checks.checkMap(pager, t2.tid(), 0x100, 0x30000, 1, null), "other flags");
        assertEquals(-Errno.ENOCAP, checks.checkMap(pager, u.tid(), 0x100, 0x30000, 1, MapKind.USER_RW),
                "the caps name container 0");
        assertEquals(-Errno.ESRCH, checks.checkMap(pager, 0x99, 0x100, 0x30000, 1, MapKind.USER_RW));
        assertEquals(-Errno.ENOCAP, checks.checkMap(t2, t2.tid(), 0x100, 0x30000, 1, MapKind.USER_RW));
        assertEquals(0, checks.checkMap(pager, t2.tid(), 0xFFF, 0x30000, 0, MapKind.USER_RW), "0 pages");
        // a virtual cap without CACHED cannot serve RW or RO, only IO
        Capability v = w.registry.install(w.registry.threadList(t2.tid()), new Capability(0, t2.tid(), t2.tid(),
                TYPE_MAP_VIRTMEM | RTYPE_THREAD, MAP_READ | MAP_WRITE | MAP_UNCACHED, 0x10, 0x20, 0x10, 0));
        w.registry.install(w.registry.threadList(t2.tid()), new Capability(0, t2.tid(), t2.tid(),
                TYPE_MAP_PHYSMEM | RTYPE_THREAD, MAP_READ | MAP_WRITE | MAP_CACHED | MAP_UNCACHED, 0x10, 0x20, 0x10,
                0));
        assertEquals(-Errno.ENOCAP, checks.checkMap(t2, t2.tid(), 0x10, 0x10, 1, MapKind.USER_RW));
        assertEquals(0, checks.checkMap(t2, t2.tid(), 0x10, 0x10, 0x10, MapKind.USER_IO));
        assertEquals(-Errno.ENOCAP, checks.checkMap(t2, t3.tid(), 0x10, 0x10, 1, MapKind.USER_IO));
        assertEquals(-Errno.ENOCAP, checks.checkUnmap(t2, t2.tid(), 0x10, 1));
        v.setAccess(v.access() | MAP_UNMAP);
        assertEquals(0, checks.checkUnmap(t2, t2.tid(), 0x10, 1));
        assertEquals(0, checks.checkUnmap(pager, t3.tid(), 0x30000, 0x10000));
        assertEquals(-Errno.ENOCAP, checks.checkUnmap(pager, t3.tid(), 0x30000, 0x10001));
    }

    @Test
    void mutexNeedsLockAndUnlockNamingTheCaller() {
        assertEquals(0, checks.checkMutex(pager));
        assertEquals(-Errno.ENOCAP, checks.checkMutex(t2));
        Capability c = give(t2, TYPE_UMUTEX | RTYPE_THREAD, t3.tid(), UMUTEX_LOCK | UMUTEX_UNLOCK);
        assertEquals(-Errno.ENOCAP, checks.checkMutex(t2), "names t3");
        c.setResid(t2.tid()).setAccess(UMUTEX_LOCK);
        assertEquals(-Errno.ENOCAP, checks.checkMutex(t2), "LOCK alone");
        c.setAccess(UMUTEX_LOCK | UMUTEX_UNLOCK);
        assertEquals(0, checks.checkMutex(t2));
    }

    @Test
    void threadPoolQuota() {
        QuotaCharge last = null;
        for (int i = 0; i < 64; i++) {
            last = checks.consume(pager, RTYPE_THREADPOOL);
            assertTrue(last.isOk(), "thread " + i);
        }
        QuotaCharge refused = checks.consume(pager, RTYPE_THREADPOOL);
        assertEquals(-Errno.ENOCAP, refused.status());
        assertNull(refused.pool());
        checks.release(refused);
        assertEquals(64, last.pool().used());
        Capability pool = last.pool();
        checks.release(last);
        checks.release(last);
        assertEquals(63, pool.used(), "a charge gives back once");
        assertTrue(checks.consume(pager, RTYPE_THREADPOOL).isOk());
        assertEquals(-Errno.ENOCAP, checks.consume(t2, RTYPE_THREADPOOL).status(), "tasks hold no pool");
        assertEquals(-Errno.ENOCAP, checks.consume(pager, RTYPE_CAPPOOL | RTYPE_THREADPOOL).status());
    }

    @Test
    void everyPoolIsAQuota() {
        int[][] pools = {{RTYPE_SPACEPOOL, 64}, {RTYPE_MUTEXPOOL, 100}, {RTYPE_CAPPOOL, 30}, {RTYPE_MAPPOOL, 2020},
            {RTYPE_CPUPOOL, 50}};
        for (int[] p : pools) {
            for (int i = 0; i < p[1]; i++) assertTrue(checks.consume(pager, p[0]).isOk());
            assertEquals(-Errno.ENOCAP, checks.consume(pager, p[0]).status(), rtypeName(p[0]));
        }
        assertEquals(-Errno.ENOCAP, w.control.perform(pager, REQ_REPLICATE, 0,
                byCapid(w.visible(pager, TYPE_IPC | RTYPE_CONTAINER).capid())), "no cap pool left");
    }

    @Test
    void aSplitPoolServesItsOwnerFirstThenTheRest() {
        Capability threads = w.visible(pager, TYPE_QUANTITY | RTYPE_THREADPOOL);
        assertEquals(0, w.control.perform(pager, REQ_SPLIT, 0, threads.copy().setSize(4)));
        Capability piece = w.visible(pager, TYPE_QUANTITY | RTYPE_THREADPOOL);
        assertEquals(4, piece.size());
        for (int i = 0; i < 4; i++) assertSame(piece, checks.consume(pager, RTYPE_THREADPOOL).pool());
        assertSame(threads, checks.consume(pager, RTYPE_THREADPOOL).pool());
        assertFalse(piece.available() > 0);
    }
}
