package czemu.kernel.memory;

/**
 * One address space's ARMv7 short-descriptor translation tables, written into guest RAM where the
 * MMU walks them (DESIGN.md §2): a 16 KiB L1 table of coarse entries, each pointing at a 1 KiB L2
 * table of 256 small-page entries. The same RAM is the source of truth for Java's own lookups.
 *
 * <p>A debugger may <em>narrow</em> pages (watchpoints, {@code kernel/debug/Watchpoints}): the MMU
 * then walks an entry with less user access than the owner mapped, so the watched accesses abort.
 * Narrowing is a layer over the owner's mapping, not a change of it: {@link #entry}, {@link #frame},
 * {@link #permissions} and {@link #permits} keep answering with the owner's entry (the pager, the
 * kernel's own user accesses and the fault path decide on that), {@link #map} and {@link #unmap}
 * change the owner's entry and keep the page narrowed, and only {@link #mmuPermits} sees what the
 * MMU enforces. While no page is narrowed the layer is absent and costs one null check.
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
    /** Narrowed pages by page address, with the most user access left and the owner's entry; null when none. */
    private java.util.Map<Integer, Narrowed> narrowed;
    /** Released tables are never written again: their frames may belong to someone else by now. */
    private boolean released;

    private record Narrowed(PagePermissions atMost, int ownerEntry) {}

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
        writeEntry(l2 + l2Index(virtualAddress) * 4, virtualAddress, descriptor(physicalFrame, permissions));
        return true;
    }

    public void unmap(int virtualAddress) {
        int l2 = l2TableFor(virtualAddress, false);
        if (l2 != FrameAllocator.NONE) {
            writeEntry(l2 + l2Index(virtualAddress) * 4, virtualAddress, 0);
        }
    }

    /** Stores the owner's entry, or its narrowed form where a debugger narrowed the page. */
    private void writeEntry(int slot, int virtualAddress, int ownerEntry) {
        Narrowed narrowing = narrowed == null ? null : narrowed.get(virtualAddress & ~0xFFF);
        if (narrowing == null) {
            memory.writeInt(slot, ownerEntry);
        } else {
            narrowed.put(virtualAddress & ~0xFFF, new Narrowed(narrowing.atMost(), ownerEntry));
            memory.writeInt(slot, narrowedEntry(ownerEntry, narrowing.atMost()));
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
                writeEntry(slot, (int) address, 0);
                unmapped.accept((int) address);
            }
            address += PhysicalMemory.PAGE_SIZE;
        }
    }

    /**
     * The raw small-page descriptor the owner mapped for an address, 0 if unmapped (this is MR5 of a
     * fault message); a debugger's narrowing does not show here.
     */
    public int entry(int virtualAddress) {
        if (narrowed != null) {
            Narrowed narrowing = narrowed.get(virtualAddress & ~0xFFF);
            if (narrowing != null) return narrowing.ownerEntry();
        }
        return mmuEntry(virtualAddress);
    }

    /** The descriptor the MMU walks: the owner's, or its narrowed form. */
    private int mmuEntry(int virtualAddress) {
        int l2 = l2TableFor(virtualAddress, false);
        return l2 == FrameAllocator.NONE ? 0 : memory.readInt(l2 + l2Index(virtualAddress) * 4);
    }

    /** Physical frame behind a virtual page, or {@link FrameAllocator#NONE}. */
    public int frame(int virtualAddress) {
        int entry = entry(virtualAddress);
        return (entry & SMALL_PAGE) == 0 ? FrameAllocator.NONE : entry & ~0xFFF;
    }

    /** The permissions the owner's mapping gives user mode on a page, or {@code null} if it is unmapped. */
    public PagePermissions permissions(int virtualAddress) {
        return decode(entry(virtualAddress));
    }

    private static PagePermissions decode(int entry) {
        if ((entry & SMALL_PAGE) == 0) {
            return null;
        }
        int ap = (entry >>> AP_SHIFT) & 0b11;
        boolean read = ap == AP_USER_READ_ONLY || ap == AP_USER_READ_WRITE;
        return new PagePermissions(read, ap == AP_USER_READ_WRITE, read && (entry & XN) == 0);
    }

    /** Whether the owner's mapping lets user mode make this access (a debugger's narrowing aside). */
    public boolean permits(int virtualAddress, Access access) {
        return allows(decode(entry(virtualAddress)), access);
    }

    /** Whether the MMU lets user mode make this access now: the owner's mapping less any narrowing. */
    public boolean mmuPermits(int virtualAddress, Access access) {
        return allows(decode(mmuEntry(virtualAddress)), access);
    }

    private static boolean allows(PagePermissions p, Access access) {
        if (p == null) {
            return false;
        }
        return switch (access) {
            case READ -> p.read();
            case WRITE -> p.write();
            case EXECUTE -> p.execute();
        };
    }

    // ---- a debugger's narrowing ------------------------------------------------------------------

    /**
     * Leaves user mode at most {@code atMost} on the page of {@code virtualAddress}, whatever the
     * owner maps there now or later, until {@link #widen}. The caller invalidates the TLB entry if
     * this space is live. Narrowing a page again replaces the earlier limit.
     */
    public void narrow(int virtualAddress, PagePermissions atMost) {
        if (released) return;
        int page = virtualAddress & ~0xFFF;
        int owner = entry(page);
        if (narrowed == null) narrowed = new java.util.HashMap<>();
        narrowed.put(page, new Narrowed(atMost, owner));
        int l2 = l2TableFor(page, false);
        if (l2 != FrameAllocator.NONE) memory.writeInt(l2 + l2Index(page) * 4, narrowedEntry(owner, atMost));
    }

    /** Gives the page of {@code virtualAddress} back the owner's entry; the caller invalidates its TLB entry if live. */
    public void widen(int virtualAddress) {
        if (narrowed == null) return;
        int page = virtualAddress & ~0xFFF;
        Narrowed narrowing = narrowed.remove(page);
        if (narrowed.isEmpty()) narrowed = null;
        if (narrowing == null) return;
        int l2 = l2TableFor(page, false);
        if (l2 != FrameAllocator.NONE) memory.writeInt(l2 + l2Index(page) * 4, narrowing.ownerEntry());
    }

    /** The pages narrowed now, in no particular order. */
    public java.util.Set<Integer> narrowedPages() {
        return narrowed == null ? java.util.Set.of() : java.util.Set.copyOf(narrowed.keySet());
    }

    /** Whether any page is narrowed (while none is, nothing can be refused by a narrowing). */
    public boolean hasNarrowing() {
        return narrowed != null;
    }

    /** The owner's entry with at most {@code atMost} user access; unmapped stays unmapped. */
    private static int narrowedEntry(int ownerEntry, PagePermissions atMost) {
        PagePermissions owner = decode(ownerEntry);
        if (owner == null) return ownerEntry;
        PagePermissions left = new PagePermissions(owner.read() && atMost.read(), owner.write() && atMost.write(),
                owner.execute() && atMost.execute());
        return descriptor(ownerEntry & ~0xFFF, left);
    }

    /** Frees the L1 and L2 tables; the mapped frames belong to their owners. */
    public void release() {
        narrowed = null;
        released = true;
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
