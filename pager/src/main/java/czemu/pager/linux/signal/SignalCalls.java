package czemu.pager.linux.signal;

import static czemu.pager.linux.abi.LinuxSyscalls.*;

import czemu.kernel.arch.Cpu;
import czemu.pager.linux.Blocking;
import czemu.pager.linux.Call;
import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.LinuxCallTable;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.process.LinuxProcess;
import czemu.pager.linux.process.LinuxThread;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The signal calls: rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack, rt_sigsuspend and
 * pause, and sigreturn and rt_sigreturn, which a handler's restorer makes. Sending is in the process
 * calls (kill, tkill, tgkill); what they all act on is {@link Signals}.
 */
public final class SignalCalls {
    /** sigset_t as the rt_ calls pass it on ARM: 64 bits. */
    private static final int SIGSET_SIZE = 8;
    /** stack_t: ss_sp, ss_flags, ss_size. */
    private static final int STACK_T_SIZE = 12;

    private final GuestMemory memory;
    private final Signals signals;
    private final Blocking blocking;

    public SignalCalls(GuestMemory memory, Signals signals, Blocking blocking) {
        this.memory = memory;
        this.signals = signals;
        this.blocking = blocking;
    }

    public void registerIn(LinuxCallTable table) {
        table.add(RT_SIGACTION, "gxxu", this::sigaction);
        table.add(RT_SIGPROCMASK, "dxxu", this::sigprocmask);
        table.add(RT_SIGPENDING, "xu", this::sigpending);
        table.add(SIGALTSTACK, "xx", this::sigaltstack);
        table.add(RT_SIGSUSPEND, "xu", this::sigsuspend);
        table.add(PAUSE, "", call -> blocking.parkUntilFinished(call, null, "a signal (pause)", () -> -LinuxAbi.ERESTARTNOHAND));
        table.add(SIGRETURN, "", call -> signals.sigreturn(call, false));
        table.add(RT_SIGRETURN, "", call -> signals.sigreturn(call, true));
    }

    /**
     * rt_sigaction(signal, new action, old action, sigsetsize 8). SIGKILL and SIGSTOP cannot change.
     * An action that makes the signal ignored drops its pending sendings (POSIX), from every thread.
     */
    private int sigaction(Call call) {
        int signal = call.arg(0), action = call.arg(1), old = call.arg(2);
        if (signal < 1 || signal > LinuxAbi.NSIG || call.arg(3) != SIGSET_SIZE) return -LinuxAbi.EINVAL;
        LinuxProcess process = call.process();
        SignalAction previous = process.actions().get(signal);
        if (action != 0) {
            if (signal == LinuxAbi.SIGKILL || signal == LinuxAbi.SIGSTOP) return -LinuxAbi.EINVAL;
            SignalAction wanted = SignalAction.decode(memory.read(call.tcb(), action, LinuxAbi.SIGACTION_SIZE));
            if (wanted == null) return -LinuxAbi.EFAULT;
            process.actions().set(signal, wanted);
            if (process.actions().ignores(signal)) {
                process.pending().discard(signal);
                for (LinuxThread thread : process.threads()) thread.signals().pending().discard(signal);
            }
        }
        if (old != 0 && !memory.write(call.tcb(), old, previous.encode())) return -LinuxAbi.EFAULT;
        return 0;
    }

    /** rt_sigprocmask(how, new set, old set, sigsetsize 8): the calling thread's mask; SIGKILL and SIGSTOP stay unblocked. */
    private int sigprocmask(Call call) {
        int how = call.arg(0), set = call.arg(1), old = call.arg(2);
        if (call.arg(3) != SIGSET_SIZE) return -LinuxAbi.EINVAL;
        ThreadSignals state = call.thread().signals();
        long previous = state.blocked();
        if (set != 0) {
            Long mask = readSet(call, set);
            if (mask == null) return -LinuxAbi.EFAULT;
            switch (how) {
                case LinuxAbi.SIG_BLOCK -> state.setBlocked(previous | mask);
                case LinuxAbi.SIG_UNBLOCK -> state.setBlocked(previous & ~mask);
                case LinuxAbi.SIG_SETMASK -> state.setBlocked(mask);
                default -> {
                    return -LinuxAbi.EINVAL;
                }
            }
        }
        // Signals unblocked now are taken on the way back from this call.
        return old != 0 && !writeSet(call, old, previous) ? -LinuxAbi.EFAULT : 0;
    }

    /** rt_sigpending(set, sigsetsize): the signals waiting for the thread that it blocks. */
    private int sigpending(Call call) {
        int size = call.arg(1);
        if (Integer.compareUnsigned(size, SIGSET_SIZE) > 0) return -LinuxAbi.EINVAL;
        LinuxThread thread = call.thread();
        long pending = (thread.signals().pending().set() | thread.process().pending().set()) & thread.signals().blocked();
        byte[] bytes = java.util.Arrays.copyOf(GuestMemory.structure(SIGSET_SIZE).putLong(pending).array(), size);
        return memory.write(call.tcb(), call.arg(0), bytes) ? 0 : -LinuxAbi.EFAULT;
    }

    /** sigaltstack(new stack, old stack): the calling thread's alternate stack for handlers with SA_ONSTACK. */
    private int sigaltstack(Call call) {
        ThreadSignals state = call.thread().signals();
        int sp = call.tcb().context.core[Cpu.SP];
        AltStack current = state.altStack();
        byte[] old = GuestMemory.structure(STACK_T_SIZE).putInt(current.base()).putInt(current.reportedFlags(sp))
                .putInt(current.size()).array();
        if (call.arg(0) != 0) {
            byte[] raw = memory.read(call.tcb(), call.arg(0), STACK_T_SIZE);
            if (raw == null) return -LinuxAbi.EFAULT;
            ByteBuffer wanted = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            int error = AltStack.change(state, sp, wanted.getInt(0), wanted.getInt(8), wanted.getInt(4));
            if (error != 0) return error;
        }
        return call.arg(1) != 0 && !memory.write(call.tcb(), call.arg(1), old) ? -LinuxAbi.EFAULT : 0;
    }

    /**
     * rt_sigsuspend(mask, sigsetsize 8): waits with {@code mask} blocked until a signal is taken; the
     * handler runs with that mask, and its sigreturn brings the caller's own back. Answers -EINTR.
     */
    private int sigsuspend(Call call) {
        if (call.arg(1) != SIGSET_SIZE) return -LinuxAbi.EINVAL;
        Long mask = readSet(call, call.arg(0));
        if (mask == null) return -LinuxAbi.EFAULT;
        call.thread().signals().suspendWith(mask);
        return blocking.parkUntilFinished(call, null, "a signal (sigsuspend)", () -> -LinuxAbi.ERESTARTNOHAND);
    }

    private Long readSet(Call call, int address) {
        byte[] raw = memory.read(call.tcb(), address, SIGSET_SIZE);
        return raw == null ? null : ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private boolean writeSet(Call call, int address, long set) {
        return memory.write(call.tcb(), address, GuestMemory.structure(SIGSET_SIZE).putLong(set).array());
    }
}
