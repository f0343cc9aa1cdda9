package czemu.pager.vm;

import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.FramePool;
import czemu.kernel.memory.PhysicalMemory;
import java.util.Map;

/**
 * Pages a private area had written when its task forked, now shared read-only by parent and child
 * over the object below them (a shadow object, as in mm0's vm_object chains). Each side copies a
 * page on its first write after the fork; the frames here are freed when the last area using the
 * shadow goes away.
 */
public final class ShadowPages extends OwnedPages {
    private final VmObject below;

    public ShadowPages(PhysicalMemory memory, FramePool frames, VmObject below, Map<Integer, Integer> pages, int users) {
        super(memory, frames, pages, users);
        this.below = below;
        below.retain();
    }

    @Override
    public int frameFor(int pageIndex) {
        Integer frame = pages.get(pageIndex);
        return frame != null ? frame : below.frameFor(pageIndex);
    }

    @Override
    public int privateCopy(int pageIndex) {
        return VmObject.copyOf(memory, frames, frameFor(pageIndex));
    }

    /** Whether only one area still maps this shadow (the other side of the fork is gone). */
    public boolean soleUser() {
        return users == 1;
    }

    /**
     * Fork again from the one area left on this shadow: its newer private pages replace the shadow's
     * (whose frames nobody else can see any more) and the shadow is shared again by two areas. This
     * keeps a process that forks in a loop at one shadow per area instead of a growing chain.
     */
    public void absorb(Map<Integer, Integer> newerPages) {
        newerPages.forEach((page, frame) -> {
            Integer replaced = pages.put(page, frame);
            if (replaced != null) frames.free(replaced);
        });
        users = 2;
    }

    @Override
    void destroyed() {
        below.release();
    }

    @Override
    public String describe() {
        return "shadow(" + pages.size() + " pages) over " + below.describe();
    }
}
