package czemu.kernel.capability;

import static czemu.kernel.abi.ThreadControlFlags.*;

import static czemu.kernel.capability.CapabilityTypes.EXREGS_RW_PAGER;
import static czemu.kernel.capability.CapabilityTypes.EXREGS_RW_PC;
import static czemu.kernel.capability.CapabilityTypes.EXREGS_RW_REGS;
import static czemu.kernel.capability.CapabilityTypes.EXREGS_RW_SP;
import static czemu.kernel.capability.CapabilityTypes.EXREGS_RW_UTCB;
import static czemu.kernel.capability.CapabilityTypes.IPC_SEND;
import static czemu.kernel.capability.CapabilityTypes.MAP_CACHED;
import static czemu.kernel.capability.CapabilityTypes.MAP_CACHE_CLEAN;
import static czemu.kernel.capability.CapabilityTypes.MAP_CACHE_INVALIDATE;
import static czemu.kernel.capability.CapabilityTypes.MAP_EXEC;
import static czemu.kernel.capability.CapabilityTypes.MAP_READ;
import static czemu.kernel.capability.CapabilityTypes.MAP_UNCACHED;
import static czemu.kernel.capability.CapabilityTypes.MAP_UNMAP;
import static czemu.kernel.capability.CapabilityTypes.MAP_WRITE;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_CONTAINER;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_SPACE;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_THREAD;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_CREATE;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_DESTROY;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_RECYCLE;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_RUN;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_SUSPEND;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_WAIT;
import static czemu.kernel.capability.CapabilityTypes.TYPE_EXREGS;
import static czemu.kernel.capability.CapabilityTypes.TYPE_IPC;
import static czemu.kernel.capability.CapabilityTypes.TYPE_MAP_PHYSMEM;
import static czemu.kernel.capability.CapabilityTypes.TYPE_MAP_VIRTMEM;
import static czemu.kernel.capability.CapabilityTypes.TYPE_TCTRL;
import static czemu.kernel.capability.CapabilityTypes.TYPE_UMUTEX;
import static czemu.kernel.capability.CapabilityTypes.UMUTEX_LOCK;
import static czemu.kernel.capability.CapabilityTypes.UMUTEX_UNLOCK;

import czemu.kernel.abi.Errno;
import czemu.kernel.abi.MapFlags;

/**
 * The capability checks other system calls make (capabilities-2009.md §4), and the QUANTITY quotas the kernel
 * draws from when it allocates threads, spaces, mutex queues and caps.
 *
 * <p>Each check searches the caller's lists in lookup order for one cap that satisfies everything at once.
 * A cap "names" a thread when its resource type is THREAD and resid is the tid, SPACE and resid is the thread's space
 * id, or CONTAINER and resid is the thread's container id.
 */
public final class CapabilityChecks {

    /**
     * The user mappings the map syscall accepts (its r3, {@link czemu.kernel.abi.MapFlags}), with the MAP bits each
     * needs in both the PHYSMEM and the VIRTMEM cap (Codezero's last tree, {@code cap_match_mem}).
     */
    public enum MapKind {
        USER_RW(MapFlags.MAP_USR_RW, MAP_READ | MAP_WRITE | MAP_CACHED),
        USER_RO(MapFlags.MAP_USR_RO, MAP_READ | MAP_CACHED),
        USER_IO(MapFlags.MAP_USR_IO, MAP_READ | MAP_WRITE | MAP_UNCACHED),
        USER_RWX(MapFlags.MAP_USR_RWX, MAP_READ | MAP_WRITE | MAP_EXEC | MAP_CACHED),
        USER_RX(MapFlags.MAP_USR_RX, MAP_READ | MAP_EXEC | MAP_CACHED);

        private final int flags;
        private final int bits;

        MapKind(int flags, int bits) {
            this.flags = flags;
            this.bits = bits;
        }

        public int bits() { return bits; }

        public boolean writable() { return (bits & MAP_WRITE) != 0; }

        public boolean executable() { return (bits & MAP_EXEC) != 0; }

        /** The kind a map flags word names, or null for any other value. */
        public static MapKind of(int flags) {
            for (MapKind k : values()) if (k.flags == flags) return k;
            return null;
        }
    }

    private final CapabilityRegistry registry;
    private final ResourceDirectory directory;

    public CapabilityChecks(CapabilityRegistry registry, ResourceDirectory directory) {
        this.registry = registry;
        this.directory = directory;
    }

    /** Whether a cap's resource type and id name this thread (by its tid, space id or container id). */
    public static boolean names(Capability c, CapabilitySubject thread) {
        switch (c.resourceType()) {
            case RTYPE_THREAD: return c.resid() == thread.tid();
            case RTYPE_SPACE: return c.resid() == thread.spaceId();
            case RTYPE_CONTAINER: return c.resid() == thread.containerId();
            default: return false;
        }
    }

    private boolean holds(CapabilitySubject caller, int captype, int bits, CapabilitySubject target) {
        for (CapabilityList l : registry.listsOf(caller)) {
            for (Capability c : l.view()) {
                if (c.capType() == captype && c.has(bits) && names(c, target)) return true;
            }
        }
        return false;
    }

    // ---- ipc ----

    /**
     * The check for the send phase of an ipc (SEND or SENDRECV; receives are never checked). The sender needs an
     * IPC cap with SEND and the transfer type's bit ({@code ipcFlags & 0xF}: 0 SHORT, 1 FULL, 2 EXTENDED; any other
     * value never matches) that names the target. 0, -ESRCH for a target that does not exist, else -ENOCAP.
     */
    public int checkIpc(CapabilitySubject sender, int targetTid, int ipcFlags) {
        CapabilitySubject target = directory.findThread(targetTid);
        return target == null ? -Errno.ESRCH : checkIpc(sender, target, ipcFlags);
    }

    /** The same check for a target the caller has already found (the ipc path looks it up first). */
    public int checkIpc(CapabilitySubject sender, CapabilitySubject target, int ipcFlags) {
        int transfer = CapabilityTypes.ipcTransferBit(ipcFlags);
        if (transfer == 0) return -Errno.ENOCAP;
        return holds(sender, TYPE_IPC, IPC_SEND | transfer, target) ? 0 : -Errno.ENOCAP;
    }

    // ---- thread_control ----

    /** The TCTRL bit for a thread_control action ({@code flags & 0xF0000000}), or 0 for an unknown action. */
    public static int threadControlBit(int flags) {
        switch (flags & TC_ACTION_MASK) {
            case TC_CREATE: return TCTRL_CREATE;
            case TC_RUN: return TCTRL_RUN;
            case TC_SUSPEND: return TCTRL_SUSPEND;
            case TC_DESTROY: return TCTRL_DESTROY;
            case TC_RECYCLE: return TCTRL_RECYCLE;
            case TC_WAIT: return TCTRL_WAIT;
            default: return 0;
        }
    }

    /**
     * thread_control: the action ({@code flags & 0xF0000000}) needs its TCTRL bit. CREATE needs a TCTRL cap with
     * resource type CONTAINER naming the caller's container ({@code targetTid} is ignored); the other actions need a
     * cap naming the target thread. 0; -EINVAL for an unknown action; -ESRCH for a missing target; else -ENOCAP.
     */
    public int checkThreadControl(CapabilitySubject caller, int flags, int targetTid) {
        int bit = threadControlBit(flags);
        if (bit == 0) return -Errno.EINVAL;
        if (bit == TCTRL_CREATE) {
            for (CapabilityList l : registry.listsOf(caller)) {
                for (Capability c : l.view()) {
                    if (c.capType() == TYPE_TCTRL && c.has(bit) && c.resourceType() == RTYPE_CONTAINER
                            && c.resid() == caller.containerId()) {
                        return 0;
                    }
                }
            }
            return -Errno.ENOCAP;
        }
        CapabilitySubject target = directory.findThread(targetTid);
        if (target == null) return -Errno.ESRCH;
        return holds(caller, TYPE_TCTRL, bit, target) ? 0 : -Errno.ENOCAP;
    }

    // ---- exchange_registers ----

    /** The EXREGS bits an exchange_registers call needs for this valid vector and flags word. */
    public static int exchangeRegistersBits(int validVector, int flags) {
        int bits = 0;
        if ((validVector & EXREGS_VALID_REGULAR) != 0) bits |= EXREGS_RW_REGS;
        if ((validVector & EXREGS_VALID_SP) != 0) bits |= EXREGS_RW_SP;
        if ((validVector & EXREGS_VALID_PC) != 0) bits |= EXREGS_RW_PC;
        if ((flags & EXREGS_SET_UTCB) != 0) bits |= EXREGS_RW_UTCB;
        if ((flags & EXREGS_SET_PAGER) != 0) bits |= EXREGS_RW_PAGER;
        return bits;
    }

    /**
     * exchange_registers: regular registers need RW_REGS, sp RW_SP, pc RW_PC, SET_UTCB RW_UTCB, SET_PAGER RW_PAGER,
     * all in one EXREGS cap naming the target. (Codezero tested SET_UTCB and SET_PAGER against the valid vector;
     * here they come from the flags word, where they are defined.) 0, -ESRCH for a missing target, else -ENOCAP.
     */
    public int checkExchangeRegisters(CapabilitySubject caller, int targetTid, int validVector, int flags) {
        CapabilitySubject target = directory.findThread(targetTid);
        if (target == null) return -Errno.ESRCH;
        return holds(caller, TYPE_EXREGS, exchangeRegistersBits(validVector, flags), target) ? 0 : -Errno.ENOCAP;
    }

    // ---- map / unmap ----

    private boolean coversRange(CapabilitySubject caller, int captype, int bits, CapabilitySubject target, int pfn,
            int npages) {
        long first = Integer.toUnsignedLong(pfn);
        long last = first + Integer.toUnsignedLong(npages);
        for (CapabilityList l : registry.listsOf(caller)) {
            for (Capability c : l.view()) {
                if (c.capType() == captype && c.has(bits) && names(c, target)
                        && Integer.toUnsignedLong(c.start()) <= first && last <= Integer.toUnsignedLong(c.end())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * map: a MAP_PHYSMEM cap covering {@code [physPfn, physPfn+npages)} and a MAP_VIRTMEM cap covering
     * {@code [virtPfn, virtPfn+npages)}, each with the bits the kind needs and naming the thread whose space is
     * mapped. A null kind (any other flags value) fails. 0, -ESRCH for a missing target, else -ENOCAP.
     */
    public int checkMap(CapabilitySubject caller, int targetTid, int physPfn, int virtPfn, int npages,
            MapKind kind) {
        CapabilitySubject target = directory.findThread(targetTid);
        if (target == null) return -Errno.ESRCH;
        if (kind == null) return -Errno.ENOCAP;
        boolean ok = coversRange(caller, TYPE_MAP_PHYSMEM, kind.bits(), target, physPfn, npages)
                && coversRange(caller, TYPE_MAP_VIRTMEM, kind.bits(), target, virtPfn, npages);
        return ok ? 0 : -Errno.ENOCAP;
    }

    /** unmap: a MAP_VIRTMEM cap with UNMAP covering the pages, naming the target. 0, -ESRCH or -ENOCAP. */
    public int checkUnmap(CapabilitySubject caller, int targetTid, int virtPfn, int npages) {
        CapabilitySubject target = directory.findThread(targetTid);
        if (target == null) return -Errno.ESRCH;
        return coversRange(caller, TYPE_MAP_VIRTMEM, MAP_UNMAP, target, virtPfn, npages) ? 0 : -Errno.ENOCAP;
    }

    /**
     * cache_control: a MAP_VIRTMEM cap covering the pages from {@code start}'s to {@code end}'s (Codezero counts
     * {@code pfn(end) - pfn(start)} pages) with CACHE_INVALIDATE for the invalidations (I-cache, D-cache, TLB) or
     * CACHE_CLEAN for the cleans. As in Codezero the cap's resource is not compared with anything: the range is the
     * caller's own. 0, or -ENOCAP (also for an unknown operation, which no cap matches).
     */
    public int checkCache(CapabilitySubject caller, int start, int end, int operation) {
        int bits;
        switch (operation) {
            case MapFlags.INVALIDATE_ICACHE: case MapFlags.INVALIDATE_DCACHE: case MapFlags.INVALIDATE_TLB:
                bits = MAP_CACHE_INVALIDATE;
                break;
            case MapFlags.CLEAN_DCACHE: case MapFlags.CLEAN_INVALIDATE_DCACHE:
                bits = MAP_CACHE_CLEAN;
                break;
            default:
                return -Errno.ENOCAP;
        }
        long first = Integer.toUnsignedLong(start) >>> 12;
        long pages = (Integer.toUnsignedLong(end) >>> 12) - first;
        if (pages < 0) return -Errno.ENOCAP;
        for (CapabilityList l : registry.listsOf(caller)) {
            for (Capability c : l.view()) {
                if (c.capType() == TYPE_MAP_VIRTMEM && c.has(bits) && Integer.toUnsignedLong(c.start()) <= first
                        && first + pages <= Integer.toUnsignedLong(c.end())) {
                    return 0;
                }
            }
        }
        return -Errno.ENOCAP;
    }

    // ---- mutex_control ----

    /** mutex_control: a UMUTEX cap with LOCK|UNLOCK naming the caller itself. 0 or -ENOCAP. */
    public int checkMutex(CapabilitySubject caller) {
        return holds(caller, TYPE_UMUTEX, UMUTEX_LOCK | UMUTEX_UNLOCK, caller) ? 0 : -Errno.ENOCAP;
    }

    // ---- quotas ----

    /**
     * One unit drawn from a pool; give it back with {@link #release(QuotaCharge)} when the object goes away
     * (releasing twice gives back once). {@link #status()} is 0 on success, else negative and there is no pool.
     */
    public static final class QuotaCharge {
        private final int status;
        private final int poolRtype;
        private Capability pool;

        QuotaCharge(int status, int poolRtype, Capability pool) {
            this.status = status;
            this.poolRtype = poolRtype;
            this.pool = pool;
        }

        public int status() { return status; }
        public boolean isOk() { return status == 0; }
        public int poolRtype() { return poolRtype; }
        /** The pool cap charged, or null (failed, or already released). */
        public Capability pool() { return pool; }

        @Override
        public String toString() {
            return status != 0 ? "no " + CapabilityTypes.rtypeName(poolRtype) + " (" + status + ")"
                    : pool == null ? "released " + CapabilityTypes.rtypeName(poolRtype)
                    : "1 of " + pool.describe();
        }
    }

    /**
     * Draws one unit from the first QUANTITY cap of {@code poolRtype} (THREADPOOL, SPACEPOOL, MUTEXPOOL, CAPPOOL,
     * MAPPOOL …) in the caller's lists that still has room. An exhausted or missing pool (or no caller) is -ENOCAP.
     */
    public QuotaCharge consume(CapabilitySubject caller, int poolRtype) {
        Capability pool = caller == null ? null : registry.poolWithRoom(caller, poolRtype);
        if (pool == null) return new QuotaCharge(-Errno.ENOCAP, poolRtype, null);
        pool.setUsed(pool.used() + 1);
        return new QuotaCharge(0, poolRtype, pool);
    }

    /** Gives a unit back to the pool it came from (a no-op for a failed charge or a pool that is gone). */
    public void release(QuotaCharge charge) {
        if (charge == null || charge.pool == null) return;
        CapabilityRegistry.credit(charge.pool);
        charge.pool = null;
    }
}
