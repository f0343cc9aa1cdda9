package czemu.pager.vm;

import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.FramePool;
import czemu.kernel.memory.PhysicalMemory;

/**
 * What backs the pages of a vm_area before they are written: the pages of a file, or zeros. A frame
 * returned here is shared by everyone who maps the object and is mapped read-only into private
 * areas, so the first write makes a private copy.
 */
public interface VmObject {
    /** The frame holding page {@code pageIndex} of the object, or FrameAllocator.NONE when RAM is exhausted. */
    int frameFor(int pageIndex);

    /** A copy of page {@code pageIndex} in a fresh frame the caller will own, or NONE. */
    int privateCopy(int pageIndex);

    String describe();

    /** A fresh frame holding a copy of {@code source}, or FrameAllocator.NONE when RAM is exhausted. */
    static int copyOf(PhysicalMemory memory, FramePool frames, int source) {
        if (source == FrameAllocator.NONE) return source;
        int frame = frames.allocate();
        if (frame != FrameAllocator.NONE) memory.copyPage(source, frame);
        return frame;
    }

    /** Another vm_area maps this object (fork copies areas). */
    default void retain() {}

    /** A vm_area that mapped this object went away; the last one frees what the object owns. */
    default void release() {}
}
