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
    /**
     * What a wait queue costs the thread whose call creates it (a unit of its mutex pool, capabilities-2009.md §2.6),
     * given back when the queue goes.
     */
    public interface QueueQuota {
        /** A token for one queue paid by {@code creator}, or null when it may have no more. */
        Object take(Tcb creator);

        void give(Object token);

        QueueQuota FREE = new QueueQuota() {
            @Override
            public Object take(Tcb creator) { return Boolean.TRUE; }

            @Override
            public void give(Object token) {}
        };
    }

    private static final class WaitQueue {
        /** What the queue cost, given back when it is removed. */
        final Object paid;
        /** Contenders announced by unlockers and not yet arrived (positive), or arrived and not yet woken. */
        int count;
        final ArrayDeque<Tcb> contenders = new ArrayDeque<>();
        final ArrayDeque<Tcb> holders = new ArrayDeque<>();

        WaitQueue(Object paid) {
            this.paid = paid;
        }
    }

    private final Map<Long, WaitQueue> queues = new HashMap<>();
    private final Ipc.Scheduling scheduling;
    private QueueQuota quota = QueueQuota.FREE;

    public UserMutexes(Ipc.Scheduling scheduling) {
        this.scheduling = scheduling;
    }

    /** Charges every new wait queue to its creator from now on. */
    public void setQuota(QueueQuota quota) {
        this.quota = quota;
    }

    /** A new queue paid by {@code creator}, or null when its mutex pool is exhausted. */
    private WaitQueue newQueue(Tcb creator, long key) {
        Object paid = quota.take(creator);
        if (paid == null) return null;
        WaitQueue queue = new WaitQueue(paid);
        queues.put(key, queue);
        return queue;
    }

    private void removeQueue(long key) {
        WaitQueue queue = queues.remove(key);
        if (queue != null) quota.give(queue.paid);
    }

    /**
     * LOCK: returns 0 at once if an unlocker is waiting for this contender, else the caller sleeps until an unlock.
     * -ENOMEM when a new wait queue is needed and the caller's mutex pool has no room (Codezero's answer).
     */
    public int lock(Tcb caller, int physical) {
        long key = key(caller, physical);
        WaitQueue queue = queues.get(key);
        if (queue == null) {
            queue = newQueue(caller, key);
            if (queue == null) return -Errno.ENOMEM;
        } else if (!queue.holders.isEmpty()) {
            if (--queue.count == 0) {
                wakeAll(queue.holders);
                removeQueue(key);
            }
            return 0;
        }
        queue.contenders.add(caller);
        caller.setWaitingOn(String.format("an unlock of the user mutex at physical 0x%x", physical));
        scheduling.block(caller);
        return 0;
    }

    /** UNLOCK with n contenders: wakes up to n sleeping contenders; sleeps until the rest have arrived (-ENOMEM as LOCK). */
    public int unlock(Tcb caller, int physical, int contenders) {
        if (contenders <= 0) return -Errno.EINVAL;
        long key = key(caller, physical);
        WaitQueue queue = queues.get(key);
        if (queue == null) queue = newQueue(caller, key);
        if (queue == null) return -Errno.ENOMEM;
        queue.count += contenders;
        while (queue.count > 0 && !queue.contenders.isEmpty()) {
            wake(queue.contenders.poll());
            queue.count--;
        }
        if (queue.count == 0) {
            wakeAll(queue.holders);
            if (queue.contenders.isEmpty()) removeQueue(key);
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
            removeDeserted();
        }
        return found[0];
    }

    /** A dying thread leaves any queue it sleeps in. */
    public void threadDied(Tcb thread) {
        queues.values().forEach(q -> {
            q.contenders.remove(thread);
            q.holders.remove(thread);
        });
        removeDeserted();
    }

    /** A queue nobody sleeps in any more (its sleepers died or were interrupted) goes, and its cost with it. */
    private void removeDeserted() {
        for (Long key : new java.util.ArrayList<>(queues.keySet())) {
            WaitQueue q = queues.get(key);
            if (q.contenders.isEmpty() && q.holders.isEmpty()) removeQueue(key);
        }
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
