package czemu.kernel.capability;

import static czemu.kernel.capability.CapabilityTypes.CHANGEABLE;
import static czemu.kernel.capability.CapabilityTypes.GENERIC_MASK;
import static czemu.kernel.capability.CapabilityTypes.GRANT_IMMUTABLE;
import static czemu.kernel.capability.CapabilityTypes.GRANT_SINGLE;
import static czemu.kernel.capability.CapabilityTypes.REPLICABLE;
import static czemu.kernel.capability.CapabilityTypes.REQ_DEDUCE;
import static czemu.kernel.capability.CapabilityTypes.REQ_DESTROY;
import static czemu.kernel.capability.CapabilityTypes.REQ_GRANT;
import static czemu.kernel.capability.CapabilityTypes.REQ_NCAPS;
import static czemu.kernel.capability.CapabilityTypes.REQ_READ;
import static czemu.kernel.capability.CapabilityTypes.REQ_REPLICATE;
import static czemu.kernel.capability.CapabilityTypes.REQ_SHARE;
import static czemu.kernel.capability.CapabilityTypes.REQ_SPLIT;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_CAPPOOL;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_CONTAINER;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_SPACE;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_THREAD;
import static czemu.kernel.capability.CapabilityTypes.SHARE_ALL_CONTAINER;
import static czemu.kernel.capability.CapabilityTypes.SHARE_ALL_SPACE;
import static czemu.kernel.capability.CapabilityTypes.SHARE_CHILD;
import static czemu.kernel.capability.CapabilityTypes.SHARE_DESTINATION_MASK;
import static czemu.kernel.capability.CapabilityTypes.SHARE_GROUP;
import static czemu.kernel.capability.CapabilityTypes.SHARE_MODE_MASK;
import static czemu.kernel.capability.CapabilityTypes.SHARE_SIBLING;
import static czemu.kernel.capability.CapabilityTypes.SHARE_SINGLE;
import static czemu.kernel.capability.CapabilityTypes.SPLIT_ACCESS;
import static czemu.kernel.capability.CapabilityTypes.SPLIT_MASK;
import static czemu.kernel.capability.CapabilityTypes.SPLIT_RANGE;
import static czemu.kernel.capability.CapabilityTypes.TRANSFERABLE;
import static czemu.kernel.capability.CapabilityTypes.TYPE_CAP;

import czemu.kernel.abi.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel side of {@code capability_control} (slot 0x28; r0 = request, r1 = flags, r2 = pointer to a
 * {@code struct capability}), working on decoded structs. capabilities-2009.md §3 in its corrected form: every
 * refused operation returns its real error.
 *
 * <h2>How the syscall layer uses it</h2>
 * <ol>
 *   <li>{@link #gate(CapabilitySubject, int)}: the CAP-type check; a negative result goes straight to r0.</li>
 *   <li>Validate and read the user buffer (an int for NCAPS, {@code n * 44} bytes for READ, one struct for the
 *       others), -EFAULT on failure, and decode it with {@link Capability#decode}.</li>
 *   <li>{@link #control(CapabilitySubject, int, int, Capability)}; put {@link Result#status()} in r0 and, when
 *       {@link Result#writeBack()} is not null, write those bytes to the user buffer.</li>
 * </ol>
 *
 * <h2>Rules every request follows</h2>
 * <ul>
 *   <li>The caller must hold a CAP-type cap with the request's bit that names the caller itself (THREAD: its tid,
 *       SPACE: its space id, CONTAINER: its container id); else -ENOCAP. An unknown request is -ENOCAP.</li>
 *   <li>A cap is found by the capid in the struct, in the caller's lists in lookup order; not found is -EEXIST.</li>
 *   <li>Every cap the kernel makes (REPLICATE, SPLIT) is paid with one unit from a QUANTITY|CAPPOOL cap the caller
 *       can see; none with room is -ENOCAP. DESTROY gives the unit back to the pool that paid.</li>
 *   <li>An IMMUTABLE cap (generic bits all clear) can be used but never replicated (no REPLICABLE: -ENOCAP),
 *       deduced, split or destroyed (no CHANGEABLE: -ENOCAP), nor passed on by SHARE or GRANT (no TRANSFERABLE:
 *       -EPERM, see {@link #share} and {@link #grant}).</li>
 *   <li>Every request validates completely before it changes anything, so a refused request leaves the model as
 *       it was.</li>
 * </ul>
 */
public final class CapabilityControl {

    private final CapabilityRegistry registry;
    private final ResourceDirectory directory;

    public CapabilityControl(CapabilityRegistry registry, ResourceDirectory directory) {
        this.registry = registry;
        this.directory = directory;
    }

    public CapabilityRegistry registry() { return registry; }

    public ResourceDirectory directory() { return directory; }

    /**
     * The outcome of one request. {@code status} is 0 or a negative errno for r0. What the syscall layer must
     * write back to the user buffer: {@code count} for NCAPS, {@code caps} for READ, {@code struct} (the new cap)
     * for REPLICATE and SPLIT; {@link #writeBack()} gives the exact bytes.
     */
    public record Result(int status, int request, int count, List<Capability> caps, Capability struct) {

        static Result error(int request, int negativeErrno) {
            return new Result(negativeErrno, request, 0, List.of(), null);
        }

        static Result ok(int request) {
            return new Result(0, request, 0, List.of(), null);
        }

        public boolean isOk() { return status == 0; }

        /** The bytes to store at the user pointer (r2) on success, or null when nothing is written back. */
        public byte[] writeBack() {
            if (status != 0) return null;
            switch (request) {
                case REQ_NCAPS:
                    return new byte[] {(byte) count, (byte) (count >> 8), (byte) (count >> 16), (byte) (count >> 24)};
                case REQ_READ: {
                    byte[] out = new byte[caps.size() * Capability.SIZE];
                    for (int i = 0; i < caps.size(); i++) caps.get(i).encodeInto(out, i * Capability.SIZE);
                    return out;
                }
                case REQ_REPLICATE:
                case REQ_SPLIT:
                    return struct == null ? null : struct.encode();
                default:
                    return null;
            }
        }
    }

    // ---- gatekeeping ----

    /**
     * Step 1 of every request: a CAP-type cap in the caller's lists that has the request's bit and whose
     * rtype/resid names the caller itself. 0 or -ENOCAP (also for an unknown request code).
     */
    public int gate(CapabilitySubject caller, int request) {
        int bit = CapabilityTypes.requestBit(request);
        if (bit == 0) return -Errno.ENOCAP;
        for (CapabilityList l : registry.listsOf(caller)) {
            for (Capability c : l.view()) {
                if (c.capType() == TYPE_CAP && c.has(bit) && CapabilityChecks.names(c, caller)) return 0;
            }
        }
        return -Errno.ENOCAP;
    }

    // ---- dispatch ----

    /**
     * Performs one request for {@code caller}. {@code buffer} is the decoded user struct (ignored for NCAPS and
     * READ; null for the others means the buffer could not be read, -EFAULT). The buffer is not modified.
     */
    public Result control(CapabilitySubject caller, int request, int flags, Capability buffer) {
        int gate = gate(caller, request);
        if (gate < 0) return Result.error(request, gate);
        switch (request) {
            case REQ_NCAPS:
                return new Result(0, request, registry.capsOf(caller).size(), List.of(), null);
            case REQ_READ: {
                List<Capability> copies = new ArrayList<>();
                for (Capability c : registry.capsOf(caller)) copies.add(c.copy());
                return new Result(0, request, copies.size(), List.copyOf(copies), null);
            }
            default:
                break;
        }
        if (buffer == null) return Result.error(request, -Errno.EFAULT);
        Capability buf = buffer.copy();
        switch (request) {
            case REQ_SHARE: return status(request, share(caller, flags, buf));
            case REQ_GRANT: return status(request, grant(caller, flags, buf));
            case REQ_REPLICATE: return replicate(caller, buf);
            case REQ_SPLIT: return split(caller, flags, buf);
            case REQ_DEDUCE: return status(request, deduce(caller, buf));
            case REQ_DESTROY: return status(request, destroy(caller, buf));
            default: return Result.error(request, -Errno.ENOCAP);
        }
    }

    private static Result status(int request, int status) {
        return status == 0 ? Result.ok(request) : Result.error(request, status);
    }

    // ---- SHARE ----

    /**
     * SHARE moves caps the caller owns to a list more threads can see; the caps themselves do not change.
     *
     * <p>Flags: the mode in bits 0–1 and at most one destination bit.
     * <ul>
     *   <li>{@code SINGLE} (1): the cap named by {@code buf.capid}, to the caller's container list; with
     *       {@code GROUP} / {@code CHILD} / {@code SIBLING} to the caller's thread-group list / the list of tasks the
     *       caller pages / the list of tasks the caller's pager pages. Not found -EEXIST; not the caller's -EPERM;
     *       without TRANSFERABLE -EPERM.</li>
     *   <li>{@code ALL_CONTAINER} (2): every cap of the caller's own and space lists to the container list.</li>
     *   <li>{@code ALL_SPACE} (3): every cap of the caller's own list to its space list.</li>
     *   <li>{@code GROUP}, {@code CHILD} or {@code SIBLING} alone: every cap of the caller's own and space lists to
     *       that destination (the October whole-list share).</li>
     *   <li>Anything else: -EINVAL.</li>
     * </ul>
     * The whole-list forms move only the caps the caller owns that carry TRANSFERABLE and leave the others where
     * they are (Codezero moved whole lists without looking; a space list may hold caps of other threads of the
     * space, and boot caps without TRANSFERABLE must stay with the pager).
     *
     * <p>Why TRANSFERABLE is required (it was never checked in 2009): GRANT IMMUTABLE promises that the receiver
     * "can never pass the cap on", and an immutable cap is exactly one whose generic bits, TRANSFERABLE among them,
     * are clear. Sharing such a cap to a wider list would hand its use to every thread of the container, so it is
     * refused, with -EPERM like the other "this cap may not leave you" refusals (not the caller's, still in use).
     */
    int share(CapabilitySubject caller, int flags, Capability buf) {
        int mode = flags & SHARE_MODE_MASK;
        int destination = flags & SHARE_DESTINATION_MASK;
        if ((flags & ~(SHARE_MODE_MASK | SHARE_DESTINATION_MASK)) != 0) return -Errno.EINVAL;
        if (Integer.bitCount(destination) > 1) return -Errno.EINVAL;

        if (mode == SHARE_SINGLE) {
            CapabilityList target = destination == 0
                    ? registry.containerList(caller.containerId())
                    : destinationList(caller, destination);
            Capability c = registry.findByCapid(caller, buf.capid());
            if (c == null) return -Errno.EEXIST;
            if (c.owner() != caller.tid()) return -Errno.EPERM;
            if (!c.has(TRANSFERABLE)) return -Errno.EPERM;
            target.insert(c);
            return 0;
        }
        List<CapabilityList> sources = new ArrayList<>(2);
        CapabilityList target;
        if (mode == 0 && destination != 0) {
            sources.add(registry.threadList(caller.tid()));
            sources.add(registry.spaceList(caller.spaceId()));
            target = destinationList(caller, destination);
        } else if (mode == SHARE_ALL_CONTAINER && destination == 0) {
            sources.add(registry.threadList(caller.tid()));
            sources.add(registry.spaceList(caller.spaceId()));
            target = registry.containerList(caller.containerId());
        } else if (mode == SHARE_ALL_SPACE && destination == 0) {
            sources.add(registry.threadList(caller.tid()));
            target = registry.spaceList(caller.spaceId());
        } else {
            return -Errno.EINVAL;
        }
        for (CapabilityList source : sources) {
            List<Capability> caps = source.caps();
            // oldest first, so that the moved caps keep their relative order at the head of the target
            for (int i = caps.size() - 1; i >= 0; i--) {
                Capability c = caps.get(i);
                if (c.owner() == caller.tid() && c.has(TRANSFERABLE) && source != target) target.insert(c);
            }
        }
        return 0;
    }

    private CapabilityList destinationList(CapabilitySubject caller, int destination) {
        switch (destination) {
            case SHARE_GROUP: return registry.groupList(caller.threadGroupId());
            case SHARE_CHILD: return registry.pagedByList(caller.tid());
            case SHARE_SIBLING: return registry.pagedByList(caller.pagerTid());
            default: throw new IllegalArgumentException("share destination " + destination);
        }
    }

    // ---- GRANT ----

    /**
     * GRANT SINGLE (optionally | IMMUTABLE): gives the cap named by {@code buf.capid} to the thread named by
     * {@code buf.owner}. Flags other than 1 and 5 are -EINVAL (GRANT_ALL was removed in the last tree). Not found
     * -EEXIST; no such recipient -ESRCH (the lookup is global, other containers included); not the caller's -EPERM;
     * {@code used} not 0 -EPERM; without TRANSFERABLE -EPERM (an immutable cap may not be passed on; see
     * {@link #share}). The cap then belongs to the recipient, loses its generic bits if IMMUTABLE was asked, and goes
     * to the head of the recipient's space list.
     */
    int grant(CapabilitySubject caller, int flags, Capability buf) {
        if (flags != GRANT_SINGLE && flags != (GRANT_SINGLE | GRANT_IMMUTABLE)) return -Errno.EINVAL;
        Capability c = registry.findByCapid(caller, buf.capid());
        if (c == null) return -Errno.EEXIST;
        CapabilitySubject recipient = directory.findThread(buf.owner());
        if (recipient == null) return -Errno.ESRCH;
        if (c.owner() != caller.tid()) return -Errno.EPERM;
        if (c.used() != 0) return -Errno.EPERM;
        if (!c.has(TRANSFERABLE)) return -Errno.EPERM;
        c.setOwner(recipient.tid());
        if ((flags & GRANT_IMMUTABLE) != 0) c.setAccess(c.access() & ~GENERIC_MASK);
        registry.spaceList(recipient.spaceId()).insert(c);
        return 0;
    }

    // ---- REPLICATE ----

    /**
     * REPLICATE: a copy of the cap named by {@code buf.capid} (every field but the capid) at the head of the
     * caller's space list, same owner. Not found -EEXIST; not the caller's -ENOCAP; not REPLICABLE -ENOCAP; a
     * QUANTITY cap -EPERM (a copy would double the quantity; Codezero panics here); no CAPPOOL room -ENOCAP.
     * The result's struct is the new cap, to be written back over the user's struct.
     */
    Result replicate(CapabilitySubject caller, Capability buf) {
        Capability orig = registry.findByCapid(caller, buf.capid());
        if (orig == null) return Result.error(REQ_REPLICATE, -Errno.EEXIST);
        if (orig.owner() != caller.tid()) return Result.error(REQ_REPLICATE, -Errno.ENOCAP);
        if (!orig.has(REPLICABLE)) return Result.error(REQ_REPLICATE, -Errno.ENOCAP);
        if (orig.isQuantity()) return Result.error(REQ_REPLICATE, -Errno.EPERM);
        Capability pool = registry.poolWithRoom(caller, RTYPE_CAPPOOL);
        if (pool == null) return Result.error(REQ_REPLICATE, -Errno.ENOCAP);

        Capability made = orig.copy();
        made.setCapid(registry.allocateCapid());
        charge(made, pool);
        registry.spaceList(caller.spaceId()).insert(made);
        return new Result(0, REQ_REPLICATE, 0, List.of(), made.copy());
    }

    private static void charge(Capability made, Capability pool) {
        pool.setUsed(pool.used() + 1);
        made.chargedTo = pool;
    }

    // ---- SPLIT ----

    /**
     * SPLIT: part of the cap named by {@code buf.capid} goes to a new cap at the head of the caller's space list.
     * The 9 November rules, with the flags taken as a value ({@code flags & 0xF}):
     * <ul>
     *   <li>Not found -EEXIST; {@code buf} type, resid or owner differ from the original's -EINVAL; not the caller's
     *       -ENOCAP; not CHANGEABLE -ENOCAP; no CAPPOOL room -ENOCAP.</li>
     *   <li>{@code RANGE} (3): ranges cannot be split: -EINVAL if either cap has no range, else -EPERM.</li>
     *   <li>{@code ACCESS} (2): {@code buf.access} must be a non-zero subset of the original's that leaves it some
     *       bits (-EINVAL); the original loses those bits and the new cap gets them.</li>
     *   <li>0 or {@code SIZE} (1): {@code buf.access} must equal the original's (-EINVAL), and the original must be
     *       a QUANTITY cap (-EINVAL).</li>
     *   <li>QUANTITY caps are split by size: {@code 0 < buf.size < size} (-EINVAL) and the free part must cover
     *       {@code buf.size} (-EPERM); the original keeps the rest and all of {@code used}, the new cap has
     *       {@code buf.size} and used 0. Other caps: {@code buf.size} must equal the original's (-EINVAL) and the new
     *       cap copies size, used and range.</li>
     * </ul>
     * Deviations: Codezero tested {@code flags & RANGE}, so ACCESS and SIZE fell into the range branch and only 0
     * worked; here they mean what their names say. And Codezero let a flags-0 split of a non-quantity cap with a
     * range produce a full duplicate (a replicate that skips the REPLICABLE check); here that is -EINVAL.
     */
    Result split(CapabilitySubject caller, int flags, Capability buf) {
        int kind = flags & SPLIT_MASK;
        if ((flags & ~SPLIT_MASK) != 0 || kind > SPLIT_RANGE) return Result.error(REQ_SPLIT, -Errno.EINVAL);
        Capability orig = registry.findByCapid(caller, buf.capid());
        if (orig == null) return Result.error(REQ_SPLIT, -Errno.EEXIST);
        if (buf.type() != orig.type() || buf.resid() != orig.resid() || buf.owner() != orig.owner()) {
            return Result.error(REQ_SPLIT, -Errno.EINVAL);
        }
        if (orig.owner() != caller.tid()) return Result.error(REQ_SPLIT, -Errno.ENOCAP);
        if (!orig.has(CHANGEABLE)) return Result.error(REQ_SPLIT, -Errno.ENOCAP);
        Capability pool = registry.poolWithRoom(caller, RTYPE_CAPPOOL);
        if (pool == null) return Result.error(REQ_SPLIT, -Errno.ENOCAP);

        if (kind == SPLIT_RANGE) {
            return Result.error(REQ_SPLIT, !orig.hasRange() || !buf.hasRange() ? -Errno.EINVAL : -Errno.EPERM);
        }
        int newAccess;
        int keptAccess;
        if (kind == SPLIT_ACCESS) {
            int a = buf.access();
            if (a == 0 || (a & ~orig.access()) != 0 || (orig.access() & ~a) == 0) {
                return Result.error(REQ_SPLIT, -Errno.EINVAL);
            }
            newAccess = a;
            keptAccess = orig.access() & ~a;
        } else {
            if (buf.access() != orig.access()) return Result.error(REQ_SPLIT, -Errno.EINVAL);
            if (!orig.isQuantity()) return Result.error(REQ_SPLIT, -Errno.EINVAL);
            newAccess = orig.access();
            keptAccess = orig.access();
        }
        Capability made = orig.copy();
        int keptSize = orig.size();
        if (orig.isQuantity()) {
            long want = Integer.toUnsignedLong(buf.size());
            long have = Integer.toUnsignedLong(orig.size());
            if (want == 0 || want >= have) return Result.error(REQ_SPLIT, -Errno.EINVAL);
            // the unit this split costs comes first when the original is itself the paying pool
            long free = orig.available() - (pool == orig ? 1 : 0);
            if (want > free) return Result.error(REQ_SPLIT, -Errno.EPERM);
            made.setSize(buf.size()).setUsed(0);
            keptSize = (int) (have - want);
        } else if (buf.size() != orig.size()) {
            return Result.error(REQ_SPLIT, -Errno.EINVAL);
        }

        made.setAccess(newAccess).setCapid(registry.allocateCapid());
        charge(made, pool);
        orig.setAccess(keptAccess).setSize(keptSize);
        registry.spaceList(caller.spaceId()).insert(made);
        return new Result(0, REQ_SPLIT, 0, List.of(), made.copy());
    }

    // ---- DEDUCE ----

    /**
     * DEDUCE: narrows the cap named by {@code buf.capid} in place to the state {@code buf} describes. The steps of
     * capabilities-2009.md §3.3:
     * <ol>
     *   <li>Not found -EEXIST; not the caller's -ENOCAP; not CHANGEABLE -ENOCAP.</li>
     *   <li>If the resource type changes: CONTAINER→SPACE needs the space in the caller's container, which must be
     *       the container the cap names; CONTAINER→THREAD needs the thread (found in any container) to live in the
     *       container the cap names; SPACE→THREAD needs the thread to live in the space the cap names. Anything else,
     *       or a missing space or thread: -ENOCAP.</li>
     *   <li>{@code buf.owner} must equal the owner (-EINVAL).</li>
     *   <li>Access: a non-zero subset of a non-zero original (-EINVAL); 0 if the original is 0 (-EINVAL).</li>
     *   <li>Size: strictly smaller than a non-zero original (-EINVAL) and not below {@code used} (-EPERM); 0 if the
     *       original is 0 (-EINVAL).</li>
     *   <li>Range: the same start and end if the original has one (-EPERM); none if it has none (-EINVAL).</li>
     *   <li>The narrowed cap must now equal {@code buf} in every field (Codezero's BUG_ON; here -EINVAL).</li>
     * </ol>
     * Deliberate deviation: Codezero changed the resource type in step 2 before the later checks, so a failed
     * deduce could leave the cap narrowed. Here every step is checked on a scratch copy and the cap changes only when
     * all have passed. Also, CONTAINER→SPACE checks that the cap names the caller's container (Codezero only looked
     * the space up in the caller's container, which would let a cap on another container become one on a local
     * space).
     */
    int deduce(CapabilitySubject caller, Capability buf) {
        Capability orig = registry.findByCapid(caller, buf.capid());
        if (orig == null) return -Errno.EEXIST;
        if (orig.owner() != caller.tid()) return -Errno.ENOCAP;
        if (!orig.has(CHANGEABLE)) return -Errno.ENOCAP;
        Capability next = orig.copy();

        if (buf.resourceType() != orig.resourceType()) {
            int rc = narrowResource(caller, orig, buf, next);
            if (rc < 0) return rc;
        }
        if (buf.owner() != orig.owner()) return -Errno.EINVAL;

        if (orig.access() != 0) {
            if (buf.access() == 0 || (buf.access() & ~orig.access()) != 0) return -Errno.EINVAL;
            next.setAccess(buf.access());
        } else if (buf.access() != 0) {
            return -Errno.EINVAL;
        }

        if (orig.size() != 0) {
            if (Integer.compareUnsigned(buf.size(), orig.size()) >= 0) return -Errno.EINVAL;
            if (Integer.compareUnsigned(buf.size(), orig.used()) < 0) return -Errno.EPERM;
            next.setSize(buf.size());
        } else if (buf.size() != 0) {
            return -Errno.EINVAL;
        }

        if (orig.hasRange()) {
            if (buf.start() != orig.start() || buf.end() != orig.end()) return -Errno.EPERM;
        } else if (buf.hasRange()) {
            return -Errno.EINVAL;
        }

        if (!next.sameFields(buf)) return -Errno.EINVAL;
        orig.assign(next);
        return 0;
    }

    private int narrowResource(CapabilitySubject caller, Capability orig, Capability buf, Capability next) {
        switch (buf.resourceType()) {
            case RTYPE_SPACE:
                if (orig.resourceType() != RTYPE_CONTAINER) return -Errno.ENOCAP;
                if (orig.resid() != caller.containerId()) return -Errno.ENOCAP;
                if (!directory.spaceInContainer(buf.resid(), caller.containerId())) return -Errno.ENOCAP;
                next.setResourceType(RTYPE_SPACE).setResid(buf.resid());
                return 0;
            case RTYPE_THREAD: {
                CapabilitySubject target = directory.findThread(buf.resid());
                if (target == null) return -Errno.ENOCAP;
                if (orig.resourceType() == RTYPE_SPACE) {
                    if (target.spaceId() != orig.resid()) return -Errno.ENOCAP;
                } else if (orig.resourceType() == RTYPE_CONTAINER) {
                    if (target.containerId() != orig.resid()) return -Errno.ENOCAP;
                } else {
                    return -Errno.ENOCAP;
                }
                next.setResourceType(RTYPE_THREAD).setResid(target.tid());
                return 0;
            }
            default:
                return -Errno.ENOCAP;
        }
    }

    // ---- DESTROY ----

    /**
     * DESTROY: the cap named by {@code buf.capid} is removed and its capid freed; the CAPPOOL unit that paid for it
     * goes back. Not found -EEXIST; not the caller's -ENOCAP; not CHANGEABLE -ENOCAP. Added here: a QUANTITY cap
     * whose {@code used} is not 0 is -EPERM (what it counts is still allocated; GRANT refuses such caps the same
     * way), so pool accounting stays whole.
     */
    int destroy(CapabilitySubject caller, Capability buf) {
        Capability c = registry.findByCapid(caller, buf.capid());
        if (c == null) return -Errno.EEXIST;
        if (c.owner() != caller.tid()) return -Errno.ENOCAP;
        if (!c.has(CHANGEABLE)) return -Errno.ENOCAP;
        if (c.isQuantity() && c.used() != 0) return -Errno.EPERM;
        registry.free(c);
        return 0;
    }

    /** Convenience for kernel-side callers: the status alone. */
    public int perform(CapabilitySubject caller, int request, int flags, Capability buffer) {
        return control(caller, request, flags, buffer).status();
    }
}
