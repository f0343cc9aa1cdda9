package czemu.emulator.trace;

import czemu.kernel.KernelObserver;
import czemu.kernel.abi.ThreadIds;
import czemu.kernel.thread.Tcb;
import czemu.pager.linux.CallFormatter;
import czemu.pager.linux.LinuxCallObserver;
import czemu.pager.linux.signal.SignalInfo;
import czemu.pager.linux.signal.SignalObserver;
import java.io.PrintStream;

/**
 * {@code czemu run --strace}: each system call of each thread on one line as it returns, decoded the
 * way qemu-user's -strace shows Linux calls ({@link SyscallArguments}). An ipc shows its peers,
 * transfer type and tag (by name: a request to mm0 reads as OPEN, READ, ...), the arguments in
 * MR2..MR5 and, after the result, MR0 as the thread got it back. A call that puts its thread to
 * sleep shows as {@code = <blocked>}, and once more, as strace shows it, when the thread runs again
 * with its result: {@code 3 <... mutex_control resumed> = 0}. A Linux program's calls come decoded
 * from the Linux door instead: {@code 2 openat(AT_FDCWD,"/etc/passwd",O_RDONLY) = 3}; one a waker
 * finishes is {@code 3 clock_nanosleep(...) <unfinished ...>}, then {@code 3 <... clock_nanosleep resumed> = 0}. A
 * signal a Linux thread takes is shown as qemu-user shows it, without the thread:
 * {@code --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=2, si_uid=0} ---}.
 */
public final class Strace implements KernelObserver, LinuxCallObserver, SignalObserver {
    private final PrintStream out;

    public Strace(PrintStream out) {
        this.out = out;
    }

    /** A Linux call, decoded by the Linux door: {@code tid name(args) = result}, as qemu-user prints it. */
    @Override
    public void returned(Tcb thread, int tid, String call, String result) {
        out.println(tid + " " + call + " = " + result);
    }

    @Override
    public void returned(Tcb thread, String name, int[] args, int result, boolean blocked) {
        if (thread.personality() != null) return; // a Linux process: its calls are shown decoded by the Linux door
        StringBuilder line = new StringBuilder(64).append(ThreadIds.describe(thread.tid())).append(' ').append(name).append('(')
                .append(SyscallArguments.describe(name, args)).append(')');
        if (blocked) {
            line.append(" = <").append(thread.state().name().toLowerCase()).append(">");
        } else {
            result(line, thread, name, args, result);
        }
        out.println(line);
    }

    /** A signal taken by a Linux thread, into its handler or by its default action. */
    @Override
    public void taken(Tcb thread, int tid, SignalInfo info, int handler) {
        out.println("--- " + czemu.pager.linux.CallFormatter.signalName(info.signal()) + " " + info.describe() + " ---");
    }

    /** A Linux call that parked its thread until a waker finishes it, as strace shows one: {@code 3 nanosleep(...) <unfinished ...>}. */
    @Override
    public void unfinished(Tcb thread, int tid, String call) {
        out.println(tid + " " + call + " <unfinished ...>");
    }

    @Override
    public void resumed(Tcb thread, String name, int[] args, int result) {
        if (thread.personality() != null) { // a Linux call finished by its waker: the result as the Linux door shows results
            out.println(ThreadIds.rawOf(thread.tid()) + " <... " + name + " resumed> = " + CallFormatter.result(result, false));
            return;
        }
        StringBuilder line = new StringBuilder(64).append(ThreadIds.describe(thread.tid())).append(" <... ").append(name)
                .append(" resumed>");
        result(line, thread, name, args, result);
        out.println(line);
    }

    /** {@code = result}, and after an ipc that received, the MR0 it got. */
    private static void result(StringBuilder line, Tcb thread, String name, int[] args, int result) {
        line.append(" = ").append(result);
        if (name.equals("ipc") && args[1] != ThreadIds.NIL_THREAD && result == 0) {
            line.append(String.format(" [mr0=%d]", thread.context.core[3]));
        }
    }
}
