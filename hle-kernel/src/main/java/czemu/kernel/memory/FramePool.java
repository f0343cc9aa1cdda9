package czemu.kernel.memory;

/**
 * Where a pager takes the frames behind task pages: the whole machine's RAM, or one container's
 * share of it ({@link FrameQuota}). Running out is {@link FrameAllocator#NONE}, never a crash.
 */
public interface FramePool {
    /** One frame's physical address, or {@link FrameAllocator#NONE} when the pool is exhausted. */
    int allocate();

    void free(int physical);

    int framesInUse();
}
