package czemu.pager.vm;

import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.FramePool;
import czemu.kernel.memory.PhysicalMemory;

/**
 * Anonymous memory shared between tasks (a shm segment, MAP_SHARED|MAP_ANONYMOUS): one zeroed frame
 * per page, the same physical page for every task that maps it, across fork too. When the last area
 * mapping it goes away its frames are freed and {@code onDestroy} runs (the segment dies, §3.3).
 */
public final class SharedPages extends OwnedPages {
    private final Runnable onDestroy;

    public SharedPages(PhysicalMemory memory, FramePool frames, Runnable onDestroy) {
        super(memory, frames);
        this.onDestroy = onDestroy;
    }

    @Override
    public int frameFor(int pageIndex) {
        Integer frame = pages.get(pageIndex);
        if (frame != null) return frame;
        int fresh = frames.allocate();
        if (fresh == FrameAllocator.NONE) return fresh;
        memory.zero(fresh, PhysicalMemory.PAGE_SIZE);
        pages.put(pageIndex, fresh);
        return fresh;
    }

    @Override
    public int privateCopy(int pageIndex) {
        return frameFor(pageIndex); // never asked for: shared areas map the shared frame
    }

    @Override
    void destroyed() {
        onDestroy.run();
    }

    @Override
    public String describe() {
        return "shared anonymous";
    }
}
