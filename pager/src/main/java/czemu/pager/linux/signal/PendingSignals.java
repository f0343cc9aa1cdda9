package czemu.pager.linux.signal;

import czemu.pager.linux.abi.LinuxAbi;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Signals sent and not yet delivered, to one thread or to a whole process (the kernel's two
 * sigpending lists). A standard signal (1..31) is pending at most once, with the siginfo of its
 * first sending; real-time signals (32..64) queue each sending, in order.
 */
public final class PendingSignals {
    private long set;
    private final List<SignalInfo> queue = new ArrayList<>();

    /** The pending signals as a set. */
    public long set() {
        return set;
    }

    /** Adds a sending; false when a standard signal was pending already (the new one merges into it). */
    public boolean add(SignalInfo info) {
        int signal = info.signal();
        if (signal < LinuxAbi.SIGRTMIN && SignalSets.contains(set, signal)) return false;
        queue.add(info);
        set |= SignalSets.bit(signal);
        return true;
    }

    /** Takes the oldest sending of {@code signal}, or null if none is pending. */
    public SignalInfo take(int signal) {
        SignalInfo taken = null;
        boolean more = false;
        for (Iterator<SignalInfo> it = queue.iterator(); it.hasNext(); ) {
            SignalInfo info = it.next();
            if (info.signal() != signal) continue;
            if (taken == null) {
                taken = info;
                it.remove();
            } else {
                more = true;
                break;
            }
        }
        if (!more) set &= ~SignalSets.bit(signal);
        return taken;
    }

    /** Drops every sending of {@code signal} (its action became "ignore"). */
    public void discard(int signal) {
        queue.removeIf(info -> info.signal() == signal);
        set &= ~SignalSets.bit(signal);
    }

    public void clear() {
        queue.clear();
        set = 0;
    }
}
