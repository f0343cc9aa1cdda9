package czemu.kernel;

import czemu.kernel.abi.Errno;
import czemu.kernel.capability.BootCapabilities;
import czemu.kernel.capability.Capability;
import czemu.kernel.capability.CapabilityChecks;
import czemu.kernel.capability.CapabilityControl;
import czemu.kernel.capability.CapabilityList;
import czemu.kernel.capability.CapabilityRegistry;
import czemu.kernel.capability.CapabilityRequests;
import czemu.kernel.capability.CapabilitySubject;
import czemu.kernel.capability.CapabilityTypes;
import czemu.kernel.capability.ResourceDirectory;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadTable;
import czemu.kernel.mutex.UserMutexes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel's capabilities (capabilities-2009.md, with the numbers spec/README.md adopts): every
 * list, the capability_control requests, the checks other system calls make, the boot capabilities
 * of each container's pager with its boot policy, and the pager's side of the request protocol.
 * The model lives in {@code czemu.kernel.capability}; this class connects it to threads and spaces.
 */
public final class Capabilities {
    /**
     * What a container's configuration may add to its boot policy: what else its pager shares with its tasks, the
     * containers they may reach, and for the {@link BootCapabilities.Share#MEMORY} share the physical region (of
     * frames set aside for the container) and the virtual window its MAP caps cover.
     */
    public record BootOptions(BootCapabilities.Policy policy, Set<BootCapabilities.Share> shares, List<Integer> reachContainers,
                              BootCapabilities.MemoryRegion physical, BootCapabilities.MemoryRegion virtual) {
        public static final BootOptions POSIX = new BootOptions(BootCapabilities.Policy.POSIX, Set.of(), List.of(), null, null);

        public BootOptions(BootCapabilities.Policy policy, Set<BootCapabilities.Share> shares, List<Integer> reachContainers) {
            this(policy, shares, reachContainers, null, null);
        }

        public boolean shares(BootCapabilities.Share share) {
            return shares.contains(share);
        }

        /** The same options with the MEMORY share's regions filled in. */
        public BootOptions withMemory(BootCapabilities.MemoryRegion physical, BootCapabilities.MemoryRegion virtual) {
            return new BootOptions(policy, shares, reachContainers, physical, virtual);
        }
    }

    private final ThreadTable threads;
    private final CapabilityRegistry registry = new CapabilityRegistry();
    private final CapabilityControl control;
    private final CapabilityChecks checks;
    private final CapabilityRequests requests;
    /** What each guest-made thread and space cost, by tid and space id, given back when it goes. */
    private final Map<Integer, CapabilityChecks.QuotaCharge> threadCharges = new HashMap<>();
    private final Map<Integer, CapabilityChecks.QuotaCharge> spaceCharges = new HashMap<>();

    Capabilities(ThreadTable threads) {
        this.threads = threads;
        ResourceDirectory directory = new ResourceDirectory() {
            @Override
            public CapabilitySubject findThread(int tid) {
                return threads.find(tid);
            }

            @Override
            public boolean spaceInContainer(int spaceId, int containerId) {
                for (Tcb thread : threads.all()) {
                    if (thread.space().spaceId() == spaceId && thread.container().id() == containerId) return true;
                }
                return false;
            }
        };
        this.control = new CapabilityControl(registry, directory);
        this.checks = new CapabilityChecks(registry, directory);
        this.requests = new CapabilityRequests(control);
    }

    /**
     * A container's pager gets its boot capabilities (§2.6) and runs its boot policy: what it
     * shares with the container decides what every task may do. Options add the thread_control
     * and exchange_registers caps with a part of the thread and space pools, the capability_control
     * cap, the MAP caps of a memory region, and IPC caps naming other containers.
     */
    public void bootPager(Tcb pager, BootOptions options) {
        List<BootCapabilities.MemoryRegion> physical = options.physical() == null ? List.of() : List.of(options.physical());
        List<BootCapabilities.MemoryRegion> virtual = options.virtual() == null ? List.of() : List.of(options.virtual());
        BootCapabilities.boot(control, pager, virtual, physical, options.policy().pools(), options.policy());
        if (options.shares(BootCapabilities.Share.THREAD_CONTROL)) {
            for (int type : new int[] {CapabilityTypes.TYPE_TCTRL, CapabilityTypes.TYPE_EXREGS}) {
                shareOwn(pager, type | CapabilityTypes.RTYPE_CONTAINER, pager.containerId());
            }
            BootCapabilities.shareTaskPools(control, pager, options.policy().pools());
        }
        if (options.shares(BootCapabilities.Share.CAPABILITY_CONTROL)) {
            // The pager's own CAP cap is not TRANSFERABLE (§2.6): the configuration mints the tasks' copy, as
            // Codezero's cinfo generator mints boot caps. It names the container, so every task may use it on itself.
            Capability cap = new Capability(0, pager.tid(), pager.containerId(), CapabilityTypes.TYPE_CAP | CapabilityTypes.RTYPE_CONTAINER,
                    BootCapabilities.CAP_ACCESS, 0, 0, 0, 0);
            registry.install(registry.containerList(pager.containerId()), cap);
        }
        if (options.shares(BootCapabilities.Share.MEMORY)) {
            if (options.physical() == null || options.virtual() == null) {
                throw new IllegalArgumentException("the memory share needs a physical region and a virtual window");
            }
            // Minted for the tasks like the CAP cap above: the pager's own region caps carry no generic bits (§2.6).
            // These add the cache bits, so the tasks may also use cache_control over the window.
            int access = BootCapabilities.MAP_REGION_ACCESS | CapabilityTypes.MAP_CACHE_INVALIDATE | CapabilityTypes.MAP_CACHE_CLEAN;
            for (Object[] r : new Object[][] {{CapabilityTypes.TYPE_MAP_PHYSMEM, options.physical()}, {CapabilityTypes.TYPE_MAP_VIRTMEM, options.virtual()}}) {
                BootCapabilities.MemoryRegion region = (BootCapabilities.MemoryRegion) r[1];
                Capability cap = new Capability(0, pager.tid(), pager.containerId(), (int) r[0] | CapabilityTypes.RTYPE_CONTAINER,
                        access, region.startPfn(), region.endPfn(), region.pages(), 0);
                registry.install(registry.containerList(pager.containerId()), cap);
            }
        }
        for (int other : options.reachContainers()) {
            // The machine configuration mints this cap, as Codezero's cinfo generator mints boot caps.
            Capability reach = new Capability(0, pager.tid(), other, CapabilityTypes.TYPE_IPC | CapabilityTypes.RTYPE_CONTAINER,
                    BootCapabilities.IPC_ACCESS, 0, 0, 0, 0);
            registry.install(registry.containerList(pager.containerId()), reach);
        }
    }

    private void shareOwn(Tcb pager, int type, int resid) {
        for (Capability cap : registry.capsOf(pager)) {
            if (cap.type() == type && cap.resid() == resid && cap.owner() == pager.tid()) {
                int shared = control.perform(pager, CapabilityTypes.REQ_SHARE, CapabilityTypes.SHARE_SINGLE, cap);
                if (shared < 0) throw new IllegalStateException("sharing " + cap.describe() + " failed: " + shared);
                return;
            }
        }
    }

    /** The ipc send check: 0, or -ENOCAP when no cap of the sender names the target with SEND and the transfer type. */
    public int checkIpc(Tcb sender, Tcb target, int flags) {
        return checks.checkIpc(sender, target, flags);
    }

    public int checkMutex(Tcb caller) {
        return checks.checkMutex(caller);
    }

    public int checkThreadControl(Tcb caller, int flags, int targetTid) {
        return checks.checkThreadControl(caller, flags, targetTid);
    }

    public int checkExchangeRegisters(Tcb caller, int targetTid, int validVector, int flags) {
        return checks.checkExchangeRegisters(caller, targetTid, validVector, flags);
    }

    /** map: PHYSMEM and VIRTMEM caps covering the pages, with the kind's bits, naming the target (0, -ESRCH, -ENOCAP). */
    public int checkMap(Tcb caller, int targetTid, int physical, int virtual, int npages, CapabilityChecks.MapKind kind) {
        return checks.checkMap(caller, targetTid, physical >>> 12, virtual >>> 12, npages, kind);
    }

    /** unmap: a VIRTMEM cap with UNMAP covering the pages, naming the target (0, -ESRCH, -ENOCAP). */
    public int checkUnmap(Tcb caller, int targetTid, int virtual, int npages) {
        return checks.checkUnmap(caller, targetTid, virtual >>> 12, npages);
    }

    /** cache_control: a VIRTMEM cap over the range with the operation's cache bit (0 or -ENOCAP). */
    public int checkCache(Tcb caller, int start, int end, int operation) {
        return checks.checkCache(caller, start, end, operation);
    }

    // ---- quotas: what threads, spaces and mutex queues cost (capabilities-2009.md §2.6, resource.c) ----

    /**
     * What creating a thread costs: one unit of a THREADPOOL cap and, for a new or copied space, one of a SPACEPOOL
     * cap, from the payer's lists. {@link #isOk} false means a pool is exhausted or missing; nothing is then held.
     */
    public static final class Payment {
        private final CapabilityChecks.QuotaCharge thread;
        private final CapabilityChecks.QuotaCharge space;

        private Payment(CapabilityChecks.QuotaCharge thread, CapabilityChecks.QuotaCharge space) {
            this.thread = thread;
            this.space = space;
        }

        public boolean isOk() {
            return (thread == null || thread.isOk()) && (space == null || space.isOk());
        }
    }

    /**
     * Takes a thread's cost (and a space's when {@code newSpace}) from {@code payer}'s pools. When a pool is empty
     * nothing is taken and the payment is not ok: Codezero's thread_create then fails with -ENOMEM (its
     * alloc_ktcb / alloc_space find no room), which is what the caller should return.
     */
    public Payment payForThread(Tcb payer, boolean newSpace) {
        if (payer == null) return new Payment(checks.consume(null, CapabilityTypes.RTYPE_THREADPOOL), null);
        CapabilityChecks.QuotaCharge thread = checks.consume(payer, CapabilityTypes.RTYPE_THREADPOOL);
        if (!thread.isOk()) return new Payment(thread, null);
        if (!newSpace) return new Payment(thread, null);
        CapabilityChecks.QuotaCharge space = checks.consume(payer, CapabilityTypes.RTYPE_SPACEPOOL);
        if (!space.isOk()) checks.release(thread);
        return new Payment(thread, space);
    }

    /** Takes a space's cost alone (a space replaced by execve). */
    public Payment payForSpace(Tcb payer) {
        if (payer == null) return new Payment(null, checks.consume(null, CapabilityTypes.RTYPE_SPACEPOOL));
        CapabilityChecks.QuotaCharge space = checks.consume(payer, CapabilityTypes.RTYPE_SPACEPOOL);
        return new Payment(null, space);
    }

    /** The thread (and space) now exist: their units go back when they go ({@link #threadRemoved}, {@link #spaceRemoved}). */
    public void paid(Payment payment, Tcb thread) {
        if (!payment.isOk()) throw new IllegalArgumentException("a refused payment cannot pay for " + thread);
        if (payment.thread != null) threadCharges.put(thread.tid(), payment.thread);
        if (payment.space != null) spaceCharges.put(thread.space().spaceId(), payment.space);
    }

    /** The creation failed after the payment: give everything back. */
    public void refund(Payment payment) {
        checks.release(payment.thread);
        checks.release(payment.space);
    }

    /**
     * What a user mutex wait queue costs its creator: a unit of a MUTEXPOOL cap, given back when the queue goes.
     * Codezero's mutex_control answers -ENOMEM when there is none (alloc_user_mutex finds no room).
     */
    public UserMutexes.QueueQuota mutexQuota() {
        return new UserMutexes.QueueQuota() {
            @Override
            public Object take(Tcb creator) {
                CapabilityChecks.QuotaCharge charge = checks.consume(creator, CapabilityTypes.RTYPE_MUTEXPOOL);
                return charge.isOk() ? charge : null;
            }

            @Override
            public void give(Object token) {
                checks.release((CapabilityChecks.QuotaCharge) token);
            }
        };
    }

    /** capability_control on a decoded buffer; the result says what to write back. */
    public CapabilityControl.Result control(Tcb caller, int request, int flags, Capability buffer) {
        return control.control(caller, request, flags, buffer);
    }

    /** The tag-50 request protocol, served by {@code pager} for {@code senderTid}; 0 or -errno for the reply. */
    public int request(Tcb pager, int senderTid, Capability wanted) {
        return wanted == null ? -Errno.EFAULT : requests.handle(pager, senderTid, wanted);
    }

    /** A thread or space is gone: its lists go with it. */
    void threadRemoved(Tcb thread) {
        checks.release(threadCharges.remove(thread.tid()));
        registry.discardThread(thread.tid());
        registry.discardOwnedBy(thread.tid()); // ids are reused: the next thread with this id must not inherit them
    }

    void spaceRemoved(int spaceId) {
        checks.release(spaceCharges.remove(spaceId));
        registry.discardSpace(spaceId);
    }

    /** Every live thread's usable capabilities, by list, in readable form (czemu caps, monitor caps). */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Tcb thread : threads.all()) out.append(registry.describe(thread));
        return out.toString();
    }

    /** All lists, for tests and tools. */
    public List<CapabilityList> lists() {
        return registry.allLists();
    }
}
