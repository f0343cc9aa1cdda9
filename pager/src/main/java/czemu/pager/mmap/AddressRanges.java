package czemu.pager.mmap;

import czemu.kernel.memory.FramePool;
import czemu.kernel.Kernel;
import czemu.pager.task.Task;
import czemu.pager.vm.FilePages;
import czemu.pager.vm.VmArea;
import java.util.List;

/**
 * Removes a range of a task's address space, cutting the areas it overlaps (munmap, a MAP_FIXED
 * map over old areas, shmdt): the pages in the range are unmapped, the pages the areas owned there
 * freed, shared file pages written back first, and the parts outside the range kept.
 */
public final class AddressRanges {
    private final Kernel kernel;
    private final FramePool frames;

    public AddressRanges(Kernel kernel, FramePool frames) {
        this.frames = frames;
        this.kernel = kernel;
    }

    public void remove(Task task, int start, int end) {
        for (VmArea area : List.copyOf(task.vm().areas())) {
            if (!area.overlaps(start, end)) continue;
            int cutStart = Integer.compareUnsigned(area.start(), start) > 0 ? area.start() : start;
            int cutEnd = Integer.compareUnsigned(area.end(), end) < 0 ? area.end() : end;
            if (area.shared() && area.object() instanceof FilePages file) file.flush();
            task.vm().remove(area);
            if (area.start() != cutStart) keep(task, area.slice(area.start(), cutStart));
            if (area.end() != cutEnd) keep(task, area.slice(cutEnd, area.end()));
            for (int page = cutStart; page != cutEnd; page += 4096) {
                kernel.unmap(task.thread().space(), page);
                Integer own = area.privatePage(page);
                if (own != null) frames.free(own);
            }
            area.object().release();
        }
    }

    private static void keep(Task task, VmArea part) {
        part.object().retain();
        task.vm().add(part);
    }
}
