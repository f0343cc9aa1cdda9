package czemu.kernel.space;

import czemu.kernel.memory.PageTable;

/** An address space: its id and the page tables the MMU walks while one of its threads runs. */
public final class AddressSpace {
    private final int spaceId;
    private final PageTable pageTable;
    private int users;
    /**
     * Ranges where Java wrote code while this space was not on the CPU: the engine's translated code
     * for them can only be dropped through this space's tables, so when it next goes live.
     */
    private final java.util.List<long[]> codeToInvalidate = new java.util.ArrayList<>();

    public AddressSpace(int spaceId, PageTable pageTable) {
        this.spaceId = spaceId;
        this.pageTable = pageTable;
    }

    public int spaceId() { return spaceId; }
    public PageTable pageTable() { return pageTable; }

    /** Threads that run in this space (SHARE_SPACE adds one); the space dies with the last. */
    public void addUser() { users++; }
    public int removeUser() { return --users; }

    public void codeWrittenWhileAway(int virtualAddress, int length) {
        codeToInvalidate.add(new long[] {virtualAddress, length});
    }

    /** Hands each pending range to {@code invalidate} and forgets them. */
    public void drainCodeToInvalidate(java.util.function.BiConsumer<Integer, Integer> invalidate) {
        for (long[] range : codeToInvalidate) invalidate.accept((int) range[0], (int) range[1]);
        codeToInvalidate.clear();
    }

    @Override
    public String toString() {
        return "space " + spaceId;
    }
}
