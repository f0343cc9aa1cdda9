package czemu.pager.vm;

import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.FramePool;
import czemu.kernel.memory.PhysicalMemory;

/**
 * Anonymous memory: every page reads as zeros from one shared read-only zero frame until it is
 * written, and the first write gets a fresh zeroed frame. Untouched bss, stacks and UTCB pages cost
 * no RAM.
 */
public final class ZeroPages implements VmObject {
    private final PhysicalMemory memory;
    private final FramePool frames;
    private final int zeroFrame;

    public ZeroPages(PhysicalMemory memory, FramePool frames, int zeroFrame) {
        this.memory = memory;
        this.frames = frames;
        this.zeroFrame = zeroFrame;
    }

    @Override
    public int frameFor(int pageIndex) {
        return zeroFrame;
    }

    @Override
    public int privateCopy(int pageIndex) {
        int frame = frames.allocate();
        if (frame != FrameAllocator.NONE) memory.zero(frame, PhysicalMemory.PAGE_SIZE);
        return frame;
    }

    @Override
    public String describe() {
        return "anonymous";
    }
}
