package czemu.kernel.memory;

/**
 * One address space's ARMv7 short-descriptor translation tables, written into guest RAM where the
 * MMU walks them (DESIGN.md §2): a 16 KiB L1 table of coarse entries, each pointing at a 1 KiB L2
 * table of 256 small-page entries. The same RAM is the source of truth for Java's own lookups.
 */
public final class PageTable {
    private static final int L1_SIZE = 16 * 1024;
    private static final int L2_SIZE = 1024;

    // Small-page descriptor bits (ARM ARM B3.5.1), with SCTLR.AFE = 0.
    private static final int SMALL_PAGE = 0b10;
    private static final int XN = 1;
    private static final int CACHEABLE_BUFFERABLE = 0b1100;
    private static final int AP_SHIFT = 4;
    private static final int AP_PRIVILEGED_ONLY = 0b01;
    private static final int AP_USER_READ_ONLY = 0b10;
    private static final int AP_USER_READ_WRITE = 0b11;
    private static final int COARSE_TABLE = 0b01;

    private final PhysicalMemory memory;
    private final FrameAllocator frames;
    private final int l1;
    /** L2 tables are carved four to a frame; this is the frame being carved and how much is left. */
    private int l2Frame;
    private int l2FreeInFrame;
    private final java.util.List<Integer> l2Frames = new java.util.ArrayList<>();

    private PageTable(PhysicalMemory memory, FrameAllocator frames, int l1) {
        this.memory = memory;
        this.frames = frames;
        this.l1 = l1;
    }

    /** A new empty table, or {@code null} when RAM is exhausted. */
    public static PageTable create(PhysicalMemory memory, FrameAllocator frames) {
        int l1 = frames.allocateContiguous(L1_SIZE / PhysicalMemory.PAGE_SIZE, L1_SIZE / PhysicalMemory.PAGE_SIZE);
        if (l1 == FrameAllocator.NONE) {
            return null;
        }
        memory.zero(l1, L1_SIZE);
        return new PageTable(memory, frames, l1);
    }

    public int l1PhysicalAddress() {
        return l1;
    }

    /**
     * Maps one virtual page to a physical frame. Returns false when no RAM is left for an L2 table.
     * The caller invalidates the TLB entry if this space is live on the CPU.
     */
    public boolean map(int virtualAddress, int physicalFrame, PagePermissions permissions) {
        int l2 = l2TableFor(virtualAddress, true);
        if (l2 == FrameAllocator.NONE) {
            return false;
        }
        memory.writeInt(l2 + l2Index(virtualAddress) * 4, descriptor(physicalFrame, permissions));
        return true;
    }

    public void unmap(int virtualAddress) {
        int l2 = l2TableFor(virtualAddress, false);
        if (l2 != FrameAllocator.NONE) {
            memory.writeInt(l2 + l2Index(virtualAddress) * 4, 0);
        }
    }

    /**
     * Removes every mapping in [start, end) (page aligned; end 0 means the top of memory) and tells
     * {@code unmapped} each page it removed. Megabytes without an L2 table are skipped whole.
     */
    public void unmapRange(int start, int end, java.util.function.IntConsumer unmapped) {
        long stop = end == 0 ? 1L << 32 : end & 0xFFFFFFFFL;
        for (long address = start & 0xFFFFFFFFL; address < stop; ) {
            int l2 = l2TableFor((int) address, false);
            if (l2 == FrameAllocator.NONE) {
                address = (address + (1 << 20)) & ~((1L << 20) - 1);
                continue;
            }
            int slot = l2 + l2Index((int) address) * 4;
            if (memory.readInt(slot) != 0) {
                memory.writeInt(slot, 0);
                unmapped.accept((int) address);
            }
            address += PhysicalMemory.PAGE_SIZE;
        }
    }

    /** The raw small-page descriptor for an address, 0 if unmapped (this is MR5 of a fault message). */
    public int entry(int virtualAddress) {
        int l2 = l2TableFor(virtualAddress, false);
        return l2 == FrameAllocator.NONE ? 0 : memory.readInt(l2 + l2Index(virtualAddress) * 4);
    }

    /** Physical frame behind a virtual page, or {@link FrameAllocator#NONE}. */
    public int frame(int virtualAddress) {
        int entry = entry(virtualAddress);
        return (entry & SMALL_PAGE) == 0 ? FrameAllocator.NONE : entry & ~0xFFF;
    }

    /** The permissions user mode has on a page, or {@code null} if it is unmapped. */
    public PagePermissions permissions(int virtualAddress) {
        int entry = entry(virtualAddress);
        if ((entry & SMALL_PAGE) == 0) {
            return null;
        }
        int ap = (entry >>> AP_SHIFT) & 0b11;
        boolean read = ap == AP_USER_READ_ONLY || ap == AP_USER_READ_WRITE;
        return new PagePermissions(read, ap == AP_USER_READ_WRITE, read && (entry & XN) == 0);
    }

    /** Whether user mode may make this access without a fault. */
    public boolean permits(int virtualAddress, Access access) {
        PagePermissions p = permissions(virtualAddress);
        if (p == null) {
            return false;
        }
        return switch (access) {
            case READ -> p.read();
            case WRITE -> p.write();
            case EXECUTE -> p.execute();
        };
    }

    /** Frees the L1 and L2 tables; the mapped frames belong to their owners. */
    public void release() {
        for (int frame : l2Frames) {
            frames.free(frame);
        }
        l2Frames.clear();
        for (int i = 0; i < L1_SIZE / PhysicalMemory.PAGE_SIZE; i++) {
            frames.free(l1 + i * PhysicalMemory.PAGE_SIZE);
        }
    }

    private static int descriptor(int physicalFrame, PagePermissions permissions) {
        int ap;
        if (permissions.write()) {
            ap = AP_USER_READ_WRITE;
        } else if (permissions.read() || permissions.execute()) {
            ap = AP_USER_READ_ONLY;
        } else {
            ap = AP_PRIVILEGED_ONLY;
        }
        int xn = permissions.execute() ? 0 : XN;
        return (physicalFrame & ~0xFFF) | (ap << AP_SHIFT) | CACHEABLE_BUFFERABLE | SMALL_PAGE | xn;
    }

    private static int l2Index(int virtualAddress) {
        return (virtualAddress >>> 12) & 0xFF;
    }

    private int l2TableFor(int virtualAddress, boolean create) {
        int l1Slot = l1 + (virtualAddress >>> 20) * 4;
        int l1Entry = memory.readInt(l1Slot);
        if ((l1Entry & 0b11) == COARSE_TABLE) {
            return l1Entry & ~0x3FF;
        }
        if (!create) {
            return FrameAllocator.NONE;
        }
        if (l2FreeInFrame == 0) {
            int frame = frames.allocate();
            if (frame == FrameAllocator.NONE) {
                return FrameAllocator.NONE;
            }
            l2Frames.add(frame);
            l2Frame = frame;
            l2FreeInFrame = PhysicalMemory.PAGE_SIZE / L2_SIZE;
        }
        int table = l2Frame + (PhysicalMemory.PAGE_SIZE / L2_SIZE - l2FreeInFrame) * L2_SIZE;
        l2FreeInFrame--;
        memory.zero(table, L2_SIZE);
        memory.writeInt(l1Slot, table | COARSE_TABLE); // domain 0
        return table;
    }
}
