package czemu.kernel.mutex;

import czemu.kernel.abi.Errno;
import czemu.kernel.ipc.Ipc;
import czemu.kernel.thread.Tcb;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel half of Codezero's user mutexes (codezero-abi.md §2.6). User space takes and releases
 * the lock with swp; it calls the kernel only when there is contention. Wait queues are keyed by
 * the container and the mutex word's physical address, so two processes that share the page after
 * fork meet on one queue. LOCK and UNLOCK rendezvous: an unlocker with n contenders waits until n
 * contenders have arrived, and each contender is woken by an unlock, so none is lost whichever
 * reaches the kernel first.
 */
public final class UserMutexes {
    private static final class WaitQueue {
        /** Contenders announced by unlockers and not yet arrived (positive), or arrived and not yet woken. */
        int count;
        final ArrayDeque<Tcb> contenders = new ArrayDeque<>();
        final ArrayDeque<Tcb> holders = new ArrayDeque<>();
    }

    private final Map<Long, WaitQueue> queues = new HashMap<>();
    private final Ipc.Scheduling scheduling;

    public UserMutexes(Ipc.Scheduling scheduling) {
        this.scheduling = scheduling;
    }

    /** LOCK: returns 0 at once if an unlocker is waiting for this contender, else the caller sleeps until an unlock. */
    public int lock(Tcb caller, int physical) {
        long key = key(caller, physical);
        WaitQueue queue = queues.get(key);
        if (queue == null) {
            queue = new WaitQueue();
            queues.put(key, queue);
        } else if (!queue.holders.isEmpty()) {
            if (--queue.count == 0) {
                wakeAll(queue.holders);
                queues.remove(key);
            }
            return 0;
        }
        queue.contenders.add(caller);
        caller.setWaitingOn(String.format("an unlock of the user mutex at physical 0x%x", physical));
        scheduling.block(caller);
        return 0;
    }

    /** UNLOCK with n contenders: wakes up to n sleeping contenders; sleeps until the rest have arrived. */
    public int unlock(Tcb caller, int physical, int contenders) {
        if (contenders <= 0) return -Errno.EINVAL;
        long key = key(caller, physical);
        WaitQueue queue = queues.computeIfAbsent(key, k -> new WaitQueue());
        queue.count += contenders;
        while (queue.count > 0 && !queue.contenders.isEmpty()) {
            wake(queue.contenders.poll());
            queue.count--;
        }
        if (queue.count == 0) {
            wakeAll(queue.holders);
            if (queue.contenders.isEmpty()) queues.remove(key);
            return 0;
        }
        queue.holders.add(caller);
        caller.setWaitingOn(String.format("%d more contenders of the user mutex at physical 0x%x", queue.count, physical));
        scheduling.block(caller);
        return 0;
    }

    /** thread_control SUSPEND of a sleeping thread: it leaves its queue and its mutex_control returns -EINTR. */
    public boolean interrupt(Tcb thread) {
        boolean[] found = {false};
        queues.values().forEach(q -> found[0] |= q.contenders.remove(thread) | q.holders.remove(thread));
        if (found[0]) {
            thread.setWaitingOn(null);
            thread.context.core[0] = -Errno.EINTR;
        }
        return found[0];
    }

    /** A dying thread leaves any queue it sleeps in. */
    public void threadDied(Tcb thread) {
        queues.values().forEach(q -> {
            q.contenders.remove(thread);
            q.holders.remove(thread);
        });
    }

    private void wakeAll(ArrayDeque<Tcb> threads) {
        while (!threads.isEmpty()) wake(threads.poll());
    }

    private void wake(Tcb thread) {
        thread.setWaitingOn(null);
        thread.context.core[0] = 0;
        scheduling.wake(thread);
    }

    private static long key(Tcb caller, int physical) {
        return ((long) caller.container().id() << 32) | (physical & 0xFFFFFFFFL);
    }
}
