package czemu.pager.linux.process;

import czemu.pager.linux.abi.LinuxAbi;

/**
 * A process's signal dispositions and blocked mask, as rt_sigaction and rt_sigprocmask record them.
 * czemu runs no signal handlers: a signal is either ignored or takes its default action (docs/linux.md);
 * what a program installs is kept and handed back so libraries that save and restore it work.
 */
public final class SignalState {
    /** The 20-byte struct sigaction of each signal 1..64 as the guest last set it (index 0 unused). */
    private final byte[][] actions = new byte[LinuxAbi.NSIG + 1][];
    private long blocked;

    /** The recorded struct sigaction of {@code signal} (all zero: SIG_DFL). */
    public byte[] action(int signal) {
        byte[] action = actions[signal];
        return action == null ? new byte[LinuxAbi.SIGACTION_SIZE] : action.clone();
    }

    public void setAction(int signal, byte[] action) {
        actions[signal] = action.clone();
    }

    /** The handler word of the recorded action: SIG_DFL, SIG_IGN or a handler address. */
    public int handler(int signal) {
        byte[] action = actions[signal];
        if (action == null) return LinuxAbi.SIG_DFL;
        return (action[0] & 0xFF) | (action[1] & 0xFF) << 8 | (action[2] & 0xFF) << 16 | (action[3] & 0xFF) << 24;
    }

    public long blocked() { return blocked; }
    public void setBlocked(long mask) { blocked = mask; }

    /** fork: the child gets the same dispositions and mask. */
    public SignalState copy() {
        SignalState copy = new SignalState();
        for (int i = 0; i < actions.length; i++) copy.actions[i] = actions[i] == null ? null : actions[i].clone();
        copy.blocked = blocked;
        return copy;
    }

    /** execve: handlers are reset to SIG_DFL (the code they point at is gone); ignored signals stay ignored. */
    public void resetHandlersForExec() {
        for (int signal = 1; signal <= LinuxAbi.NSIG; signal++) {
            if (actions[signal] != null && handler(signal) != LinuxAbi.SIG_IGN) actions[signal] = null;
        }
    }

    /** What a signal does by default (signal(7)): true to end the process, false to be ignored. */
    public static boolean terminatesByDefault(int signal) {
        return switch (signal) {
            // ignored by default; the stop signals too, as czemu has no job control to stop a process for
            case LinuxAbi.SIGCHLD, LinuxAbi.SIGCONT, LinuxAbi.SIGURG, LinuxAbi.SIGWINCH,
                 LinuxAbi.SIGSTOP, LinuxAbi.SIGTSTP, LinuxAbi.SIGTTIN, LinuxAbi.SIGTTOU -> false;
            default -> true;
        };
    }
}
