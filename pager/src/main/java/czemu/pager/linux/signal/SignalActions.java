package czemu.pager.linux.signal;

import czemu.pager.linux.abi.LinuxAbi;

/**
 * A process's signal actions (what rt_sigaction sets), shared by all its threads as CLONE_SIGHAND
 * shares them: copied by fork, reset to SIG_DFL by execve where a handler was installed.
 */
public final class SignalActions {
    /** Index = signal number (0 unused). */
    private final SignalAction[] actions = new SignalAction[LinuxAbi.NSIG + 1];

    public SignalActions() {
        java.util.Arrays.fill(actions, SignalAction.DEFAULT);
    }

    public SignalAction get(int signal) {
        return actions[signal];
    }

    public void set(int signal, SignalAction action) {
        actions[signal] = action;
    }

    /**
     * Whether the signal would do nothing if delivered now: SIG_IGN, or SIG_DFL for a signal ignored
     * by default. SIGKILL and SIGSTOP's actions cannot change; SIGKILL is never ignored.
     */
    public boolean ignores(int signal) {
        if (signal == LinuxAbi.SIGKILL) return false;
        SignalAction action = actions[signal];
        return action.handler() == LinuxAbi.SIG_IGN
                || action.handler() == LinuxAbi.SIG_DFL && SignalSets.defaultAction(signal) == SignalSets.DefaultAction.IGNORE;
    }

    /** Whether the signal would end the process if delivered now (SIG_DFL and a terminating default). */
    public boolean kills(int signal) {
        return signal == LinuxAbi.SIGKILL
                || actions[signal].handler() == LinuxAbi.SIG_DFL && SignalSets.defaultAction(signal) != SignalSets.DefaultAction.IGNORE;
    }

    /** fork: the child starts with the same actions. */
    public SignalActions copy() {
        SignalActions copy = new SignalActions();
        System.arraycopy(actions, 0, copy.actions, 0, actions.length);
        return copy;
    }

    /**
     * execve: handlers go back to SIG_DFL (the code they point at is gone); ignored signals stay
     * ignored; flags, restorers and masks are cleared (the kernel's flush_signal_handlers).
     */
    public void resetHandlersForExec() {
        for (int signal = 1; signal <= LinuxAbi.NSIG; signal++) {
            boolean ignored = actions[signal].handler() == LinuxAbi.SIG_IGN;
            actions[signal] = ignored ? new SignalAction(LinuxAbi.SIG_IGN, 0, 0, 0) : SignalAction.DEFAULT;
        }
    }
}
