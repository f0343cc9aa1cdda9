package czemu.pager.linux.process;

import czemu.pager.linux.Call;
import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.LinuxCallTable;
import czemu.pager.linux.abi.LinuxAbi;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static czemu.pager.linux.abi.LinuxSyscalls.*;

/**
 * rt_sigaction, rt_sigprocmask and sigaltstack record what the program asks and hand the old values
 * back; czemu delivers no signal to a handler (docs/linux.md), so nothing else depends on them but
 * whether a signal is ignored. SIGKILL and SIGSTOP cannot be changed, as in Linux.
 */
public final class SignalCalls {
    private final GuestMemory memory;

    public SignalCalls(GuestMemory memory) {
        this.memory = memory;
    }

    public void registerIn(LinuxCallTable table) {
        table.add(RT_SIGACTION, "gxxu", this::sigaction);
        table.add(RT_SIGPROCMASK, "dxxu", this::sigprocmask);
        table.add(SIGALTSTACK, "xx", call -> {
            if (call.arg(1) != 0 && !memory.write(call.tcb(), call.arg(1), new byte[12])) return -LinuxAbi.EFAULT; // disabled, no stack
            return 0;
        });
        table.add(RT_SIGRETURN, "", call -> -LinuxAbi.ENOSYS); // no handler ever ran, so there is no frame to return from
    }

    /** rt_sigaction(signal, new action, old action, sigsetsize 8). */
    private int sigaction(Call call) {
        int signal = call.arg(0), action = call.arg(1), old = call.arg(2);
        if (signal < 1 || signal > LinuxAbi.NSIG || call.arg(3) != 8) return -LinuxAbi.EINVAL;
        SignalState signals = call.process().signals();
        byte[] previous = signals.action(signal);
        if (action != 0) {
            if (signal == LinuxAbi.SIGKILL || signal == LinuxAbi.SIGSTOP) return -LinuxAbi.EINVAL;
            byte[] wanted = memory.read(call.tcb(), action, LinuxAbi.SIGACTION_SIZE);
            if (wanted == null) return -LinuxAbi.EFAULT;
            signals.setAction(signal, wanted);
        }
        if (old != 0 && !memory.write(call.tcb(), old, previous)) return -LinuxAbi.EFAULT;
        return 0;
    }

    /** rt_sigprocmask(how, new set, old set, sigsetsize 8). */
    private int sigprocmask(Call call) {
        int how = call.arg(0), set = call.arg(1), old = call.arg(2);
        if (call.arg(3) != 8) return -LinuxAbi.EINVAL;
        SignalState signals = call.process().signals();
        long previous = signals.blocked();
        if (set != 0) {
            byte[] raw = memory.read(call.tcb(), set, 8);
            if (raw == null) return -LinuxAbi.EFAULT;
            long mask = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
            mask &= ~((1L << (LinuxAbi.SIGKILL - 1)) | (1L << (LinuxAbi.SIGSTOP - 1)));
            switch (how) {
                case LinuxAbi.SIG_BLOCK -> signals.setBlocked(previous | mask);
                case LinuxAbi.SIG_UNBLOCK -> signals.setBlocked(previous & ~mask);
                case LinuxAbi.SIG_SETMASK -> signals.setBlocked(mask);
                default -> {
                    return -LinuxAbi.EINVAL;
                }
            }
        }
        if (old != 0 && !memory.write(call.tcb(), old, GuestMemory.structure(8).putLong(previous).array())) return -LinuxAbi.EFAULT;
        return 0;
    }
}
