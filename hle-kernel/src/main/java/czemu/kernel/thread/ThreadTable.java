package czemu.kernel.thread;

import czemu.kernel.abi.ThreadIds;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every live thread by id. Raw ids come from one kernel-wide pool, lowest free first and reused
 * (codezero-abi.md §2.2); raw id 0 is the boot thread that becomes idle and is never a valid IPC
 * target, so mm0 of container 0 is thread 1.
 */
public final class ThreadTable {
    private final IdPool rawIds = new IdPool();
    private final IdPool spaceIds = new IdPool();
    private final Map<Integer, Tcb> byTid = new LinkedHashMap<>();

    public ThreadTable() {
        rawIds.allocate(); // the idle thread's raw id 0
        spaceIds.allocate(); // the kernel's own space
    }

    public int allocateRawId() {
        return rawIds.allocate();
    }

    /**
     * Keeps a raw id out of use after its thread is gone, until {@link #releaseRawId}: a Linux
     * process that exited keeps its pid until its parent reaps it, or a new child would get the pid
     * of one its parent has yet to wait for. False when the id was taken meanwhile.
     */
    public boolean reserveRawId(int raw) {
        return rawIds.reserve(raw);
    }

    public void releaseRawId(int raw) {
        rawIds.release(raw);
    }

    public int allocateSpaceId() {
        return spaceIds.allocate();
    }

    public void releaseSpaceId(int id) {
        spaceIds.release(id);
    }

    public void add(Tcb thread) {
        byTid.put(thread.tid(), thread);
    }

    public void remove(Tcb thread) {
        byTid.remove(thread.tid());
        rawIds.release(ThreadIds.rawOf(thread.tid()));
    }

    /** The live thread with this id, or null (unknown ids, 0, and special ids are never found). */
    public Tcb find(int tid) {
        return byTid.get(tid);
    }

    public Collection<Tcb> all() {
        return Collections.unmodifiableCollection(byTid.values());
    }
}
