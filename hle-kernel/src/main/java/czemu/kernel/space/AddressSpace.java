package czemu.kernel.space;

import czemu.kernel.memory.PageTable;

/** An address space: its id and the page tables the MMU walks while one of its threads runs. */
public final class AddressSpace {
    private final int spaceId;
    private final PageTable pageTable;
    private int users;

    public AddressSpace(int spaceId, PageTable pageTable) {
        this.spaceId = spaceId;
        this.pageTable = pageTable;
    }

    public int spaceId() { return spaceId; }
    public PageTable pageTable() { return pageTable; }

    /** Threads that run in this space (SHARE_SPACE adds one); the space dies with the last. */
    public void addUser() { users++; }
    public int removeUser() { return --users; }

    @Override
    public String toString() {
        return "space " + spaceId;
    }
}
