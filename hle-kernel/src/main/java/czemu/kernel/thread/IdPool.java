package czemu.kernel.thread;

import java.util.BitSet;

/** Lowest-free id allocation with reuse, as the kernel's id bitmaps do (codezero-abi.md §2.2). */
public final class IdPool {
    private final BitSet used = new BitSet();

    public int allocate() {
        int id = used.nextClearBit(0);
        used.set(id);
        return id;
    }

    /** Takes this very id; false when it is in use. */
    public boolean reserve(int id) {
        if (used.get(id)) return false;
        used.set(id);
        return true;
    }

    public void release(int id) {
        used.clear(id);
    }
}
