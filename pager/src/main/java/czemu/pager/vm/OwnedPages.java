package czemu.pager.vm;

import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.FramePool;
import czemu.kernel.memory.PhysicalMemory;
import java.util.HashMap;
import java.util.Map;

/**
 * A vm object that owns frames of its own and is shared by several areas: the frames are freed
 * when the last area using it lets go, and {@link #destroyed()} runs then.
 */
abstract class OwnedPages implements VmObject {
    final PhysicalMemory memory;
    final FramePool frames;
    /** Object page index → frame. */
    final Map<Integer, Integer> pages;
    int users;

    OwnedPages(PhysicalMemory memory, FramePool frames, Map<Integer, Integer> pages, int users) {
        this.memory = memory;
        this.frames = frames;
        this.pages = pages;
        this.users = users;
    }

    OwnedPages(PhysicalMemory memory, FramePool frames) {
        this(memory, frames, new HashMap<>(), 0);
    }

    @Override
    public void retain() {
        users++;
    }

    @Override
    public void release() {
        if (--users == 0) {
            pages.values().forEach(frames::free);
            pages.clear();
            destroyed();
        }
    }

    /** What else goes with the object (the object below a shadow, a shm segment's id). */
    abstract void destroyed();
}
