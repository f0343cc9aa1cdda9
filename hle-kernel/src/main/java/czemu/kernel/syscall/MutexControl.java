package czemu.kernel.syscall;

import czemu.kernel.abi.Errno;
import czemu.kernel.abi.MemoryLayout;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.mutex.UserMutexes;
import czemu.kernel.thread.Tcb;

/**
 * mutex_control (codezero-abi.md §2.6): r0 = the mutex word's address, r1 = op | contenders.
 * The address is translated to physical without faulting it in; unmapped or kernel addresses are
 * -EINVAL, an unknown op -EPERM; a caller without a UMUTEX capability gets -ENOCAP first.
 */
final class MutexControl implements Syscall {
    static final int OP_MASK = 0xF0000000, LOCK = 0x10000000, UNLOCK = 0x20000000;

    private final UserMutexes mutexes;
    private final czemu.kernel.Capabilities capabilities;

    MutexControl(UserMutexes mutexes, czemu.kernel.Capabilities capabilities) {
        this.mutexes = mutexes;
        this.capabilities = capabilities;
    }

    @Override
    public int invoke(Tcb caller) {
        int address = caller.context.core[0], flags = caller.context.core[1];
        int denied = capabilities.checkMutex(caller); // a UMUTEX cap naming the caller, shared by its pager at boot
        if (denied != 0) return denied;
        int op = flags & OP_MASK;
        if (op != LOCK && op != UNLOCK) return -Errno.EPERM;
        if (Integer.compareUnsigned(address, MemoryLayout.KERNEL_START) >= 0
                && Integer.compareUnsigned(address, MemoryLayout.KERNEL_END) < 0) {
            return -Errno.EINVAL;
        }
        int frame = caller.space().pageTable().frame(address);
        if (frame == FrameAllocator.NONE) return -Errno.EINVAL;
        int physical = frame | (address & 0xFFF);
        return op == LOCK ? mutexes.lock(caller, physical) : mutexes.unlock(caller, physical, flags & ~OP_MASK);
    }
}
