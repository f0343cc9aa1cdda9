package czemu.pager.vm;

import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.PhysicalMemory;
import java.util.HashMap;
import java.util.Map;

/**
 * Anonymous memory shared between tasks (a shm segment, MAP_SHARED|MAP_ANONYMOUS): one zeroed frame
 * per page, the same physical page for every task that maps it, across fork too. When the last area
 * mapping it goes away its frames are freed and {@code onDestroy} runs (the segment dies, §3.3).
 */
public final class SharedPages implements VmObject {
    private final PhysicalMemory memory;
    private final FrameAllocator frames;
    private final Map<Integer, Integer> pages = new HashMap<>();
    private final Runnable onDestroy;
    private int users;

    public SharedPages(PhysicalMemory memory, FrameAllocator frames, Runnable onDestroy) {
        this.memory = memory;
        this.frames = frames;
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
    public void retain() {
        users++;
    }

    @Override
    public void release() {
        if (--users == 0) {
            pages.values().forEach(frames::free);
            pages.clear();
            onDestroy.run();
        }
    }

    @Override
    public String describe() {
        return "shared anonymous";
    }
}
