package czemu.kernel.syscall;

import czemu.kernel.abi.MemoryLayout;
import czemu.kernel.memory.PhysicalMemory;

/**
 * The Kernel Interface Page at 0xFF000000 (codezero-abi.md §1.2): magic, API version, the address of
 * each system call in the syscall page, and at +0x54 the UTCB of the thread now running, which the
 * kernel rewrites on every switch. libl4 copies the pointers before main, so they are in place
 * before any task starts.
 */
public final class Kip {
    private static final int MAGIC = 0x4B98344C; // 'L' '4' 0x98 'K'
    private static final int[][] SYSCALL_POINTERS = {
        {0x0C, SyscallTable.CONTAINER_CONTROL}, {0x10, SyscallTable.TIME}, {0x14, SyscallTable.IRQ_CONTROL},
        {0x18, SyscallTable.THREAD_CONTROL}, {0x1C, SyscallTable.IPC_CONTROL}, {0x20, SyscallTable.MAP},
        {0x24, SyscallTable.IPC}, {0x28, SyscallTable.CAPABILITY_CONTROL}, {0x2C, SyscallTable.UNMAP},
        {0x30, SyscallTable.EXCHANGE_REGISTERS}, {0x34, SyscallTable.THREAD_SWITCH}, {0x38, SyscallTable.SCHEDULE},
        {0x3C, SyscallTable.GETID}, {0x40, SyscallTable.MUTEX_CONTROL}, {0x44, SyscallTable.CACHE_CONTROL},
    };

    private final PhysicalMemory memory;
    private final int frame;

    public Kip(PhysicalMemory memory, int frame) {
        this.memory = memory;
        this.frame = frame;
        memory.zero(frame, MemoryLayout.PAGE_SIZE);
        memory.writeInt(frame, MAGIC);
        memory.writeInt(frame + 0x04, (0xBB << 24) | (1 << 16)); // version_rsrv 0, api_subversion 1, api_version 0xBB
        for (int[] pointer : SYSCALL_POINTERS) {
            memory.writeInt(frame + pointer[0], MemoryLayout.SYSCALL_PAGE + pointer[1]);
        }
        memory.writeInt(frame + 0x58, 0); // kdesc.version
        memory.writeInt(frame + 0x5C, 2); // kdesc.subversion
        memory.writeInt(frame + 0x60, 0xBBB); // kdesc.magic
        byte[] date = "Nov 25 2026\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        memory.write(frame + 0x64, date, 0, date.length);
        byte[] time = "00:00:00\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        memory.write(frame + 0x70, time, 0, time.length);
    }

    public int frame() {
        return frame;
    }

    public void setCurrentUtcb(int utcbAddress) {
        memory.writeInt(frame + MemoryLayout.KIP_UTCB_OFFSET, utcbAddress);
    }

    /** Fills a frame with the syscall page: one {@code swi 0x14} per 4-byte slot. */
    public static void fillSyscallPage(PhysicalMemory memory, int frame) {
        memory.zero(frame, MemoryLayout.PAGE_SIZE);
        for (int slot = 0; slot < SyscallTable.SLOTS; slot++) {
            memory.writeInt(frame + slot * 4, SyscallTable.SWI_WORD);
        }
    }
}
