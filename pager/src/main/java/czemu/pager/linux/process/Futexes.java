package czemu.pager.linux.process;

import czemu.pager.linux.WaitQueue;
import czemu.pager.vm.TaskVm;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Futex wait queues, keyed by the address space (its vm areas) and the futex word's address: the
 * threads of one process meet there. A shared futex across processes is not supported (docs/linux.md).
 */
public final class Futexes {
    private record Key(TaskVm vm, int address) {}

    private final Map<Key, WaitQueue> queues = new HashMap<>();
    private final Supplier<WaitQueue> newQueue;

    public Futexes(Supplier<WaitQueue> newQueue) {
        this.newQueue = newQueue;
    }

    public WaitQueue queue(TaskVm vm, int address) {
        return queues.computeIfAbsent(new Key(vm, address), key -> newQueue.get());
    }

    /** Wakes up to {@code count} waiters on the word; returns how many woke. */
    public int wake(TaskVm vm, int address, int count) {
        WaitQueue queue = queues.get(new Key(vm, address));
        if (queue == null) return 0;
        int woken = queue.wake(count);
        if (queue.isEmpty()) queues.remove(new Key(vm, address));
        return woken;
    }
}
