package czemu.kernel.syscall;

import czemu.kernel.abi.Errno;
import czemu.kernel.fault.UserMemory;
import czemu.kernel.thread.Tcb;

/** getid (codezero-abi.md §2.3): writes {tid, spid, tgid} to the struct at r0, paging it in if needed. */
final class GetId implements Syscall {
    private final UserMemory userMemory;

    GetId(UserMemory userMemory) {
        this.userMemory = userMemory;
    }

    @Override
    public int invoke(Tcb caller) {
        int[] ids = {caller.tid(), caller.space().spaceId(), caller.threadGroupId()};
        return userMemory.writeWords(caller, caller.context.core[0], ids) ? 0 : -Errno.EFAULT;
    }
}
