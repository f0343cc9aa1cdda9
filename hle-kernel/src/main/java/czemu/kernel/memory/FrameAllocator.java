package czemu.kernel.memory;

import java.util.BitSet;

/**
 * Hands out 4 KiB frames of guest physical RAM, lowest free first, and counts them so a leak shows
 * (the pager's frame count must return to where it started after a task exits). Running out is a
 * normal, reported condition ({@link #NONE}), never a crash.
 */
public final class FrameAllocator implements FramePool {
    public static final int NONE = -1;

    private final BitSet used;
    private final int frames;
    private int inUse;

    public FrameAllocator(int physicalSize) {
        this.frames = physicalSize / PhysicalMemory.PAGE_SIZE;
        this.used = new BitSet(frames);
        used.set(0); // physical page 0 stays unused, so a physical address of 0 always means "none"
        inUse = 1;
    }

    /** One frame, or {@link #NONE} when RAM is exhausted. */
    @Override
    public int allocate() {
        int frame = used.nextClearBit(0);
        if (frame >= frames) {
            return NONE;
        }
        used.set(frame);
        inUse++;
        return frame * PhysicalMemory.PAGE_SIZE;
    }

    /** {@code count} contiguous frames aligned to {@code alignFrames} frames (an L1 table needs 16 KiB at 16 KiB). */
    public int allocateContiguous(int count, int alignFrames) {
        for (int start = 0; start + count <= frames; start += alignFrames) {
            int firstUsed = used.nextSetBit(start);
            if (firstUsed == -1 || firstUsed >= start + count) {
                used.set(start, start + count);
                inUse += count;
                return start * PhysicalMemory.PAGE_SIZE;
            }
            start = (firstUsed / alignFrames) * alignFrames;
        }
        return NONE;
    }

    @Override
    public void free(int physical) {
        int frame = physical / PhysicalMemory.PAGE_SIZE;
        if (frame <= 0 || frame >= frames || !used.get(frame)) {
            throw new IllegalStateException("freeing a frame that is not allocated: 0x" + Integer.toHexString(physical));
        }
        used.clear(frame);
        inUse--;
    }

    @Override
    public int framesInUse() {
        return inUse;
    }

    public int totalFrames() {
        return frames;
    }
}
