package czemu.pager.linux.signal;

import czemu.pager.linux.abi.LinuxAbi;

/**
 * Sets of signals as the kernel keeps them: a 64-bit word, bit n-1 for signal n (sigset_t on ARM,
 * as rt_sigprocmask and sa_mask pass it), and what signal(7) says each signal does by default.
 */
public final class SignalSets {
    private SignalSets() {}

    /** Every signal a mask may hold: all but SIGKILL and SIGSTOP, which can be neither blocked nor caught. */
    public static final long BLOCKABLE = ~(bit(LinuxAbi.SIGKILL) | bit(LinuxAbi.SIGSTOP));

    /**
     * Faults of the thread itself (the kernel's SYNCHRONOUS_MASK): delivered before any other pending
     * signal, so the handler sees the fault before, say, a timer's signal.
     */
    static final long SYNCHRONOUS = bit(LinuxAbi.SIGSEGV) | bit(LinuxAbi.SIGBUS) | bit(LinuxAbi.SIGILL) | bit(LinuxAbi.SIGTRAP)
            | bit(LinuxAbi.SIGFPE) | bit(LinuxAbi.SIGSYS);

    public static long bit(int signal) {
        return 1L << (signal - 1);
    }

    public static boolean contains(long set, int signal) {
        return (set & bit(signal)) != 0;
    }

    /** The signal to take first from {@code set}: a synchronous one, else the lowest; 0 for an empty set. */
    static int first(long set) {
        long synchronous = set & SYNCHRONOUS;
        long from = synchronous != 0 ? synchronous : set;
        return from == 0 ? 0 : Long.numberOfTrailingZeros(from) + 1;
    }

    /** What a signal does when its action is SIG_DFL (signal(7)). */
    public enum DefaultAction {
        /** The process ends. */
        TERMINATE,
        /** The process ends, with a core dump on Linux (czemu reports it, as it reports a fault). */
        CORE,
        /** Nothing happens. The stop and continue signals too: czemu has no job control to stop a process for. */
        IGNORE
    }

    public static DefaultAction defaultAction(int signal) {
        return switch (signal) {
            case LinuxAbi.SIGCHLD, LinuxAbi.SIGCONT, LinuxAbi.SIGURG, LinuxAbi.SIGWINCH,
                 LinuxAbi.SIGSTOP, LinuxAbi.SIGTSTP, LinuxAbi.SIGTTIN, LinuxAbi.SIGTTOU -> DefaultAction.IGNORE;
            case LinuxAbi.SIGQUIT, LinuxAbi.SIGILL, LinuxAbi.SIGTRAP, LinuxAbi.SIGABRT, LinuxAbi.SIGBUS, LinuxAbi.SIGFPE,
                 LinuxAbi.SIGSEGV, LinuxAbi.SIGXCPU, LinuxAbi.SIGXFSZ, LinuxAbi.SIGSYS -> DefaultAction.CORE;
            default -> DefaultAction.TERMINATE;
        };
    }
}
