package czemu.kernel.memory;

/**
 * A container's memory region: at most {@code limit} frames of the machine's RAM. A container that
 * fills its region gets {@link FrameAllocator#NONE} (its pager kills the task that asked, out of
 * memory) while the other containers keep their share.
 */
public final class FrameQuota implements FramePool {
    private final FrameAllocator machine;
    private final int limit;
    private int inUse;

    public FrameQuota(FrameAllocator machine, int limitFrames) {
        if (limitFrames <= 0) throw new IllegalArgumentException("a memory region needs at least one frame, not " + limitFrames);
        this.machine = machine;
        this.limit = limitFrames;
    }

    @Override
    public int allocate() {
        if (inUse >= limit) return FrameAllocator.NONE;
        int frame = machine.allocate();
        if (frame != FrameAllocator.NONE) inUse++;
        return frame;
    }

    @Override
    public void free(int physical) {
        machine.free(physical);
        inUse--;
    }

    @Override
    public int framesInUse() {
        return inUse;
    }

    public int limit() {
        return limit;
    }
}
