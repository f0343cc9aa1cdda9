package czemu.kernel.debug;

import czemu.kernel.memory.Access;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.PageTable;
import czemu.kernel.memory.PhysicalMemory;
import czemu.kernel.thread.Tcb;
import java.io.ByteArrayOutputStream;

/**
 * A debugger's view of a thread's memory. Pages the task has not touched yet are paged in through
 * its pager as a kernel access would be (a demand-zero page reads as zeros, as it will for the
 * program), so the user can read any address the program could; addresses the pager refuses are
 * unreadable, and nothing is ever reported to the guest as a fault. Writes reach read-only text
 * too, the way a debugger patches code, and drop the engine's translations of what they changed.
 */
final class DebuggerMemory {
    /** Asks the thread's pager to map a page, as for the kernel's own access (pc 0 in the fault message). */
    public interface PageIn {
        boolean pageIn(Tcb thread, int address, Access access);
    }

    /** Tells the kernel that code in a space may have changed. */
    public interface CodeWritten {
        void codeWritten(Tcb thread, int address, int length);
    }

    private final PhysicalMemory memory;
    private final PageIn pageIn;
    private final CodeWritten codeWritten;
    private final java.util.function.IntPredicate devicePage;

    DebuggerMemory(PhysicalMemory memory, PageIn pageIn, CodeWritten codeWritten, java.util.function.IntPredicate devicePage) {
        this.memory = memory;
        this.pageIn = pageIn;
        this.codeWritten = codeWritten;
        this.devicePage = devicePage;
    }

    /** The readable prefix of [address, address + length). */
    byte[] read(Tcb thread, int address, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        long at = Integer.toUnsignedLong(address), end = Math.min(at + length, 0x1_0000_0000L);
        while (at < end) {
            int frame = frame(thread, (int) at, Access.READ);
            if (frame == FrameAllocator.NONE) break;
            int inPage = (int) Math.min(end - at, 4096 - (at & 0xFFF));
            byte[] chunk = new byte[inPage];
            memory.read(frame + (int) (at & 0xFFF), chunk, 0, inPage);
            out.write(chunk, 0, inPage);
            at += inPage;
        }
        return out.toByteArray();
    }

    /** False when some byte could not be written (the bytes before it were). */
    boolean write(Tcb thread, int address, byte[] data) {
        long at = Integer.toUnsignedLong(address), end = at + data.length;
        if (end > 0x1_0000_0000L) return false;
        int done = 0;
        while (at < end) {
            int frame = frame(thread, (int) at, Access.WRITE);
            if (frame == FrameAllocator.NONE) return false;
            int inPage = (int) Math.min(end - at, 4096 - (at & 0xFFF));
            memory.write(frame + (int) (at & 0xFFF), data, done, inPage);
            done += inPage;
            at += inPage;
        }
        codeWritten.codeWritten(thread, address, data.length);
        return true;
    }

    /** The frame holding the code at {@code address} in the thread's space, paged in; NONE when there is none. */
    int frameForCode(Tcb thread, int address) {
        return frame(thread, address, Access.EXECUTE);
    }

    /**
     * The frame behind a page, paged in if needed. For a write the pager is asked for a writable
     * page first, so a copy-on-write page is copied and the change stays in this task; where the
     * pager will not make it writable (text), the mapped frame is written as it is.
     */
    private int frame(Tcb thread, int address, Access access) {
        PageTable table = thread.space() == null ? null : thread.space().pageTable();
        if (table == null || devicePage.test(address)) return FrameAllocator.NONE;
        if (!table.permits(address, access)) pageIn.pageIn(thread, address, access);
        if (table.frame(address) == FrameAllocator.NONE && access == Access.WRITE) pageIn.pageIn(thread, address, Access.READ);
        return table.frame(address);
    }
}
