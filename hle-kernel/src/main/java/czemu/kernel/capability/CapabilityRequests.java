package czemu.kernel.capability;

import static czemu.kernel.capability.CapabilityTypes.GENERIC_MASK;
import static czemu.kernel.capability.CapabilityTypes.GRANT_IMMUTABLE;
import static czemu.kernel.capability.CapabilityTypes.GRANT_SINGLE;
import static czemu.kernel.capability.CapabilityTypes.REQ_DEDUCE;
import static czemu.kernel.capability.CapabilityTypes.REQ_DESTROY;
import static czemu.kernel.capability.CapabilityTypes.REQ_GRANT;
import static czemu.kernel.capability.CapabilityTypes.REQ_REPLICATE;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_CONTAINER;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_SPACE;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_THREAD;
import static czemu.kernel.capability.CapabilityTypes.TRANSFERABLE;
import static czemu.kernel.capability.CapabilityTypes.TYPE_IPC;

import czemu.kernel.abi.Errno;
import czemu.kernel.capability.CapabilityControl.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * The pager's side of the capability request protocol (capabilities-2009.md §5): a task sends tag
 * {@value #TAG_REQUEST_CAPABILITY} with MR2 = the address of a {@code struct capability} in its own memory; the pager
 * reads it, checks it, makes the cap out of one of its own with REPLICATE + DEDUCE and hands it over with
 * GRANT SINGLE|IMMUTABLE. The reply's MR0 is {@link #handle}'s result; nothing is written back to the task's struct.
 *
 * <p>Every step is a real {@link CapabilityControl} request made by the pager, so the kernel's rules decide what a
 * task can get: the pager's IPC caps name only its own container, so a cap to a thread of another container cannot
 * be deduced from any of them and the request fails with -ENOCAP.
 */
public final class CapabilityRequests {

    /** {@code L4_REQUEST_CAPABILITY}. */
    public static final int TAG_REQUEST_CAPABILITY = 50;

    private final CapabilityControl control;
    private final ResourceDirectory directory;

    public CapabilityRequests(CapabilityControl control) {
        this.control = control;
        this.directory = control.directory();
    }

    /**
     * Checks a request struct as mm0's {@code sys_request_cap} does, before any cap is touched: the type must be IPC
     * (-EPERM); start, end, used and size must be 0 (-EINVAL); the generic bits must be 0 (-EPERM); by resource type,
     * THREAD needs the peer thread to exist (-ESRCH) and {@code owner} to be the sender (-EPERM), SPACE and
     * CONTAINER are -EPERM, anything else -EINVAL. Returns 0 when the request may go on.
     */
    public int validate(int senderTid, Capability request) {
        if (request.capType() != TYPE_IPC) return -Errno.EPERM;
        if (request.start() != 0 || request.end() != 0 || request.used() != 0 || request.size() != 0) {
            return -Errno.EINVAL;
        }
        if ((request.access() & GENERIC_MASK) != 0) return -Errno.EPERM;
        switch (request.resourceType()) {
            case RTYPE_THREAD:
                if (directory.findThread(request.resid()) == null) return -Errno.ESRCH;
                if (request.owner() != senderTid) return -Errno.EPERM;
                return 0;
            case RTYPE_SPACE:
            case RTYPE_CONTAINER:
                return -Errno.EPERM;
            default:
                return -Errno.EINVAL;
        }
    }

    /**
     * Serves one request from {@code senderTid} to {@code pager}. The request is the struct the sender's MR2 points
     * to, already read (null: -EFAULT). Returns 0 when the sender now holds the cap, else the negative errno for the
     * reply. A sender that does not exist or is not in the pager's container is -ESRCH (mm0 answers only the tasks
     * on its list).
     *
     * <p>After {@link #validate}: the pager walks its own caps (owned by it) of the requested type that it could
     * turn into the request (REPLICABLE and CHANGEABLE; mm0 tried every cap of the type and gave up at the first
     * that would not replicate), newest first in its lookup order. For each: REPLICATE it (a failure is returned at
     * once, e.g. -ENOCAP with no CAPPOOL room);
     * overwrite the replica with the request's resid, type, access | TRANSFERABLE, start, end, size and used, owner
     * still the pager; DEDUCE the replica; if that fails, DESTROY the replica and go on. With a deduced replica, GRANT
     * it SINGLE|IMMUTABLE to the sender. No cap fits: -ENOCAP.
     *
     * <p>The peer is looked up among all the kernel's threads (mm0 used its own task list): a peer in another
     * container passes validation and is then refused by the capability rules, with -ENOCAP.
     */
    public int handle(CapabilitySubject pager, int senderTid, Capability request) {
        if (request == null) return -Errno.EFAULT;
        CapabilitySubject sender = directory.findThread(senderTid);
        // mm0 serves the tasks on its own list: a sender outside the pager's container is unknown to it
        if (sender == null || sender.containerId() != pager.containerId()) return -Errno.ESRCH;
        int rc = validate(senderTid, request);
        if (rc < 0) return rc;

        List<Capability> candidates = new ArrayList<>();
        for (CapabilityList l : control.registry().listsOf(pager)) {
            for (Capability c : l.caps()) {
                if (c.capType() == request.capType() && c.owner() == pager.tid()
                        && c.has(CapabilityTypes.REPLICABLE | CapabilityTypes.CHANGEABLE)) {
                    candidates.add(c.copy());
                }
            }
        }
        for (Capability candidate : candidates) {
            Result replicated = control.control(pager, REQ_REPLICATE, 0, candidate);
            if (!replicated.isOk()) return replicated.status();
            Capability replica = replicated.struct();
            replica.setResid(request.resid()).setType(request.type()).setAccess(request.access() | TRANSFERABLE)
                    .setStart(request.start()).setEnd(request.end()).setSize(request.size()).setUsed(request.used());
            if (control.perform(pager, REQ_DEDUCE, 0, replica) < 0) {
                int destroyed = control.perform(pager, REQ_DESTROY, 0, replica);
                if (destroyed < 0) {
                    throw new IllegalStateException("pager " + pager.tid() + " cannot destroy its own replica "
                            + replica.capid() + ": " + destroyed);
                }
                continue;
            }
            replica.setOwner(senderTid);
            return control.perform(pager, REQ_GRANT, GRANT_SINGLE | GRANT_IMMUTABLE, replica);
        }
        return -Errno.ENOCAP;
    }
}
