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
import java.util.List;

/**
 * The kernel's capabilities (capabilities-2009.md, with the numbers spec/README.md adopts): every
 * list, the capability_control requests, the checks other system calls make, the boot capabilities
 * of each container's pager with its boot policy, and the pager's side of the request protocol.
 * The model lives in {@code czemu.kernel.capability}; this class connects it to threads and spaces.
 */
public final class Capabilities {
    /** What a container's configuration may add to its boot policy. */
    public record BootOptions(BootCapabilities.Policy policy, boolean shareThreadControl, List<Integer> reachContainers) {
        public static final BootOptions POSIX = new BootOptions(BootCapabilities.Policy.POSIX, false, List.of());
    }

    private final ThreadTable threads;
    private final CapabilityRegistry registry = new CapabilityRegistry();
    private final CapabilityControl control;
    private final CapabilityChecks checks;
    private final CapabilityRequests requests;

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
     * and exchange_registers caps to what is shared, and IPC caps naming other containers.
     */
    public void bootPager(Tcb pager, BootOptions options) {
        BootCapabilities.boot(control, pager, List.of(), List.of(), options.policy());
        if (options.shareThreadControl()) {
            for (int type : new int[] {CapabilityTypes.TYPE_TCTRL, CapabilityTypes.TYPE_EXREGS}) {
                shareOwn(pager, type | CapabilityTypes.RTYPE_CONTAINER, pager.containerId());
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
        registry.discardThread(thread.tid());
        registry.discardOwnedBy(thread.tid()); // ids are reused: the next thread with this id must not inherit them
    }

    void spaceRemoved(int spaceId) {
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
