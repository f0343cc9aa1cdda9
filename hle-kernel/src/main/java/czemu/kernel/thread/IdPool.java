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

    public void release(int id) {
        used.clear(id);
    }
}
