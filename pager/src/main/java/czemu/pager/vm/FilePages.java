package czemu.pager.vm;

import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.FramePool;
import czemu.kernel.memory.PhysicalMemory;
import czemu.pager.fs.RegularFile;
import java.util.HashMap;
import java.util.Map;

/**
 * A file's page cache: page i of the file in one frame, filled from the file's bytes on first use
 * (zeros past its end) and shared by every mapping of the file. Writes through the file system
 * update cached pages, so mappings see them.
 */
public final class FilePages implements VmObject {
    private final PhysicalMemory memory;
    private final FramePool frames;
    private final RegularFile file;
    private final Map<Integer, Integer> cache = new HashMap<>();

    public FilePages(PhysicalMemory memory, FramePool frames, RegularFile file) {
        this.memory = memory;
        this.frames = frames;
        this.file = file;
    }

    @Override
    public int frameFor(int pageIndex) {
        Integer cached = cache.get(pageIndex);
        if (cached != null) return cached;
        int frame = frames.allocate();
        if (frame == FrameAllocator.NONE) return frame;
        fill(frame, pageIndex);
        cache.put(pageIndex, frame);
        return frame;
    }

    @Override
    public int privateCopy(int pageIndex) {
        return VmObject.copyOf(memory, frames, frameFor(pageIndex));
    }

    /** The file's bytes changed in [offset, offset+length): refresh cached pages there. */
    public void fileWritten(long offset, int length) {
        int first = (int) (offset / PhysicalMemory.PAGE_SIZE);
        int last = (int) ((offset + Math.max(length, 1) - 1) / PhysicalMemory.PAGE_SIZE);
        for (int page = first; page <= last; page++) {
            Integer frame = cache.get(page);
            if (frame != null) fill(frame, page);
        }
    }

    /** Writes the cached pages back into the file (msync, munmap, close of a shared mapping). */
    public void flush() {
        byte[] page = new byte[PhysicalMemory.PAGE_SIZE];
        cache.forEach((index, frame) -> {
            long offset = (long) index * PhysicalMemory.PAGE_SIZE;
            int length = (int) Math.min(page.length, file.length() - offset);
            if (length <= 0) return;
            memory.read(frame, page, 0, length);
            file.write(offset, page, 0, length);
        });
    }

    public RegularFile file() {
        return file;
    }

    private void fill(int frame, int pageIndex) {
        byte[] page = new byte[PhysicalMemory.PAGE_SIZE];
        file.read((long) pageIndex * PhysicalMemory.PAGE_SIZE, page, 0, page.length);
        memory.write(frame, page, 0, page.length);
    }

    @Override
    public String describe() {
        return "file " + file.name();
    }
}
