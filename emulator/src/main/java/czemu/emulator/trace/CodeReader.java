package czemu.emulator.trace;

import czemu.kernel.arch.LoadStoreDecoder;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.PageTable;
import czemu.kernel.memory.PhysicalMemory;
import czemu.kernel.thread.Tcb;

/**
 * Reads the instruction a thread is about to execute, through its space's page tables as the MMU
 * would. The recorder's hook runs just before the instruction, which the engine has just fetched,
 * so its page is mapped: nothing is ever faulted in, and the pager never hears of the trace. A page
 * that is not mapped after all (a Thumb-2 instruction whose second half is on the next page, say)
 * gives an unknown encoding rather than a fault.
 */
final class CodeReader {
    private final PhysicalMemory memory;

    CodeReader(PhysicalMemory memory) {
        this.memory = memory;
    }

    /**
     * The encoding at {@code pc} in the low 32 bits (a 32-bit Thumb instruction with its first
     * halfword high, as traces write it) and its size in bytes above them: 4, 2, or 0 when the
     * memory cannot be read.
     */
    long fetch(Tcb thread, int pc, boolean thumb) {
        PageTable table = thread.space() == null ? null : thread.space().pageTable();
        if (table == null) return 0;
        if (!thumb) {
            int at = physical(table, pc);
            return at < 0 ? 0 : encoding(memory.readInt(at), 4);
        }
        int first = halfword(table, pc);
        if (first < 0) return 0;
        if (!LoadStoreDecoder.isThumb32(first)) return encoding(first, 2);
        int second = halfword(table, pc + 2);
        return second < 0 ? 0 : encoding(first << 16 | second, 4);
    }

    /** Encoding and size packed as {@link #fetch} returns them. */
    static int encodingOf(long fetched) {
        return (int) fetched;
    }

    static int sizeOf(long fetched) {
        return (int) (fetched >>> 32);
    }

    private static long encoding(int encoding, int size) {
        return (long) size << 32 | (encoding & 0xFFFFFFFFL);
    }

    private int halfword(PageTable table, int address) {
        int at = physical(table, address);
        return at < 0 ? -1 : memory.readShort(at) & 0xFFFF;
    }

    /** The physical address behind a virtual one, or -1 when its page is not mapped. */
    private static int physical(PageTable table, int address) {
        int frame = table.frame(address);
        return frame == FrameAllocator.NONE ? -1 : frame + (address & 0xFFF);
    }
}
