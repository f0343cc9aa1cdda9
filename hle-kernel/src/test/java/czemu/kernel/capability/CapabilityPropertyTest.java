package czemu.kernel.capability;

import static czemu.kernel.capability.CapabilityTypes.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import czemu.kernel.abi.Errno;
import czemu.kernel.capability.BootCapabilities.Policy;
import czemu.kernel.capability.CapabilityChecks.QuotaCharge;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of capability operations (requests with random fields and flags, from random callers among
 * pagers and tasks of two containers; pager requests; quota charges) with the model's invariants checked after each:
 * <ul>
 *   <li>authority never grows: every new or changed cap is covered (type, resource, access, size, range) by a cap the
 *       caller held and owned before, only the owner changes or moves a cap, only REPLICABLE/CHANGEABLE caps
 *       beget;</li>
 *   <li>immutable caps never change, move or vanish;</li>
 *   <li>pool totals never grow, every cap made after boot was paid from a CAPPOOL, and every pool's
 *       {@code used} is exactly what is charged to it;</li>
 *   <li>a refused operation changes nothing; a capability_control that got past the gate had a CAP cap for it;</li>
 *   <li>checkIpc / checkMutex agree with an independent oracle over the caller's lists.</li>
 * </ul>
 * A failure prints the seed and the operation sequence.
 */
class CapabilityPropertyTest {

    static final int SEEDS = 200;
    static final int STEPS = 250;

    static final int[] CAPTYPES = {TYPE_TCTRL, TYPE_EXREGS, TYPE_MAP_PHYSMEM, TYPE_MAP_VIRTMEM, TYPE_IPC,
        TYPE_UMUTEX, TYPE_QUANTITY, TYPE_CAP};
    static final int[] RTYPES = {RTYPE_THREAD, RTYPE_SPACE, RTYPE_CONTAINER, RTYPE_CPUPOOL, RTYPE_THREADPOOL,
        RTYPE_SPACEPOOL, RTYPE_MUTEXPOOL, RTYPE_MAPPOOL, RTYPE_CAPPOOL};
    static final int[] POOLS = {RTYPE_THREADPOOL, RTYPE_SPACEPOOL, RTYPE_MUTEXPOOL, RTYPE_MAPPOOL, RTYPE_CAPPOOL,
        RTYPE_CPUPOOL};

    /** Successes per operation kind over all seeds, so the test cannot pass by refusing everything. */
    final Map<String, Integer> successes = new TreeMap<>();

    @Test
    void randomOperationSequencesKeepTheInvariants() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            new Run(seed).go();
        }
        System.out.println("capability property test, successes: " + successes);
        for (String op : List.of("SHARE", "GRANT", "REPLICATE", "SPLIT", "DEDUCE", "DESTROY", "NCAPS", "READ",
                "request", "consume", "ipc allowed")) {
            assertTrue(successes.getOrDefault(op, 0) > 20, "too few successful " + op + ": " + successes);
        }
    }

    final class Run {
        final int seed;
        final Random rnd;
        final TestWorld w = new TestWorld();
        final List<CapabilitySubject> subjects = new ArrayList<>();
        final List<CapabilitySubject> pagers = new ArrayList<>();
        final List<QuotaCharge> charges = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        final List<Integer> tids = new ArrayList<>();
        final List<Integer> spids = new ArrayList<>();
        final Map<Capability, Boolean> setupCaps = new IdentityHashMap<>();

        Run(int seed) {
            this.seed = seed;
            this.rnd = new Random(seed * 0x9E3779B97F4A7C15L);
        }

        void go() {
            CapabilitySubject p0 = w.pager(0, 1);
            CapabilitySubject a = w.task(p0, 2);
            CapabilitySubject b = w.task(p0, 3);
            CapabilitySubject aClone = w.clone(a, 4);
            CapabilitySubject pagedByA = w.add(CapabilitySubject.of(5, w.newSpace(0), 0, 5, a.tid()));
            CapabilitySubject p1 = w.pager(1, 1);
            CapabilitySubject d = w.task(p1, 2);
            CapabilitySubject e = w.task(p1, 3);
            pagers.add(p0);
            pagers.add(p1);
            subjects.addAll(List.of(p0, a, b, aClone, pagedByA, p1, d, e));
            for (CapabilitySubject s : subjects) {
                tids.add(s.tid());
                if (!spids.contains(s.spaceId())) spids.add(s.spaceId());
            }
            for (CapabilitySubject p : pagers) {
                Policy policy = rnd.nextBoolean() ? Policy.POSIX : Policy.STRICT;
                w.boot(p, policy);
                log.add("boot " + p.tid() + " " + policy);
            }
            for (CapabilitySubject s : subjects) {
                if (s.isPager() || rnd.nextInt(3) == 0) continue;
                int bits = rnd.nextInt(0x80) | (rnd.nextInt(8) << 28);
                Capability cc = w.registry.install(w.registry.threadList(s.tid()), new Capability(0, s.tid(),
                        s.tid(), TYPE_CAP | RTYPE_THREAD, bits, 0, 0, 0, 0));
                Capability pool = w.giveCapPool(s, rnd.nextInt(8));
                pool.setAccess(rnd.nextInt(8) << 28);
                log.add("gave " + cc.describe() + " and " + pool.describe());
            }
            for (Capability c : w.registry.allCaps()) setupCaps.put(c, true);
            check(null, 0, false);
            for (int step = 0; step < STEPS; step++) {
                step(step);
            }
        }

        void step(int step) {
            int kind = rnd.nextInt(20);
            CapabilitySubject caller = rnd.nextInt(5) < 2 ? pick(pagers) : pick(subjects);
            Snapshot before = new Snapshot(caller);
            String what;
            int status;
            boolean quota = false;
            if (kind < 11) {
                int req = rnd.nextInt(30) == 0 ? rnd.nextInt(12) - 2 : rnd.nextInt(8);
                int flags = flagsFor(req);
                Capability buf = rnd.nextInt(40) == 0 ? null : bufferFor(caller, req);
                what = requestName(req) + " flags 0x" + Integer.toHexString(flags) + " "
                        + (buf == null ? "no buffer" : fields(buf));
                boolean gate = gateOracle(caller, req);
                CapabilityControl.Result r = w.control.control(caller, req, flags, buf);
                status = r.status();
                if (status != -Errno.ENOCAP) {
                    ensure(gate, () -> "passed the gate without a CAP cap", step, caller, what);
                }
                if (status == 0) count(requestName(req));
            } else if (kind < 14) {
                CapabilitySubject sender = pick(subjects);
                caller = pagerOf(sender);
                before = new Snapshot(caller);
                Capability req = protocolRequest(sender);
                what = "request from " + sender.tid() + " to pager " + caller.tid() + " " + fields(req);
                status = w.requests.handle(caller, sender.tid(), req);
                if (status == 0) {
                    count("request");
                    boolean sends = (req.access() & (IPC_SEND | IPC_EXTENDED)) == (IPC_SEND | IPC_EXTENDED);
                    ensure(!sends || w.checks.checkIpc(sender, req.resid(), 2) == 0, () ->
                            "granted cap not usable", step, caller, what);
                }
            } else if (kind < 16) {
                quota = true;
                if (!charges.isEmpty() && rnd.nextInt(3) == 0) {
                    QuotaCharge c = charges.remove(rnd.nextInt(charges.size()));
                    what = "release " + c;
                    w.checks.release(c);
                    status = 0;
                } else {
                    int pool = POOLS[rnd.nextInt(POOLS.length)];
                    QuotaCharge c = w.checks.consume(caller, pool);
                    what = "consume " + rtypeName(pool);
                    status = c.status();
                    if (c.isOk()) {
                        charges.add(c);
                        count("consume");
                    }
                }
            } else {
                what = "checks only";
                status = 0;
            }
            log.add("#" + step + " thread " + caller.tid() + ": " + what + " -> " + status);
            before.verify(step, status, quota);
            check(caller, step, true);
        }

        // ---- generators ----

        <T> T pick(List<T> list) {
            return list.get(rnd.nextInt(list.size()));
        }

        CapabilitySubject pagerOf(CapabilitySubject s) {
            CapabilitySubject p = w.findThread(s.pagerTid());
            while (!p.isPager()) p = w.findThread(p.pagerTid());
            return p;
        }

        int flagsFor(int req) {
            switch (req) {
                case REQ_SHARE: {
                    int[] f = {1, 1, 1, 2, 3, 4, 8, 0x10, 5, 9, 0x11, 0, 0x18, 6};
                    return rnd.nextInt(10) == 0 ? rnd.nextInt(0x40) : f[rnd.nextInt(f.length)];
                }
                case REQ_GRANT: {
                    int[] f = {1, 5, 1, 5, 0, 2, 4, 3};
                    return f[rnd.nextInt(f.length)];
                }
                case REQ_SPLIT:
                    return rnd.nextInt(8) == 0 ? rnd.nextInt(20) : rnd.nextInt(4);
                default:
                    return rnd.nextInt(10) == 0 ? rnd.nextInt(16) : 0;
            }
        }

        int randomResid() {
            switch (rnd.nextInt(6)) {
                case 0: case 1: return pick(tids);
                case 2: return pick(spids);
                case 3: return rnd.nextInt(2);
                case 4: return RESID_NONE;
                default: return rnd.nextInt(0x20);
            }
        }

        Capability bufferFor(CapabilitySubject caller, int req) {
            List<Capability> mine = w.registry.capsOf(caller);
            List<Capability> all = w.registry.allCaps();
            Capability buf;
            int r = rnd.nextInt(10);
            List<Capability> owned = new ArrayList<>();
            for (Capability c : mine) {
                if (c.owner() == caller.tid()) owned.add(c);
            }
            if (r < 5 && !owned.isEmpty()) {
                buf = pick(owned).copy();
            } else if (r < 7 && !mine.isEmpty()) {
                buf = pick(mine).copy();
            } else if (r < 9 && !all.isEmpty()) {
                buf = pick(all).copy();
            } else {
                buf = new Capability(rnd.nextInt(0x40), pick(tids), randomResid(),
                        CAPTYPES[rnd.nextInt(CAPTYPES.length)] | RTYPES[rnd.nextInt(RTYPES.length)], rnd.nextInt(),
                        0, 0, rnd.nextInt(40), 0);
            }
            if (req == REQ_GRANT) buf.setOwner(rnd.nextInt(8) == 0 ? rnd.nextInt(0x20) : pick(tids));
            if (req == REQ_SPLIT && rnd.nextBoolean()) {
                if (buf.isQuantity() && buf.size() > 1) buf.setSize(1 + rnd.nextInt(buf.size() - 1));
                if (rnd.nextBoolean()) buf.setAccess(buf.access() & rnd.nextInt());
            }
            if (req == REQ_DEDUCE && rnd.nextBoolean()) {
                narrow(buf);
            }
            int mutations = rnd.nextBoolean() ? 0 : rnd.nextInt(4);
            for (int i = 0; i < mutations; i++) mutate(buf);
            return buf;
        }

        void narrow(Capability buf) {
            switch (rnd.nextInt(4)) {
                case 0:
                    buf.setResourceType(RTYPE_THREAD).setResid(pick(tids));
                    break;
                case 1:
                    buf.setResourceType(RTYPE_SPACE).setResid(pick(spids));
                    break;
                case 2:
                    buf.setAccess(buf.access() & rnd.nextInt());
                    break;
                default:
                    if (buf.size() != 0) buf.setSize(rnd.nextInt(buf.size()));
                    break;
            }
        }

        void mutate(Capability buf) {
            switch (rnd.nextInt(10)) {
                case 0: buf.setResid(randomResid()); break;
                case 1: buf.setResourceType(RTYPES[rnd.nextInt(RTYPES.length)]); break;
                case 2: buf.setType(CAPTYPES[rnd.nextInt(CAPTYPES.length)] | buf.resourceType()); break;
                case 3: buf.setAccess(buf.access() | 1 << rnd.nextInt(32)); break;
                case 4: buf.setAccess(buf.access() & ~(1 << rnd.nextInt(32))); break;
                case 5: buf.setSize(buf.size() + rnd.nextInt(3) - 1); break;
                case 6: buf.setUsed(rnd.nextInt(3)); break;
                case 7: buf.setStart(buf.start() + rnd.nextInt(3) - 1); break;
                case 8: buf.setOwner(pick(tids)); break;
                default: buf.setCapid(rnd.nextInt(0x40)); break;
            }
        }

        Capability protocolRequest(CapabilitySubject sender) {
            int access = rnd.nextInt(0x40);
            if (rnd.nextInt(10) == 0) access |= 1 << (28 + rnd.nextInt(3));
            Capability req = new Capability(0, sender.tid(), pick(tids), TYPE_IPC | RTYPE_THREAD, access, 0, 0, 0, 0);
            if (rnd.nextInt(8) == 0) mutate(req);
            return req;
        }

        // ---- oracles ----

        boolean namesOracle(Capability c, CapabilitySubject t) {
            int r = c.type() & 0xFFFF0000;
            return r == RTYPE_THREAD && c.resid() == t.tid() || r == RTYPE_SPACE && c.resid() == t.spaceId()
                    || r == RTYPE_CONTAINER && c.resid() == t.containerId();
        }

        int ipcOracle(CapabilitySubject sender, int targetTid, int flags) {
            CapabilitySubject t = w.findThread(targetTid);
            if (t == null) return -Errno.ESRCH;
            int type = flags & 0xF;
            int bit = type == 0 ? 4 : type == 1 ? 8 : type == 2 ? 0x10 : -1;
            if (bit < 0) return -Errno.ENOCAP;
            for (CapabilityList l : w.registry.listsOf(sender)) {
                for (Capability c : l.caps()) {
                    if ((c.type() & 0xFFFF) == 0x10 && (c.access() & 1) != 0 && (c.access() & bit) != 0
                            && namesOracle(c, t)) {
                        return 0;
                    }
                }
            }
            return -Errno.ENOCAP;
        }

        boolean gateOracle(CapabilitySubject caller, int req) {
            int bit = req == 0 || req == 1 ? 2 : req == 2 ? 4 : req == 3 ? 1 : req == 4 ? 8 : req == 5 ? 0x10
                    : req == 6 ? 0x20 : req == 7 ? 0x40 : 0;
            if (bit == 0) return false;
            for (Capability c : w.registry.capsOf(caller)) {
                if ((c.type() & 0xFFFF) == 0x100 && (c.access() & bit) != 0 && namesOracle(c, caller)) return true;
            }
            return false;
        }

        /** Whether {@code x} grants no more than {@code y}: same type, contained resource, access, size and range. */
        boolean covers(Capability y, Capability x) {
            if (x.capType() != y.capType()) return false;
            if ((x.access() & ~y.access()) != 0) return false;
            if (Integer.compareUnsigned(x.size(), y.size()) > 0) return false;
            if (y.hasRange()) {
                if (Integer.compareUnsigned(x.start(), y.start()) < 0 || Integer.compareUnsigned(x.end(), y.end()) > 0
                        || !x.hasRange()) {
                    return false;
                }
            } else if (x.hasRange()) {
                return false;
            }
            if (x.resourceType() == y.resourceType()) return x.resid() == y.resid();
            if (y.resourceType() == RTYPE_CONTAINER && x.resourceType() == RTYPE_SPACE) {
                return w.spaceInContainer(x.resid(), y.resid());
            }
            if (x.resourceType() == RTYPE_THREAD) {
                CapabilitySubject t = w.findThread(x.resid());
                if (t == null) return false;
                if (y.resourceType() == RTYPE_CONTAINER) return t.containerId() == y.resid();
                if (y.resourceType() == RTYPE_SPACE) return t.spaceId() == y.resid();
            }
            return false;
        }

        static boolean sameAuthority(Capability a, Capability b) {
            return a.copy().setUsed(0).sameFields(b.copy().setUsed(0));
        }

        // ---- invariants ----

        void ensure(boolean ok, Supplier<String> what, int step, CapabilitySubject caller, String op) {
            if (ok) return;
            StringBuilder s = new StringBuilder("seed ").append(seed).append(", step ").append(step).append(", caller ")
                    .append(caller == null ? "-" : Integer.toString(caller.tid())).append(": ").append(what.get())
                    .append("\n  op: ").append(op).append("\noperations:\n");
            for (String line : log) s.append("  ").append(line).append('\n');
            s.append("state:\n").append(w.registry.describe());
            throw new AssertionError(s.toString());
        }

        void count(String op) {
            successes.merge(op, 1, Integer::sum);
        }

        /** State-wide invariants and oracle agreement, after every step. */
        void check(CapabilitySubject caller, int step, boolean withQueries) {
            String op = log.get(log.size() - 1);
            List<Capability> all = w.registry.allCaps();
            Map<Integer, Capability> ids = new TreeMap<>();
            Map<Capability, Integer> charged = new IdentityHashMap<>();
            for (Capability c : all) {
                ensure(ids.put(c.capid(), c) == null, () -> "capid " + c.capid() + " twice", step, caller, op);
                ensure(c.home() != null && c.home().contains(c), () -> "cap not in its home list", step, caller,
                        op);
                ensure(setupCaps.containsKey(c) || c.chargedTo != null && c.chargedTo.isQuantity()
                        && c.chargedTo.resourceType() == RTYPE_CAPPOOL, () -> "made without paying: " + c, step,
                        caller, op);
                if (c.chargedTo != null) {
                    ensure(c.chargedTo.home() != null, () -> "charged to a pool that is gone: " + c, step, caller,
                            op);
                    charged.merge(c.chargedTo, 1, Integer::sum);
                }
            }
            for (QuotaCharge q : charges) {
                if (q.pool() != null && q.pool().home() != null) charged.merge(q.pool(), 1, Integer::sum);
            }
            for (Capability c : all) {
                if (!c.isQuantity()) continue;
                ensure(Integer.compareUnsigned(c.used(), c.size()) <= 0, () -> "used above size: " + c, step, caller,
                        op);
                int expect = charged.getOrDefault(c, 0);
                ensure(c.used() == expect, () -> "pool used " + c.used() + " but " + expect + " charged: " + c, step,
                        caller, op);
            }
            if (!withQueries) return;
            for (int i = 0; i < 6; i++) {
                CapabilitySubject s = pick(subjects);
                int target = rnd.nextInt(10) == 0 ? rnd.nextInt(0x10) : pick(tids);
                int flags = rnd.nextInt(8) == 0 ? rnd.nextInt(5) : rnd.nextInt(3) | (rnd.nextBoolean() ? 0x08000020
                        : 0);
                int got = w.checks.checkIpc(s, target, flags);
                ensure(got == ipcOracle(s, target, flags), () -> "checkIpc(" + s.tid() + " -> " + target + ", 0x"
                        + Integer.toHexString(flags) + ") = " + got, step, caller, op);
                if (got == 0) count("ipc allowed");
                boolean mutex = false;
                for (Capability c : w.registry.capsOf(s)) {
                    mutex |= c.capType() == TYPE_UMUTEX && c.has(3) && namesOracle(c, s);
                }
                boolean mutexHeld = mutex;
                ensure((w.checks.checkMutex(s) == 0) == mutexHeld, () -> "checkMutex(" + s.tid() + ")", step, caller,
                        op);
            }
        }

        /** Everything about the caps just before one operation, to compare with after it. */
        final class Snapshot {
            final CapabilitySubject caller;
            final Map<Capability, Capability> fields = new IdentityHashMap<>();
            final Map<Capability, CapabilityList> homes = new IdentityHashMap<>();
            final List<Capability> held = new ArrayList<>();
            final long[] poolTotals;

            Snapshot(CapabilitySubject caller) {
                this.caller = caller;
                for (Capability c : w.registry.allCaps()) {
                    fields.put(c, c.copy());
                    homes.put(c, c.home());
                }
                for (Capability c : w.registry.capsOf(caller)) held.add(c.copy());
                poolTotals = poolTotals();
            }

            long[] poolTotals() {
                long[] sums = new long[POOLS.length];
                for (Capability c : w.registry.allCaps()) {
                    if (!c.isQuantity()) continue;
                    for (int i = 0; i < POOLS.length; i++) {
                        if (c.resourceType() == POOLS[i]) sums[i] += Integer.toUnsignedLong(c.size());
                    }
                }
                return sums;
            }

            void verify(int step, int status, boolean quota) {
                String op = log.get(log.size() - 1);
                List<Capability> after = w.registry.allCaps();
                Map<Capability, Boolean> alive = new IdentityHashMap<>();
                for (Capability x : after) {
                    alive.put(x, true);
                    Capability b = fields.get(x);
                    if (status < 0) {
                        ensure(b != null && b.sameFields(x) && homes.get(x) == x.home(), () ->
                                "a refused operation changed " + x, step, caller, op);
                        continue;
                    }
                    if (b == null) {
                        boolean source = false;
                        for (Capability y : held) {
                            source |= y.owner() == caller.tid() && (y.has(REPLICABLE) || y.has(CHANGEABLE))
                                    && covers(y, x);
                        }
                        boolean covered = source;
                        ensure(covered, () -> "new cap " + x + " exceeds every cap the caller owned", step, caller,
                                op);
                        continue;
                    }
                    if (!sameAuthority(b, x)) {
                        ensure(b.owner() == caller.tid(), () -> "someone else's cap changed: " + b + " => " + x, step,
                                caller, op);
                        ensure(covers(b, x), () -> "cap grew: " + b + " => " + x, step, caller, op);
                        ensure(!b.isImmutable(), () -> "immutable cap changed: " + b + " => " + x, step, caller, op);
                    }
                    if (homes.get(x) != x.home()) {
                        ensure(b.owner() == caller.tid(), () -> "someone else's cap moved: " + x, step, caller, op);
                        ensure(!b.isImmutable(), () -> "immutable cap moved: " + x, step, caller, op);
                    }
                    if (b.used() != x.used()) {
                        ensure(x.isQuantity(), () -> "used changed on a non-pool: " + x, step, caller, op);
                    }
                }
                for (Map.Entry<Capability, Capability> e : fields.entrySet()) {
                    if (alive.containsKey(e.getKey())) continue;
                    Capability b = e.getValue();
                    ensure(status == 0, () -> "a refused operation removed " + b, step, caller, op);
                    ensure(b.owner() == caller.tid() && b.has(CHANGEABLE), () -> "destroyed without right: " + b, step,
                            caller, op);
                }
                long[] totals = poolTotals();
                for (int i = 0; i < POOLS.length; i++) {
                    int pool = POOLS[i];
                    ensure(totals[i] <= poolTotals[i], () -> "pool total grew: " + rtypeName(pool), step, caller, op);
                }
                if (!quota && status < 0) {
                    ensure(after.size() == fields.size(), () -> "a refused operation made caps", step, caller, op);
                }
            }
        }
    }

    static String fields(Capability c) {
        return String.format("{capid %d owner 0x%x resid 0x%x type 0x%x access 0x%x start 0x%x end 0x%x size %d"
                + " used %d}", c.capid(), c.owner(), c.resid(), c.type(), c.access(), c.start(), c.end(), c.size(),
                c.used());
    }
}
