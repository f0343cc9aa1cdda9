package czemu.pager.linux.process;

import czemu.pager.linux.Blocking;
import czemu.pager.linux.Call;
import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.LinuxCallTable;
import czemu.pager.linux.WaitQueue;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.time.TimeCalls;

import static czemu.pager.linux.abi.LinuxSyscalls.FUTEX;
import static czemu.pager.linux.abi.LinuxSyscalls.FUTEX_TIME64;

/**
 * futex WAIT and WAKE (and their bitset forms, with any bitset) within one process: what glibc's
 * locks and thread joins need. A WAIT whose word no longer holds the expected value answers
 * -EAGAIN at once; a timeout ends the wait with -ETIMEDOUT.
 */
public final class FutexCalls {
    private static final int ETIMEDOUT = 110;

    private final GuestMemory memory;
    private final Blocking blocking;
    private final Futexes futexes;
    private final TimeCalls clocks;

    public FutexCalls(GuestMemory memory, Blocking blocking, Futexes futexes, TimeCalls clocks) {
        this.memory = memory;
        this.blocking = blocking;
        this.futexes = futexes;
        this.clocks = clocks;
    }

    public void registerIn(LinuxCallTable table) {
        table.add(FUTEX, "xdxxxd", call -> futex(call, false));
        table.add(FUTEX_TIME64, "xdxxxd", call -> futex(call, true));
    }

    /** futex(address, op, value, timeout, ...): FUTEX_WAIT's timeout is relative, FUTEX_WAIT_BITSET's absolute. */
    private int futex(Call call, boolean time64) {
        int address = call.arg(0), op = call.arg(1), value = call.arg(2);
        int command = op & ~(LinuxAbi.FUTEX_PRIVATE_FLAG | LinuxAbi.FUTEX_CLOCK_REALTIME);
        switch (command) {
            case LinuxAbi.FUTEX_WAIT, LinuxAbi.FUTEX_WAIT_BITSET -> {
                Integer current = memory.readInt(call.tcb(), address);
                if (current == null) return -LinuxAbi.EFAULT;
                if (current != value) return -LinuxAbi.EAGAIN;
                long timeout = -1;
                if (call.arg(3) != 0) {
                    timeout = TimeCalls.readTimespec(memory, call.tcb(), call.arg(3), time64);
                    if (timeout < 0) return (int) timeout;
                    if (command == LinuxAbi.FUTEX_WAIT_BITSET) {
                        timeout -= clocks.now((op & LinuxAbi.FUTEX_CLOCK_REALTIME) != 0 ? LinuxAbi.CLOCK_REALTIME : LinuxAbi.CLOCK_MONOTONIC);
                        if (timeout <= 0) return -ETIMEDOUT;
                    }
                }
                WaitQueue queue = futexes.queue(call.task().vm(), address);
                call.tcb().context.core[0] = 0; // what a FUTEX_WAKE leaves the waiter
                // A handler cuts the wait short: made again after it with SA_RESTART when untimed, else -EINTR (futex_wait).
                long limit = timeout;
                int result = blocking.parkUntilFinished(call, queue, "a futex wake at 0x" + Integer.toHexString(address),
                        () -> limit >= 0 ? -LinuxAbi.ERESTART_RESTARTBLOCK : -LinuxAbi.ERESTARTSYS);
                if (result == 0 && timeout >= 0) blocking.finishAfter(call.tcb(), timeout, -ETIMEDOUT);
                return result;
            }
            case LinuxAbi.FUTEX_WAKE, LinuxAbi.FUTEX_WAKE_BITSET -> {
                return futexes.wake(call.task().vm(), address, Math.max(0, value));
            }
            default -> {
                return -LinuxAbi.ENOSYS;
            }
        }
    }
}
