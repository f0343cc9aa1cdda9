package czemu.kernel.syscall;

import czemu.kernel.abi.MemoryLayout;

/**
 * Dispatch by the address of the swi inside the syscall page (codezero-abi.md §1.3): offset 0x00 is
 * ipc, 0x04 thread_switch, ... 0x38 cache_control. A swi anywhere else, or past 0x38, is -ENOSYS.
 */
public final class SyscallTable {
    public static final int IPC = 0x00, THREAD_SWITCH = 0x04, THREAD_CONTROL = 0x08, EXCHANGE_REGISTERS = 0x0C,
            SCHEDULE = 0x10, UNMAP = 0x14, IRQ_CONTROL = 0x18, IPC_CONTROL = 0x1C, MAP = 0x20, GETID = 0x24,
            CAPABILITY_CONTROL = 0x28, CONTAINER_CONTROL = 0x2C, TIME = 0x30, MUTEX_CONTROL = 0x34, CACHE_CONTROL = 0x38;
    public static final int SLOTS = CACHE_CONTROL / 4 + 1;
    /** The word in every slot of the syscall page: {@code swi 0x14}. */
    public static final int SWI_WORD = 0xEF000014;

    private final Syscall[] calls = new Syscall[SLOTS];
    private final String[] names = new String[SLOTS];

    public void register(int offset, String name, Syscall call) {
        calls[offset / 4] = call;
        names[offset / 4] = name;
    }

    /** The call whose swi sits at {@code swiAddress}, or null. */
    public Syscall lookup(int swiAddress) {
        int slot = slotOf(swiAddress);
        return slot < 0 ? null : calls[slot];
    }

    public String name(int swiAddress) {
        int slot = slotOf(swiAddress);
        return slot < 0 || names[slot] == null ? "swi@0x" + Integer.toHexString(swiAddress) : names[slot];
    }

    /** Whether an svc at {@code swiAddress} lies in the syscall page (a thread's personality gets the others). */
    public static boolean inPage(int swiAddress) {
        return (swiAddress & ~(MemoryLayout.PAGE_SIZE - 1)) == MemoryLayout.SYSCALL_PAGE;
    }

    private static int slotOf(int swiAddress) {
        int offset = swiAddress - MemoryLayout.SYSCALL_PAGE;
        if (offset < 0 || offset > CACHE_CONTROL || (offset & 3) != 0) return -1;
        return offset / 4;
    }
}
