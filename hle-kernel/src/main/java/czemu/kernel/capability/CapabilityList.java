package czemu.kernel.capability;

import czemu.kernel.abi.ThreadIds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An ordered list of capabilities, newest first (Codezero's {@code list_insert} adds at the head), owned by one
 * kernel object: a thread, an address space, a thread group, a pager's paged tasks, or a container.
 *
 * <p>A cap is in at most one list at a time; {@link #insert} and {@link #remove} keep {@link Capability#home()} right.
 */
public final class CapabilityList {

    /** What kind of object owns a list, in the adopted lookup order. */
    public enum Kind {
        /** A thread's private list (Codezero's ktcb {@code cap_list}). */
        THREAD,
        /** An address space's list: boot caps of a pager, REPLICATE/SPLIT results, GRANTed caps. */
        SPACE,
        /** A thread group's list, filled by SHARE with {@code GROUP}. */
        THREAD_GROUP,
        /** The caps a pager's tasks see: filled by SHARE with {@code CHILD} (by the pager) or {@code SIBLING}. */
        PAGED_BY,
        /** A container's list, filled by SHARE SINGLE / ALL_CONTAINER. */
        CONTAINER
    }

    private final Kind kind;
    private final int id;
    private final List<Capability> caps = new ArrayList<>();
    private final List<Capability> view = Collections.unmodifiableList(caps);

    CapabilityList(Kind kind, int id) {
        this.kind = kind;
        this.id = id;
    }

    public Kind kind() { return kind; }

    /** tid, space id, thread group id, pager tid or container id, by {@link #kind()}. */
    public int id() { return id; }

    /** Where the list lives, e.g. "thread 2", "space 3", "container 0", "tasks paged by 1". */
    public String label() {
        switch (kind) {
            case THREAD: return "thread " + ThreadIds.describe(id);
            case SPACE: return "space " + Integer.toUnsignedString(id);
            case THREAD_GROUP: return "thread group " + ThreadIds.describe(id);
            case PAGED_BY: return "tasks paged by " + ThreadIds.describe(id);
            case CONTAINER: return "container " + Integer.toUnsignedString(id);
            default: throw new AssertionError(kind);
        }
    }

    public int size() { return caps.size(); }

    public boolean isEmpty() { return caps.isEmpty(); }

    /** The caps, newest first (an unmodifiable snapshot: safe to keep while the list changes). */
    public List<Capability> caps() { return Collections.unmodifiableList(new ArrayList<>(caps)); }

    /** The caps, newest first, as a read-only live view: for lookups that do not change any list meanwhile. */
    List<Capability> view() { return view; }

    public boolean contains(Capability cap) { return cap.home == this; }

    /** The cap with this id, or null. */
    public Capability findByCapid(int capid) {
        for (int i = 0; i < caps.size(); i++) {
            Capability c = caps.get(i);
            if (c.capid() == capid) return c;
        }
        return null;
    }

    /** The caps of this capability type (low half of {@code type}), newest first. */
    public List<Capability> findByType(int captype) {
        List<Capability> out = new ArrayList<>();
        for (Capability c : caps) {
            if (c.capType() == captype) out.add(c);
        }
        return out;
    }

    /** The caps with this full {@code type} word (capability type | resource type), newest first. */
    public List<Capability> findByTypeWord(int type) {
        List<Capability> out = new ArrayList<>();
        for (Capability c : caps) {
            if (c.type() == type) out.add(c);
        }
        return out;
    }

    /** Adds a cap at the head, taking it out of the list that held it before. */
    public void insert(Capability cap) {
        if (cap.home != null) cap.home.remove(cap);
        caps.add(0, cap);
        cap.home = this;
    }

    /** Adds a cap at the tail (used to keep order when moving a whole list). */
    void append(Capability cap) {
        if (cap.home != null) cap.home.remove(cap);
        caps.add(cap);
        cap.home = this;
    }

    /** Takes a cap out of this list; false if it was not here. */
    public boolean remove(Capability cap) {
        if (cap.home != this) return false;
        for (int i = 0; i < caps.size(); i++) {
            if (caps.get(i) == cap) {
                caps.remove(i);
                cap.home = null;
                return true;
            }
        }
        throw new IllegalStateException("cap " + cap.capid() + " claims " + label() + " but is not in it");
    }

    /** The list's heading and one line per cap, for a {@code czemu caps} view. */
    public String describe() {
        StringBuilder s = new StringBuilder(label()).append(": ").append(caps.size())
                .append(caps.size() == 1 ? " cap" : " caps").append('\n');
        for (Capability c : caps) {
            s.append("  ").append(c.describe()).append('\n');
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return label() + " (" + caps.size() + ")";
    }
}
