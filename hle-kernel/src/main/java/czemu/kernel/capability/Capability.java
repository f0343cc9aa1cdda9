package czemu.kernel.capability;

import static czemu.kernel.capability.CapabilityTypes.GENERIC_MASK;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_CONTAINER;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_MASK;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_SPACE;
import static czemu.kernel.capability.CapabilityTypes.RTYPE_THREAD;
import static czemu.kernel.capability.CapabilityTypes.TYPE_MAP_PHYSMEM;
import static czemu.kernel.capability.CapabilityTypes.TYPE_MAP_VIRTMEM;
import static czemu.kernel.capability.CapabilityTypes.TYPE_MASK;
import static czemu.kernel.capability.CapabilityTypes.TYPE_QUANTITY;

import czemu.kernel.abi.ThreadIds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One {@code struct capability}: the 44-byte record of capabilities-2009.md §1 (after dc03c7b: link next, link prev,
 * capid, owner, resid, type, access, start, end, size, used; little-endian 32-bit words).
 *
 * <p>The same class serves as a kernel-held capability (then it lives in exactly one {@link CapabilityList}) and as
 * the decoded contents of a user buffer (then it lives in none). Every field is an unsigned 32-bit value held in an
 * {@code int}; compare sizes and ranges with {@link Integer#compareUnsigned}.
 */
public final class Capability {

    /** Size of the struct in guest memory. */
    public static final int SIZE = 44;

    public static final int OFFSET_LINK_NEXT = 0;
    public static final int OFFSET_LINK_PREV = 4;
    public static final int OFFSET_CAPID = 8;
    public static final int OFFSET_OWNER = 12;
    public static final int OFFSET_RESID = 16;
    public static final int OFFSET_TYPE = 20;
    public static final int OFFSET_ACCESS = 24;
    public static final int OFFSET_START = 28;
    public static final int OFFSET_END = 32;
    public static final int OFFSET_SIZE = 36;
    public static final int OFFSET_USED = 40;

    private int capid;
    private int owner;
    private int resid;
    private int type;
    private int access;
    private int start;
    private int end;
    private int size;
    private int used;

    /** The list that holds this cap while the kernel owns it; null for a decoded user struct. */
    CapabilityList home;
    /** The CAPPOOL cap this cap was paid from (credited when it is destroyed); null for boot caps. */
    Capability chargedTo;

    public Capability() {}

    public Capability(int capid, int owner, int resid, int type, int access, int start, int end, int size,
            int used) {
        this.capid = capid;
        this.owner = owner;
        this.resid = resid;
        this.type = type;
        this.access = access;
        this.start = start;
        this.end = end;
        this.size = size;
        this.used = used;
    }

    // ---- fields ----
    public int capid() { return capid; }
    public Capability setCapid(int v) { capid = v; return this; }
    public int owner() { return owner; }
    public Capability setOwner(int v) { owner = v; return this; }
    public int resid() { return resid; }
    public Capability setResid(int v) { resid = v; return this; }
    public int type() { return type; }
    public Capability setType(int v) { type = v; return this; }
    public int access() { return access; }
    public Capability setAccess(int v) { access = v; return this; }
    public int start() { return start; }
    public Capability setStart(int v) { start = v; return this; }
    public int end() { return end; }
    public Capability setEnd(int v) { end = v; return this; }
    public int size() { return size; }
    public Capability setSize(int v) { size = v; return this; }
    public int used() { return used; }
    public Capability setUsed(int v) { used = v; return this; }

    // ---- derived ----
    /** The capability type, the low half of {@code type} (e.g. {@link CapabilityTypes#TYPE_IPC}). */
    public int capType() { return type & TYPE_MASK; }

    /** The resource type, the high half of {@code type} (e.g. {@link CapabilityTypes#RTYPE_CONTAINER}). */
    public int resourceType() { return type & RTYPE_MASK; }

    /** Replaces the resource type, keeping the capability type. */
    public Capability setResourceType(int rtype) {
        type = (type & TYPE_MASK) | (rtype & RTYPE_MASK);
        return this;
    }

    public boolean has(int accessBits) { return (access & accessBits) == accessBits; }

    /** Generic bits 28–31 all clear: usable, but never replicated, deduced, split, destroyed or passed on. */
    public boolean isImmutable() { return (access & GENERIC_MASK) == 0; }

    public boolean isQuantity() { return capType() == TYPE_QUANTITY; }

    public boolean hasRange() { return start != 0 || end != 0; }

    /** Free quantity, {@code size - used} (never negative for a consistent cap). */
    public long available() { return Integer.toUnsignedLong(size) - Integer.toUnsignedLong(used); }

    /** The list holding this cap, or null. */
    public CapabilityList home() { return home; }

    /** A detached copy of the nine struct fields (no list, no charge). */
    public Capability copy() {
        return new Capability(capid, owner, resid, type, access, start, end, size, used);
    }

    /** Overwrites the nine struct fields with another cap's. */
    public Capability assign(Capability o) {
        capid = o.capid;
        owner = o.owner;
        resid = o.resid;
        type = o.type;
        access = o.access;
        start = o.start;
        end = o.end;
        size = o.size;
        used = o.used;
        return this;
    }

    /** Whether the nine struct fields equal another cap's. */
    public boolean sameFields(Capability o) {
        return capid == o.capid && owner == o.owner && resid == o.resid && type == o.type && access == o.access
                && start == o.start && end == o.end && size == o.size && used == o.used;
    }

    // ---- guest layout ----

    /** The 44-byte little-endian struct; the two link words are written as 0. */
    public byte[] encode() {
        byte[] out = new byte[SIZE];
        encodeInto(out, 0);
        return out;
    }

    /** Writes the 44-byte struct at {@code offset}; the two link words are written as 0. */
    public void encodeInto(byte[] out, int offset) {
        ByteBuffer b = ByteBuffer.wrap(out, offset, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).putInt(0).putInt(capid).putInt(owner).putInt(resid).putInt(type).putInt(access)
                .putInt(start).putInt(end).putInt(size).putInt(used);
    }

    /** Reads a 44-byte struct from the start of {@code in}; the link words are ignored. */
    public static Capability decode(byte[] in) {
        return decode(in, 0);
    }

    /** Reads a 44-byte struct at {@code offset}; the link words are ignored. */
    public static Capability decode(byte[] in, int offset) {
        Objects.checkFromIndexSize(offset, SIZE, in.length);
        ByteBuffer b = ByteBuffer.wrap(in, offset, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.getInt();
        b.getInt();
        return new Capability(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(),
                b.getInt(), b.getInt(), b.getInt());
    }

    // ---- printing ----

    /** What the cap names, e.g. "to container 0", "to thread 2", "threadpool". */
    public String describeResource() {
        switch (resourceType()) {
            case RTYPE_THREAD: return "to thread " + ThreadIds.describe(resid);
            case RTYPE_SPACE: return "to space " + Integer.toUnsignedString(resid);
            case RTYPE_CONTAINER: return "to container " + Integer.toUnsignedString(resid);
            default:
                String r = CapabilityTypes.rtypeName(resourceType());
                return resid == CapabilityTypes.RESID_NONE ? r : r + " " + Integer.toUnsignedString(resid);
        }
    }

    /**
     * One line for a {@code czemu caps} view, e.g.
     * {@code cap 7  IPC to container 0  SEND|RECV|SHORT|FULL|EXTENDED  CHANGEABLE|REPLICABLE|TRANSFERABLE  owner 1}
     * or {@code cap 12  QUANTITY threadpool 64 (used 3)  CHANGEABLE|TRANSFERABLE  owner 1}.
     */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("cap ").append(Integer.toUnsignedString(capid)).append("  ");
        s.append(CapabilityTypes.typeName(capType())).append(' ');
        if (isQuantity()) {
            s.append(CapabilityTypes.rtypeName(resourceType())).append(' ').append(Integer.toUnsignedString(size))
                    .append(" (used ").append(Integer.toUnsignedString(used)).append(')');
            if (resid != CapabilityTypes.RESID_NONE && !CapabilityTypes.isPool(resourceType())) {
                s.append(" resid ").append(Integer.toUnsignedString(resid));
            }
            int own = access & ~GENERIC_MASK;
            if (own != 0) s.append("  ").append(String.format("0x%x", own));
        } else {
            if (capType() == TYPE_MAP_PHYSMEM || capType() == TYPE_MAP_VIRTMEM || hasRange()) {
                s.append(String.format("pfn 0x%x-0x%x (%s pages) ", start, end, Integer.toUnsignedString(size)));
            } else if (size != 0 || used != 0) {
                s.append("size ").append(Integer.toUnsignedString(size)).append(" (used ")
                        .append(Integer.toUnsignedString(used)).append(") ");
            }
            s.append(describeResource());
            s.append("  ").append(CapabilityTypes.accessNames(capType(), access));
        }
        s.append("  ").append(CapabilityTypes.genericNames(access));
        s.append("  owner ").append(ThreadIds.describe(owner));
        return s.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
