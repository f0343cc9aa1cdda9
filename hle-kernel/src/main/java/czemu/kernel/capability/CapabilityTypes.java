package czemu.kernel.capability;

import java.util.StringJoiner;

/**
 * The numbers of the capability model: capability types (low half of {@code type}), resource types (high half),
 * the generic and per-type access bits, the capability_control request codes and their flags
 * (codezero-abi.md §5.3 and the README's table of adopted values), with names for printing.
 */
public final class CapabilityTypes {

    private CapabilityTypes() {}

    // ---- capability types (low 16 bits of type) ----
    public static final int TYPE_MASK = 0x0000FFFF;
    public static final int TYPE_TCTRL = 0x001;
    public static final int TYPE_EXREGS = 0x002;
    public static final int TYPE_MAP_PHYSMEM = 0x004;
    public static final int TYPE_MAP_VIRTMEM = 0x008;
    public static final int TYPE_IPC = 0x010;
    /** SCHED in the 2009 seed, IRQCTRL in the last tree; never checked by this model. */
    public static final int TYPE_IRQCTRL = 0x020;
    public static final int TYPE_UMUTEX = 0x040;
    public static final int TYPE_QUANTITY = 0x080;
    public static final int TYPE_CAP = 0x100;

    // ---- resource types (high 16 bits of type) ----
    public static final int RTYPE_MASK = 0xFFFF0000;
    public static final int RTYPE_THREAD = 1 << 16;
    public static final int RTYPE_SPACE = 1 << 17;
    public static final int RTYPE_CONTAINER = 1 << 18;
    public static final int RTYPE_CPUPOOL = 1 << 19;
    public static final int RTYPE_THREADPOOL = 1 << 20;
    public static final int RTYPE_SPACEPOOL = 1 << 21;
    public static final int RTYPE_MUTEXPOOL = 1 << 22;
    public static final int RTYPE_MAPPOOL = 1 << 23;
    public static final int RTYPE_CAPPOOL = 1 << 24;

    /** resid of a cap whose resource type names no single object (pools). */
    public static final int RESID_NONE = 0xFFFFFFFF;

    // ---- generic access bits (every type) ----
    public static final int CHANGEABLE = 1 << 28;
    public static final int TRANSFERABLE = 1 << 29;
    public static final int REPLICABLE = 1 << 30;
    public static final int GENERIC_MASK = 0xF0000000;
    /** "All generic bits clear": what GRANT with {@link #GRANT_IMMUTABLE} leaves. */
    public static final int IMMUTABLE = 0;

    // ---- per-type access bits ----
    public static final int TCTRL_CREATE = 0x01;
    public static final int TCTRL_DESTROY = 0x02;
    public static final int TCTRL_RUN = 0x04;
    public static final int TCTRL_SUSPEND = 0x08;
    public static final int TCTRL_RECYCLE = 0x10;
    public static final int TCTRL_WAIT = 0x20;

    public static final int EXREGS_RW_PAGER = 0x01;
    public static final int EXREGS_RW_UTCB = 0x02;
    public static final int EXREGS_RW_SP = 0x04;
    public static final int EXREGS_RW_PC = 0x08;
    public static final int EXREGS_RW_REGS = 0x10;
    public static final int EXREGS_RW_CPU = 0x20;
    public static final int EXREGS_RW_CPUTIME = 0x40;

    public static final int MAP_READ = 0x01;
    public static final int MAP_WRITE = 0x02;
    public static final int MAP_EXEC = 0x04;
    public static final int MAP_CACHED = 0x08;
    public static final int MAP_UNCACHED = 0x10;
    public static final int MAP_UNMAP = 0x20;
    public static final int MAP_UTCB = 0x40;
    public static final int MAP_CACHE_INVALIDATE = 0x80;
    public static final int MAP_CACHE_CLEAN = 0x100;

    public static final int IPC_SEND = 0x01;
    public static final int IPC_RECV = 0x02;
    public static final int IPC_SHORT = 0x04;
    public static final int IPC_FULL = 0x08;
    public static final int IPC_EXTENDED = 0x10;
    /** Never checked. */
    public static final int IPC_ASYNC = 0x20;

    public static final int UMUTEX_LOCK = 0x01;
    public static final int UMUTEX_UNLOCK = 0x02;

    public static final int CAP_GRANT = 0x01;
    public static final int CAP_READ = 0x02;
    public static final int CAP_SHARE = 0x04;
    public static final int CAP_REPLICATE = 0x08;
    public static final int CAP_SPLIT = 0x10;
    public static final int CAP_DEDUCE = 0x20;
    public static final int CAP_DESTROY = 0x40;
    public static final int CAP_MODIFY = CAP_DEDUCE | CAP_SPLIT | CAP_DESTROY;

    // ---- capability_control requests (r0) ----
    public static final int REQ_NCAPS = 0;
    public static final int REQ_READ = 1;
    public static final int REQ_SHARE = 2;
    public static final int REQ_GRANT = 3;
    public static final int REQ_REPLICATE = 4;
    public static final int REQ_SPLIT = 5;
    public static final int REQ_DEDUCE = 6;
    public static final int REQ_DESTROY = 7;

    // ---- flags (r1) ----
    public static final int SHARE_SINGLE = 0x01;
    public static final int SHARE_ALL_CONTAINER = 0x02;
    public static final int SHARE_ALL_SPACE = 0x03;
    public static final int SHARE_MODE_MASK = 0x03;
    public static final int SHARE_GROUP = 0x04;
    public static final int SHARE_CHILD = 0x08;
    public static final int SHARE_SIBLING = 0x10;
    public static final int SHARE_DESTINATION_MASK = SHARE_GROUP | SHARE_CHILD | SHARE_SIBLING;

    public static final int GRANT_SINGLE = 0x01;
    public static final int GRANT_IMMUTABLE = 0x04;

    public static final int SPLIT_SIZE = 0x01;
    public static final int SPLIT_ACCESS = 0x02;
    public static final int SPLIT_RANGE = 0x03;
    public static final int SPLIT_MASK = 0x0F;

    // ---- ipc flags word: transfer type in the low nibble ----
    public static final int IPC_FLAGS_TYPE_MASK = 0xF;
    public static final int IPC_FLAGS_SHORT = 0;
    public static final int IPC_FLAGS_FULL = 1;
    public static final int IPC_FLAGS_EXTENDED = 2;

    /**
     * The access bit an ipc of this flags word needs ({@code flags & 0xF}: 0 SHORT, 1 FULL, 2 EXTENDED), 0 for
     * none.
     */
    public static int ipcTransferBit(int ipcFlags) {
        switch (ipcFlags & IPC_FLAGS_TYPE_MASK) {
            case IPC_FLAGS_SHORT: return IPC_SHORT;
            case IPC_FLAGS_FULL: return IPC_FULL;
            case IPC_FLAGS_EXTENDED: return IPC_EXTENDED;
            default: return 0;
        }
    }

    /** The CAP-type bit a capability_control request needs, or 0 for an unknown request. */
    public static int requestBit(int request) {
        switch (request) {
            case REQ_NCAPS:
            case REQ_READ: return CAP_READ;
            case REQ_SHARE: return CAP_SHARE;
            case REQ_GRANT: return CAP_GRANT;
            case REQ_REPLICATE: return CAP_REPLICATE;
            case REQ_SPLIT: return CAP_SPLIT;
            case REQ_DEDUCE: return CAP_DEDUCE;
            case REQ_DESTROY: return CAP_DESTROY;
            default: return 0;
        }
    }

    // ---- names ----

    private static final String[] TYPE_NAMES = {
        "TCTRL", "EXREGS", "MAP_PHYSMEM", "MAP_VIRTMEM", "IPC", "IRQCTRL", "UMUTEX", "QUANTITY", "CAP"};
    private static final String[] RTYPE_NAMES = {
        "thread", "space", "container", "cpupool", "threadpool", "spacepool", "mutexpool", "mappool", "cappool"};
    private static final String[] REQUEST_NAMES = {
        "NCAPS", "READ", "SHARE", "GRANT", "REPLICATE", "SPLIT", "DEDUCE", "DESTROY"};

    private static final String[] TCTRL_BITS = {"CREATE", "DESTROY", "RUN", "SUSPEND", "RECYCLE", "WAIT"};
    private static final String[] EXREGS_BITS = {"PAGER", "UTCB", "SP", "PC", "REGS", "CPU", "CPUTIME"};
    private static final String[] MAP_BITS = {
        "READ", "WRITE", "EXEC", "CACHED", "UNCACHED", "UNMAP", "UTCB", "CACHE_INVALIDATE", "CACHE_CLEAN"};
    private static final String[] IPC_BITS = {"SEND", "RECV", "SHORT", "FULL", "EXTENDED", "ASYNC"};
    private static final String[] UMUTEX_BITS = {"LOCK", "UNLOCK"};
    private static final String[] CAP_BITS = {"GRANT", "READ", "SHARE", "REPLICATE", "SPLIT", "DEDUCE", "DESTROY"};
    private static final String[] NO_BITS = {};

    /** Name of a capability type (low half), e.g. "IPC"; unknown values print in hex. */
    public static String typeName(int captype) {
        int t = captype & TYPE_MASK;
        if (Integer.bitCount(t) == 1) {
            int i = Integer.numberOfTrailingZeros(t);
            if (i < TYPE_NAMES.length) return TYPE_NAMES[i];
        }
        return String.format("type 0x%x", t);
    }

    /** Name of a resource type (high half), e.g. "container"; unknown values print in hex. */
    public static String rtypeName(int rtype) {
        int r = rtype & RTYPE_MASK;
        if (Integer.bitCount(r) == 1) {
            int i = Integer.numberOfTrailingZeros(r) - 16;
            if (i < RTYPE_NAMES.length) return RTYPE_NAMES[i];
        }
        return String.format("rtype 0x%x", r >>> 16);
    }

    public static String requestName(int request) {
        return request >= 0 && request < REQUEST_NAMES.length ? REQUEST_NAMES[request] : "request " + request;
    }

    /** Whether a resource type is one of the pools a QUANTITY cap counts. */
    public static boolean isPool(int rtype) {
        switch (rtype & RTYPE_MASK) {
            case RTYPE_CPUPOOL: case RTYPE_THREADPOOL: case RTYPE_SPACEPOOL:
            case RTYPE_MUTEXPOOL: case RTYPE_MAPPOOL: case RTYPE_CAPPOOL:
                return true;
            default:
                return false;
        }
    }

    private static String[] bitNames(int captype) {
        switch (captype & TYPE_MASK) {
            case TYPE_TCTRL: return TCTRL_BITS;
            case TYPE_EXREGS: return EXREGS_BITS;
            case TYPE_MAP_PHYSMEM:
            case TYPE_MAP_VIRTMEM: return MAP_BITS;
            case TYPE_IPC: return IPC_BITS;
            case TYPE_UMUTEX: return UMUTEX_BITS;
            case TYPE_CAP: return CAP_BITS;
            default: return NO_BITS;
        }
    }

    /**
     * The per-type bits of {@code access} by name for a cap of this type, e.g. "SEND|RECV|SHORT"; bits the type
     * does not define print in hex; "-" when there are none. Generic bits are left out (see {@link #genericNames}).
     */
    public static String accessNames(int captype, int access) {
        String[] names = bitNames(captype);
        int bits = access & ~GENERIC_MASK;
        StringJoiner j = new StringJoiner("|");
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1 << i)) != 0) {
                j.add(names[i]);
                bits &= ~(1 << i);
            }
        }
        if (bits != 0) j.add(String.format("0x%x", bits));
        return j.length() == 0 ? "-" : j.toString();
    }

    /** The generic bits by name, or "IMMUTABLE" when none is set. */
    public static String genericNames(int access) {
        int g = access & GENERIC_MASK;
        if (g == 0) return "IMMUTABLE";
        StringJoiner j = new StringJoiner("|");
        if ((g & CHANGEABLE) != 0) j.add("CHANGEABLE");
        if ((g & REPLICABLE) != 0) j.add("REPLICABLE");
        if ((g & TRANSFERABLE) != 0) j.add("TRANSFERABLE");
        int rest = g & ~(CHANGEABLE | REPLICABLE | TRANSFERABLE);
        if (rest != 0) j.add(String.format("0x%x", rest));
        return j.toString();
    }
}
