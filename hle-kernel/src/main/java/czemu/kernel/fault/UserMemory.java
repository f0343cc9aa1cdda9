package czemu.kernel.fault;

import czemu.kernel.memory.Access;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.PageTable;
import czemu.kernel.memory.PhysicalMemory;
import czemu.kernel.thread.Tcb;

/**
 * The kernel's own reads and writes of a thread's user memory (getid's struct, full and extended
 * IPC buffers). Like Codezero's {@code check_access(..., page_in=1)}, a page the thread may not
 * access that way is first paged in through its pager, so a kernel write makes a copy-on-write page
 * private and never writes a shared or read-only frame. Each call returns false for an address the
 * pager cannot resolve (the system call then answers -EFAULT).
 */
public final class UserMemory {
    private static final int PAGE = PhysicalMemory.PAGE_SIZE;

    /** Asks the thread's pager to make one page accessible; true when it did. */
    public interface PageIn {
        boolean pageIn(Tcb thread, int address, Access access);
    }

    private final PhysicalMemory memory;
    private PageIn pageIn;

    public UserMemory(PhysicalMemory memory) {
        this.memory = memory;
    }

    public void setPageIn(PageIn pageIn) {
        this.pageIn = pageIn;
    }

    public boolean read(Tcb thread, int address, byte[] into, int offset, int length) {
        return transfer(thread, address, into, offset, length, Access.READ);
    }

    public boolean write(Tcb thread, int address, byte[] from, int offset, int length) {
        return transfer(thread, address, from, offset, length, Access.WRITE);
    }

    public boolean readWords(Tcb thread, int address, int[] words) {
        byte[] bytes = new byte[words.length * 4];
        if (!read(thread, address, bytes, 0, bytes.length)) return false;
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(words);
        return true;
    }

    public boolean writeWords(Tcb thread, int address, int[] words) {
        byte[] bytes = new byte[words.length * 4];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(words);
        return write(thread, address, bytes, 0, bytes.length);
    }

    private boolean transfer(Tcb thread, int address, byte[] buffer, int offset, int length, Access access) {
        if (length == 0) return true;
        if (Integer.toUnsignedLong(address) + length > 0x1_0000_0000L) return false;
        PageTable table = thread.space() == null ? null : thread.space().pageTable();
        if (table == null) return false;
        int done = 0;
        while (done < length) {
            int va = address + done;
            int chunk = Math.min(length - done, PAGE - (va & (PAGE - 1)));
            if (!table.permits(va, access) && !(pageIn != null && pageIn.pageIn(thread, va, access) && table.permits(va, access))) {
                return false;
            }
            int frame = table.frame(va);
            if (frame == FrameAllocator.NONE) return false;
            int physical = frame + (va & (PAGE - 1));
            if (access == Access.WRITE) {
                memory.write(physical, buffer, offset + done, chunk);
            } else {
                memory.read(physical, buffer, offset + done, chunk);
            }
            done += chunk;
        }
        return true;
    }
}
