package czemu.kernel.syscall;

import czemu.kernel.abi.Errno;
import czemu.kernel.fault.UserMemory;
import czemu.kernel.thread.Tcb;
import java.util.function.LongSupplier;

/** time (codezero-abi.md §2.9): r0 = struct timeval {u32 sec; u32 usec}, r1 = set (ignored: the clock is the kernel's). */
final class Time implements Syscall {
    private final UserMemory userMemory;
    private final LongSupplier microsecondsSinceBoot;

    Time(UserMemory userMemory, LongSupplier microsecondsSinceBoot) {
        this.userMemory = userMemory;
        this.microsecondsSinceBoot = microsecondsSinceBoot;
    }

    @Override
    public int invoke(Tcb caller) {
        long micros = microsecondsSinceBoot.getAsLong();
        int[] timeval = {(int) (micros / 1_000_000), (int) (micros % 1_000_000)};
        return userMemory.writeWords(caller, caller.context.core[0], timeval) ? 0 : -Errno.EFAULT;
    }
}
