package czemu.pager.linux;

import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Linux threads parked until something changes: a pipe gets data or loses its last writer, a child
 * exits, the host's stdin has bytes. Waking makes each runnable again; a thread that retries its
 * call ({@link Blocking#retryWhenWoken}) then looks at the new state itself, so a spurious wake-up
 * costs one more look and never a wrong answer.
 */
public final class WaitQueue {
    private final Blocking blocking;
    private final LinkedHashSet<Tcb> waiting = new LinkedHashSet<>();

    WaitQueue(Blocking blocking) {
        this.blocking = blocking;
    }

    void add(Tcb thread) {
        waiting.add(thread);
    }

    public boolean remove(Tcb thread) {
        return waiting.remove(thread);
    }

    public boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Wakes every thread parked here that is still alive and blocked. */
    public void wakeAll() {
        wake(Integer.MAX_VALUE);
    }

    /** Wakes up to {@code count} parked threads, oldest first; returns how many woke. */
    public int wake(int count) {
        List<Tcb> woken = new ArrayList<>();
        for (Tcb thread : waiting) {
            if (woken.size() >= count) break;
            woken.add(thread);
        }
        int awake = 0;
        for (Tcb thread : woken) {
            waiting.remove(thread);
            if (thread.isAlive() && thread.state() == ThreadState.BLOCKED) {
                blocking.woken(thread);
                awake++;
            }
        }
        return awake;
    }
}
