package czemu.pager.exec;

import czemu.kernel.abi.MemoryLayout;
import java.util.BitSet;

/**
 * UTCB pages (codezero-abi.md §1.4): one page per address space from 0xF8100000, first fit, each
 * holding 16 slots of 256 bytes. mm0 takes the first page for itself, so the first task gets
 * 0xF8101000.
 */
public final class UtcbPool {
    private static final int PAGES = (MemoryLayout.UTCB_REGION_END - MemoryLayout.UTCB_REGION_START) / MemoryLayout.PAGE_SIZE;
    private final BitSet used = new BitSet(PAGES);

    /** A free UTCB page, or 0 when all are taken. */
    public int allocatePage() {
        int page = used.nextClearBit(0);
        if (page >= PAGES) return 0;
        used.set(page);
        return MemoryLayout.UTCB_REGION_START + page * MemoryLayout.PAGE_SIZE;
    }

    public void freePage(int address) {
        used.clear((address - MemoryLayout.UTCB_REGION_START) / MemoryLayout.PAGE_SIZE);
    }
}
