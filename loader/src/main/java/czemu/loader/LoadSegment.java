package czemu.loader;

/**
 * One PT_LOAD segment and how it becomes pages. Addresses and sizes are unsigned 32-bit values in
 * ints; {@code index} is the segment's position in the program header table.
 *
 * <p>The bss rule (spec README, "bss"; capabilities-2009.md §8.2): the pages holding file bytes
 * are mapped from the file, the bss bytes that fall inside the last of those pages are zeroed in
 * place, and anonymous zero pages start at the <em>next</em> page boundary. mm0 once started the
 * anonymous mapping at the unaligned bss start, on the last data page, and so clobbered it.
 */
public record LoadSegment(int index, int vaddr, int memSize, int fileSize, long fileOffset,
                          boolean readable, boolean writable, boolean executable) {

    public static final int PAGE_SIZE = 4096;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    // The last page is excluded so every page-rounded end below still fits in 32 bits.
    private static final long HIGHEST_END = 0x1_0000_0000L - PAGE_SIZE;

    public LoadSegment {
        if (Integer.compareUnsigned(fileSize, memSize) > 0) {
            throw new IllegalArgumentException("file size larger than memory size in segment " + index);
        }
        if (fileOffset < 0) {
            throw new IllegalArgumentException("negative file offset in segment " + index);
        }
        if (Integer.toUnsignedLong(vaddr) + Integer.toUnsignedLong(memSize) > HIGHEST_END) {
            throw new IllegalArgumentException("segment " + index + " reaches the last page of the address space");
        }
    }

    /** First byte past the segment in memory: {@code vaddr + memSize}. */
    public int memEnd() {
        return vaddr + memSize;
    }

    /** First page holding file bytes: page-down(vaddr). */
    public int filePagesStart() {
        return pageDown(vaddr);
    }

    /**
     * End of the pages holding file bytes: page-up(vaddr + fileSize). A pure bss segment
     * ({@code fileSize == 0}) has no file pages, even when vaddr is not page-aligned, so this is
     * then {@link #filePagesStart()}.
     */
    public int filePagesEnd() {
        return fileSize == 0 ? filePagesStart() : pageUp(vaddr + fileSize);
    }

    /**
     * File offset of {@link #filePagesStart()}: {@code fileOffset - (vaddr - filePagesStart())}.
     * Page-aligned when the linker kept vaddr and offset congruent modulo the page size; negative
     * when it did not and the segment starts near the beginning of the file (ld -N), in which case
     * copy the segment's bytes rather than mapping file pages.
     */
    public long filePagesOffset() {
        return fileOffset - (vaddr & PAGE_MASK);
    }

    /** Start of the bss bytes zeroed in place inside the last file page: {@code vaddr + fileSize}. */
    public int zeroInPlaceStart() {
        return vaddr + fileSize;
    }

    /**
     * End of the in-place zeroing: min(vaddr + memSize, filePagesEnd()); equal to
     * {@link #zeroInPlaceStart()} when there is nothing to zero in place.
     */
    public int zeroInPlaceEnd() {
        if (fileSize == 0) {
            return zeroInPlaceStart();
        }
        return Integer.compareUnsigned(memEnd(), filePagesEnd()) < 0 ? memEnd() : filePagesEnd();
    }

    /** Start of the anonymous zero pages: the page boundary after the file pages, never inside them. */
    public int anonymousStart() {
        return filePagesEnd();
    }

    /** End of the anonymous zero pages: page-up(vaddr + memSize). Also the end of the segment's pages. */
    public int anonymousEnd() {
        return pageUp(memEnd());
    }

    /** Whether the segment needs anonymous zero pages ({@code anonymousEnd > anonymousStart}). */
    public boolean hasAnonymousPages() {
        return Integer.compareUnsigned(anonymousEnd(), anonymousStart()) > 0;
    }

    static int pageDown(int address) {
        return address & ~PAGE_MASK;
    }

    static int pageUp(int address) {
        return (address + PAGE_MASK) & ~PAGE_MASK;
    }

    @Override
    public String toString() {
        return String.format("segment %d [0x%x+0x%x] %s%s%s", index, vaddr, memSize,
                readable ? "r" : "-", writable ? "w" : "-", executable ? "x" : "-");
    }
}
