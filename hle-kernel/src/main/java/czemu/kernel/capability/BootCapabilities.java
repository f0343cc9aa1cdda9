package czemu.kernel.capability;

import static czemu.kernel.capability.CapabilityTypes.CAP_DEDUCE;
import static czemu.kernel.capability.CapabilityTypes.CAP_DESTROY;
import static czemu.kernel.capability.CapabilityTypes.CAP_GRANT;
import static czemu.kernel.capability.CapabilityTypes.CAP_READ;
import static czemu.kernel.capability.CapabilityTypes.CAP_REPLICATE;
import static czemu.kernel.capability.CapabilityTypes.CAP_SHARE;
import static czemu.kernel.capability.CapabilityTypes.CAP_SPLIT;
import static czemu.kernel.capability.CapabilityTypes.CHANGEABLE;
import static czemu.kernel.capability.CapabilityTypes.EXREGS_RW_PAGER;
import static czemu.kernel.capability.CapabilityTypes.EXREGS_RW_PC;
import static czemu.kernel.capability.CapabilityTypes.EXREGS_RW_REGS;
import static czemu.kernel.capability.CapabilityTypes.EXREGS_RW_SP;
import static czemu.kernel.capability.CapabilityTypes.EXREGS_RW_UTCB;
import static czemu.kernel.capability.CapabilityTypes.IPC_EXTENDED;
import static czemu.kernel.capability.CapabilityTypes.IPC_FULL;
import static czemu.kernel.capability.CapabilityTypes.IPC_RECV;
import static czemu.kernel.capability.CapabilityTypes.IPC_SEND;
import static czemu.kernel.capability.CapabilityTypes.IPC_SHORT;
import static czemu.kernel.capability.CapabilityTypes.MAP_CACHED;
import static czemu.kernel.capability.CapabilityTypes.MAP_EXEC;
import static czemu.kernel.capability.CapabilityTypes.MAP_READ;
import static czemu.kernel.capability.CapabilityTypes.MAP_UNCACHED;
import static czemu.kernel.capability.CapabilityTypes.MAP_UNMAP;
import static czemu.kernel.capability.CapabilityTypes.MAP_UTCB;
import static czemu.kernel.capability.CapabilityTypes.MAP_WRITE;
import static czemu.kernel.capability.CapabilityTypes.REPLICABLE;
import static czemu.kernel.capability.CapabilityTypes.REQ_DEDUCE;
import static czemu.kernel.capability.CapabilityTypes.REQ_NCAPS;
import static czemu.kernel.capability.CapabilityTypes.REQ_READ;
import static czemu.kernel.capability.CapabilityTypes.REQ_REPLICATE;
import static czemu.kernel.capability.CapabilityTypes.REQ_SHARE;
import static czemu.kernel.capability.CapabilityTypes.REQ_SPLIT;
import static czemu.kernel.capability.CapabilityTypes.RESID_NONE;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_CAPPOOL;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_CONTAINER;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_CPUPOOL;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_MAPPOOL;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_MUTEXPOOL;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_SPACE;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_SPACEPOOL;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_THREADPOOL;
import static czemu.kernel.capability.CapabilityTypes.SHARE_SINGLE;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_CREATE;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_DESTROY;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_RECYCLE;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_RUN;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_SUSPEND;
import static czemu.kernel.capability.CapabilityTypes.TCTRL_WAIT;
import static czemu.kernel.capability.CapabilityTypes.TRANSFERABLE;
import static czemu.kernel.capability.CapabilityTypes.TYPE_CAP;
import static czemu.kernel.capability.CapabilityTypes.TYPE_EXREGS;
import static czemu.kernel.capability.CapabilityTypes.TYPE_IPC;
import static czemu.kernel.capability.CapabilityTypes.TYPE_MAP_PHYSMEM;
import static czemu.kernel.capability.CapabilityTypes.TYPE_MAP_VIRTMEM;
import static czemu.kernel.capability.CapabilityTypes.TYPE_QUANTITY;
import static czemu.kernel.capability.CapabilityTypes.TYPE_TCTRL;
import static czemu.kernel.capability.CapabilityTypes.TYPE_UMUTEX;
import static czemu.kernel.capability.CapabilityTypes.UMUTEX_LOCK;
import static czemu.kernel.capability.CapabilityTypes.UMUTEX_UNLOCK;

import czemu.kernel.capability.CapabilityControl.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Boot-time capability policy: the caps every container's pager starts with (capabilities-2009.md §2.6) and the two
 * boot sequences the README names, each run as real {@link CapabilityControl} requests made by the pager, so boot
 * goes through the same validation as everything later.
 */
public final class BootCapabilities {

    private BootCapabilities() {}

    /** A region of pages {@code [startPfn, endPfn)} for a MAP_VIRTMEM or MAP_PHYSMEM boot cap. */
    public record MemoryRegion(int startPfn, int endPfn) {
        public MemoryRegion {
            if (Integer.compareUnsigned(startPfn, endPfn) > 0) {
                throw new IllegalArgumentException("region ends before it starts: " + startPfn + ".." + endPfn);
            }
        }

        public int pages() { return endPfn - startPfn; }

        /** The region of whole pages covering byte addresses {@code [start, end)}. */
        public static MemoryRegion ofAddresses(long start, long end) {
            return new MemoryRegion((int) (start >>> 12), (int) ((end + 0xFFF) >>> 12));
        }
    }

    /** The sizes of the six QUANTITY boot caps. */
    public record PoolSizes(int threads, int spaces, int cpus, int mutexes, int maps, int caps) {
        /** §2.6: 64 threads, 64 spaces, 50 cpu, 100 mutexes, 64*30+100 map, 30 caps. */
        public static final PoolSizes DEFAULT = new PoolSizes(64, 64, 50, 100, 64 * 30 + 100, 30);
        /** The posix policy's: §2.6's with 256 threads and 128 spaces. */
        public static final PoolSizes POSIX = new PoolSizes(256, 128, 50, 100, 64 * 30 + 100, 30);
    }

    /**
     * What a container's configuration may share with its tasks beyond its policy ({@code share =} in a
     * configuration file, {@code --share} on the command line).
     */
    public enum Share {
        /** The TCTRL and EXREGS caps, and {@link #TASK_THREADS} threads and {@link #TASK_SPACES} spaces of the pools. */
        THREAD_CONTROL("thread-control"),
        /** A CAP cap naming the container: its tasks may call capability_control on the caps they own. */
        CAPABILITY_CONTROL("capability-control"),
        /** MAP_PHYSMEM and MAP_VIRTMEM caps over a physical region set aside for the container and a virtual window. */
        MEMORY("memory");

        private final String label;

        Share(String label) { this.label = label; }

        public String label() { return label; }

        /** The share of this name ({@code thread-control}, {@code capability-control}, {@code memory}), or null. */
        public static Share parse(String name) {
            for (Share s : values()) if (s.label.equals(name)) return s;
            return null;
        }
    }

    /** Thread-pool units a pager that shares thread_control splits off its pool and shares with its tasks. */
    public static final int TASK_THREADS = 32;
    /** Space-pool units it shares likewise (a task's TC_NEW_SPACE / TC_COPY_SPACE threads). */
    public static final int TASK_SPACES = 16;

    /** Which boot sequence a container runs (chosen by the container configuration). */
    public enum Policy {
        /**
         * The last tree's: the pager shares its container-wide IPC cap, the UMUTEX cap and most of the mutex pool
         * with the container, so every task can IPC every thread of the container and use mutexes (test0 runs).
         */
        POSIX,
        /**
         * The 2009 seed's (§5.2 "Boot-time setup" with 7891783): the pager shares only a replica of its IPC cap
         * narrowed to its own space, plus the UMUTEX cap and most of the mutex pool. Tasks may IPC the pager's space
         * and nothing else until the pager grants them more through the request protocol.
         */
        STRICT;

        /**
         * The sizes of the pager's six pools under this policy. The pager pays for every task it makes (fork, clone,
         * exec) from them, and with the thread-control share its tasks pay for theirs from the part it shares.
         * STRICT keeps §2.6's (64 threads, 64 spaces, 100 mutex queues, 30 caps, ...). POSIX has room for
         * {@link PoolSizes#POSIX} threads and spaces: Codezero's test0 has up to 8 processes of 21 threads each
         * alive at once (clonetest), more than §2.6's 64, which ran on the real kernel only because its clones
         * exited sooner.
         */
        public PoolSizes pools() {
            return this == POSIX ? PoolSizes.POSIX : PoolSizes.DEFAULT;
        }

        /** "posix" or "strict", any case. */
        public static Policy parse(String name) {
            return Policy.valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** Mutex-pool units the pager splits off and keeps for itself before sharing the rest (7891783). */
    public static final int PAGER_MUTEX_RESERVE = 5;

    public static final int MAP_REGION_ACCESS =
            MAP_READ | MAP_WRITE | MAP_EXEC | MAP_CACHED | MAP_UNCACHED | MAP_UNMAP | MAP_UTCB;
    public static final int IPC_ACCESS = IPC_SEND | IPC_RECV | IPC_FULL | IPC_SHORT | IPC_EXTENDED
            | CHANGEABLE | REPLICABLE | TRANSFERABLE;
    public static final int TCTRL_ACCESS = TCTRL_CREATE | TCTRL_DESTROY | TCTRL_RUN | TCTRL_SUSPEND
            | TCTRL_RECYCLE | TCTRL_WAIT | CHANGEABLE | REPLICABLE | TRANSFERABLE;
    public static final int EXREGS_ACCESS = EXREGS_RW_PAGER | EXREGS_RW_UTCB | EXREGS_RW_SP | EXREGS_RW_PC
            | EXREGS_RW_REGS | CHANGEABLE | REPLICABLE | TRANSFERABLE;
    public static final int CAP_ACCESS = CAP_GRANT | CAP_READ | CAP_SHARE | CAP_REPLICATE | CAP_SPLIT
            | CAP_DEDUCE | CAP_DESTROY;
    /**
     * LOCK|UNLOCK, plus TRANSFERABLE. Deviation from §2.6, which gives this cap no generic bits: both policies share
     * it with the container (7891783 does), and here passing a cap on needs TRANSFERABLE. It stays not CHANGEABLE
     * and not REPLICABLE. (Codezero's later generator gave it all three generic bits.)
     */
    public static final int UMUTEX_ACCESS = UMUTEX_LOCK | UMUTEX_UNLOCK | TRANSFERABLE;
    public static final int POOL_ACCESS = CHANGEABLE | TRANSFERABLE;

    /**
     * The pager's boot caps for a container, in the generator's order: one MAP_VIRTMEM|CONTAINER cap per virtual
     * region, one MAP_PHYSMEM|CONTAINER cap per physical region, then IPC, TCTRL, EXREGS, CAP and UMUTEX on the
     * container and the six pools. owner = the pager; resid = the container id for CONTAINER caps, else
     * {@link CapabilityTypes#RESID_NONE}; capid 0 (ids are given when they are installed).
     */
    public static List<Capability> pagerBootCaps(int containerId, int pagerTid, List<MemoryRegion> virtualRegions,
            List<MemoryRegion> physicalRegions, PoolSizes pools) {
        List<Capability> out = new ArrayList<>();
        for (MemoryRegion r : virtualRegions) {
            out.add(new Capability(0, pagerTid, containerId, TYPE_MAP_VIRTMEM | RTYPE_CONTAINER, MAP_REGION_ACCESS,
                    r.startPfn(), r.endPfn(), r.pages(), 0));
        }
        for (MemoryRegion r : physicalRegions) {
            out.add(new Capability(0, pagerTid, containerId, TYPE_MAP_PHYSMEM | RTYPE_CONTAINER, MAP_REGION_ACCESS,
                    r.startPfn(), r.endPfn(), r.pages(), 0));
        }
        out.add(onContainer(containerId, pagerTid, TYPE_IPC, IPC_ACCESS));
        out.add(onContainer(containerId, pagerTid, TYPE_TCTRL, TCTRL_ACCESS));
        out.add(onContainer(containerId, pagerTid, TYPE_EXREGS, EXREGS_ACCESS));
        out.add(onContainer(containerId, pagerTid, TYPE_CAP, CAP_ACCESS));
        out.add(onContainer(containerId, pagerTid, TYPE_UMUTEX, UMUTEX_ACCESS));
        out.add(pool(pagerTid, RTYPE_THREADPOOL, POOL_ACCESS, pools.threads()));
        out.add(pool(pagerTid, RTYPE_SPACEPOOL, POOL_ACCESS, pools.spaces()));
        out.add(pool(pagerTid, RTYPE_CPUPOOL, 0, pools.cpus()));
        out.add(pool(pagerTid, RTYPE_MUTEXPOOL, POOL_ACCESS, pools.mutexes()));
        out.add(pool(pagerTid, RTYPE_MAPPOOL, POOL_ACCESS, pools.maps()));
        out.add(pool(pagerTid, RTYPE_CAPPOOL, POOL_ACCESS, pools.caps()));
        return out;
    }

    private static Capability onContainer(int cid, int owner, int captype, int access) {
        return new Capability(0, owner, cid, captype | RTYPE_CONTAINER, access, 0, 0, 0, 0);
    }

    private static Capability pool(int owner, int rtype, int access, int size) {
        return new Capability(0, owner, RESID_NONE, TYPE_QUANTITY | rtype, access, 0, 0, size, 0);
    }

    /**
     * Installs the pager's boot caps in the pager's space list (where init_pager leaves them from 18ffa0b on) with
     * fresh capids, in generator order, so the list reads newest (the CAPPOOL cap) first. Returns them in that
     * generator order.
     */
    public static List<Capability> install(CapabilityRegistry registry, CapabilitySubject pager,
            List<MemoryRegion> virtualRegions, List<MemoryRegion> physicalRegions, PoolSizes pools) {
        CapabilityList list = registry.spaceList(pager.spaceId());
        List<Capability> out = new ArrayList<>();
        for (Capability c : pagerBootCaps(pager.containerId(), pager.tid(), virtualRegions, physicalRegions, pools)) {
            out.add(registry.install(list, c));
        }
        return out;
    }

    /** Installs the boot caps (default pool sizes) and runs the policy's boot sequence as the pager. */
    public static void boot(CapabilityControl control, CapabilitySubject pager, List<MemoryRegion> virtualRegions,
            List<MemoryRegion> physicalRegions, Policy policy) {
        boot(control, pager, virtualRegions, physicalRegions, PoolSizes.DEFAULT, policy);
    }

    /** Installs the boot caps and runs the policy's boot sequence as the pager. */
    public static void boot(CapabilityControl control, CapabilitySubject pager, List<MemoryRegion> virtualRegions,
            List<MemoryRegion> physicalRegions, PoolSizes pools, Policy policy) {
        install(control.registry(), pager, virtualRegions, physicalRegions, pools);
        applyPolicy(control, pager, policy);
    }

    /**
     * The pager's boot sequence, as capability_control requests made by the pager:
     * <ol>
     *   <li>NCAPS and READ, as mm0 does to learn its caps.</li>
     *   <li>IPC. POSIX: SHARE SINGLE of the IPC|CONTAINER cap to the container. STRICT: REPLICATE it, DEDUCE the
     *       replica to rtype SPACE with resid = the pager's space, SHARE SINGLE the replica.</li>
     *   <li>Mutexes (both): SPLIT (flags 0) {@value #PAGER_MUTEX_RESERVE} units off the MUTEXPOOL cap, keeping the new
     *       piece; SHARE SINGLE the remainder; SHARE SINGLE the UMUTEX|CONTAINER cap.</li>
     * </ol>
     * A refused step is a configuration bug and throws {@link IllegalStateException} naming the step and errno.
     */
    public static void applyPolicy(CapabilityControl control, CapabilitySubject pager, Policy policy) {
        expect(control.control(pager, REQ_NCAPS, 0, null), "NCAPS");
        Result read = expect(control.control(pager, REQ_READ, 0, null), "READ");
        List<Capability> mine = read.caps();

        Capability ipc = find(mine, pager, TYPE_IPC | RTYPE_CONTAINER, pager.containerId());
        if (policy == Policy.POSIX) {
            expect(control.control(pager, REQ_SHARE, SHARE_SINGLE, ipc), "SHARE the container IPC cap");
        } else {
            Capability replica = expect(control.control(pager, REQ_REPLICATE, 0, ipc), "REPLICATE the IPC cap")
                    .struct();
            Capability narrowed = replica.copy().setResourceType(RTYPE_SPACE).setResid(pager.spaceId());
            expect(control.control(pager, REQ_DEDUCE, 0, narrowed), "DEDUCE the IPC replica to the pager's space");
            expect(control.control(pager, REQ_SHARE, SHARE_SINGLE, narrowed), "SHARE the pager-space IPC cap");
        }

        Capability mutexPool = find(mine, pager, TYPE_QUANTITY | RTYPE_MUTEXPOOL, RESID_NONE);
        Capability reserve = mutexPool.copy().setSize(PAGER_MUTEX_RESERVE).setUsed(0);
        expect(control.control(pager, REQ_SPLIT, 0, reserve), "SPLIT the pager's reserve off the mutex pool");
        expect(control.control(pager, REQ_SHARE, SHARE_SINGLE, mutexPool), "SHARE the mutex pool");
        Capability umutex = find(mine, pager, TYPE_UMUTEX | RTYPE_CONTAINER, pager.containerId());
        expect(control.control(pager, REQ_SHARE, SHARE_SINGLE, umutex), "SHARE the UMUTEX cap");
    }

    /**
     * The thread-control share's pools: SPLIT {@link #TASK_THREADS} units off the THREADPOOL cap and
     * {@link #TASK_SPACES} off the SPACEPOOL cap (flags 0, each piece a new cap on the pager's space list) and SHARE
     * SINGLE each piece with the container, so tasks that make threads pay for them. The pager keeps the rest for
     * the tasks it makes itself. A refused step throws {@link IllegalStateException}.
     */
    public static void shareTaskPools(CapabilityControl control, CapabilitySubject pager, PoolSizes pools) {
        Result read = expect(control.control(pager, REQ_READ, 0, null), "READ");
        for (int[] pool : new int[][] {{RTYPE_THREADPOOL, Math.min(TASK_THREADS, pools.threads() / 2)},
                {RTYPE_SPACEPOOL, Math.min(TASK_SPACES, pools.spaces() / 2)}}) {
            if (pool[1] == 0) continue;
            Capability whole = find(read.caps(), pager, TYPE_QUANTITY | pool[0], RESID_NONE);
            Capability piece = whole.copy().setSize(pool[1]).setUsed(0);
            Capability made = expect(control.control(pager, REQ_SPLIT, 0, piece), "SPLIT the tasks' share of a pool").struct();
            expect(control.control(pager, REQ_SHARE, SHARE_SINGLE, made), "SHARE the tasks' share of a pool");
        }
    }

    private static Capability find(List<Capability> caps, CapabilitySubject pager, int type, int resid) {
        for (Capability c : caps) {
            if (c.type() == type && c.resid() == resid && c.owner() == pager.tid()) return c;
        }
        throw new IllegalStateException("pager " + pager.tid() + " has no " + CapabilityTypes.typeName(type) + " "
                + CapabilityTypes.rtypeName(type) + " boot cap");
    }

    private static Result expect(Result r, String step) {
        if (!r.isOk()) throw new IllegalStateException("capability boot step failed: " + step + ": " + r.status());
        return r;
    }
}
