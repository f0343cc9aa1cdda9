package czemu.pager.linux.memory;

import czemu.kernel.memory.FramePool;
import czemu.kernel.memory.PagePermissions;
import czemu.pager.fs.RegularFile;
import czemu.pager.linux.Call;
import czemu.pager.linux.LinuxCallTable;
import czemu.pager.linux.LinuxSystem;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.fs.MemFsFile;
import czemu.pager.linux.fs.OpenFileDescription;
import czemu.pager.linux.process.LinuxProcess;
import czemu.pager.mmap.AddressRanges;
import czemu.pager.task.Task;
import czemu.pager.vm.FilePages;
import czemu.pager.vm.SharedPages;
import czemu.pager.vm.TaskVm;
import czemu.pager.vm.VmArea;
import czemu.pager.vm.VmObject;
import java.util.List;
import java.util.function.UnaryOperator;

import static czemu.pager.linux.abi.LinuxSyscalls.*;

/**
 * brk, mmap2, munmap, mprotect, madvise, mremap and msync over mm0's vm areas: the same objects and
 * fault path as Codezero tasks use, so pages come on demand, anonymous memory reads the shared zero
 * page until written, and fork copies on write. Changing an area's permissions or dropping its
 * pages unmaps them, and the next access faults them back in with the area as it is now.
 */
public final class MemoryCalls {
    private final LinuxSystem system;
    private final AddressRanges ranges;
    private final VmObject zeroPages;
    private final FramePool frames;

    public MemoryCalls(LinuxSystem system, AddressRanges ranges, VmObject zeroPages, FramePool frames) {
        this.system = system;
        this.ranges = ranges;
        this.zeroPages = zeroPages;
        this.frames = frames;
    }

    public void registerIn(LinuxCallTable table) {
        table.add(BRK, "x", this::brk);
        table.add(MMAP2, "xupxdx", this::mmap);
        table.add(MUNMAP, "xu", this::munmap);
        table.add(MPROTECT, "xup", this::mprotect);
        table.add(MADVISE, "xud", this::madvise);
        table.add(MREMAP, "xuuxx", this::mremap);
        table.add(MSYNC, "xux", this::msync);
    }

    /**
     * brk: moves the end of the heap that starts after the image (the exact address asked for, mapped
     * to the page above it), and answers the break as it now is; a request it cannot meet (below the
     * start, into another mapping or the stack) leaves it unchanged.
     */
    private int brk(Call call) {
        LinuxProcess process = call.process();
        int wanted = call.arg(0), current = process.brkEnd();
        long limit = Integer.toUnsignedLong(LinuxLayout.BRK_LIMIT);
        if (wanted == 0 || Integer.compareUnsigned(wanted, process.brkStart()) < 0 || Integer.toUnsignedLong(wanted) > limit) {
            return current;
        }
        Task task = call.task();
        int oldTop = LinuxLayout.pageUp(current), newTop = LinuxLayout.pageUp(wanted), heapStart = LinuxLayout.pageUp(process.brkStart());
        if (Integer.compareUnsigned(newTop, oldTop) > 0) {
            for (VmArea area : task.vm().areas()) {
                if (area.overlaps(oldTop, newTop)) return current;
            }
            VmArea heap = oldTop == heapStart ? null : task.vm().find(oldTop - 1);
            if (heap != null && heap.end() == oldTop && heap.label().equals("brk")) {
                task.vm().replace(heap, heap.slice(heap.start(), newTop));
            } else {
                task.vm().add(new VmArea(oldTop, newTop, PagePermissions.READ_WRITE, false, zeroPages, 0, "brk"));
            }
        } else if (Integer.compareUnsigned(newTop, oldTop) < 0) {
            ranges.remove(task, newTop, oldTop);
        }
        process.setBreak(process.brkStart(), wanted);
        return wanted;
    }

    /** mmap2(addr, length, prot, flags, fd, offset in pages). */
    private int mmap(Call call) {
        int hint = call.arg(0), length = call.arg(1), prot = call.arg(2), flags = call.arg(3), fd = call.arg(4), pageOffset = call.arg(5);
        int type = flags & LinuxAbi.MAP_TYPE;
        if (length == 0 || (type != LinuxAbi.MAP_SHARED && type != LinuxAbi.MAP_PRIVATE && type != 3)) return -LinuxAbi.EINVAL;
        boolean shared = type != LinuxAbi.MAP_PRIVATE, anonymous = (flags & LinuxAbi.MAP_ANONYMOUS) != 0;
        long size = (Integer.toUnsignedLong(length) + 4095) & ~4095L;
        if (size > Integer.toUnsignedLong(LinuxLayout.MMAP_END) - Integer.toUnsignedLong(LinuxLayout.MMAP_BASE)) return -LinuxAbi.ENOMEM;
        Task task = call.task();
        VmObject object;
        if (anonymous) {
            object = shared ? new SharedPages(system.kernel().memory(), frames, () -> { }) : zeroPages;
            pageOffset = 0;
        } else {
            OpenFileDescription file = call.process().files().get(fd);
            if (file == null) return -LinuxAbi.EBADF;
            if (!(file instanceof MemFsFile && file.node() instanceof RegularFile regular)) return -LinuxAbi.ENODEV;
            if (!file.readable() || (shared && (prot & LinuxAbi.PROT_WRITE) != 0 && !file.writable())) return -LinuxAbi.EACCES;
            if (pageOffset < 0) return -LinuxAbi.EINVAL;
            object = system.pageCache().apply(regular);
        }
        int address;
        if ((flags & (LinuxAbi.MAP_FIXED | LinuxAbi.MAP_FIXED_NOREPLACE)) != 0) {
            if ((hint & 0xFFF) != 0 || !LinuxLayout.mappable(hint, size)) return -LinuxAbi.EINVAL;
            if ((flags & LinuxAbi.MAP_FIXED) == 0 && !free(task.vm(), hint, size)) return -LinuxAbi.EEXIST;
            address = hint;
            ranges.remove(task, address, (int) (address + size));
        } else if (hint != 0 && (hint & 0xFFF) == 0 && LinuxLayout.mappable(hint, size) && free(task.vm(), hint, size)) {
            address = hint;
        } else {
            address = firstFit(task.vm(), size);
            if (address == 0) return -LinuxAbi.ENOMEM;
        }
        object.retain();
        task.vm().add(new VmArea(address, (int) (address + size), permissions(prot), shared, object, pageOffset, "mmap"));
        return address;
    }

    private int munmap(Call call) {
        int start = call.arg(0);
        long size = (Integer.toUnsignedLong(call.arg(1)) + 4095) & ~4095L;
        if ((start & 0xFFF) != 0 || size == 0 || Integer.toUnsignedLong(start) + size > 0x1_0000_0000L) return -LinuxAbi.EINVAL;
        if (!LinuxLayout.mappable(start, size)) return -LinuxAbi.EINVAL;
        ranges.remove(call.task(), start, (int) (start + size));
        return 0;
    }

    private int mprotect(Call call) {
        int start = call.arg(0);
        long size = (Integer.toUnsignedLong(call.arg(1)) + 4095) & ~4095L;
        if ((start & 0xFFF) != 0) return -LinuxAbi.EINVAL;
        if (size == 0) return 0;
        Task task = call.task();
        if (!LinuxLayout.mappable(start, size) || !task.vm().covers(start, (int) size)) return -LinuxAbi.ENOMEM;
        PagePermissions permissions = permissions(call.arg(2));
        reshape(task, start, (int) (start + size), area -> area.withPermissions(permissions));
        unmapPages(task, start, (int) (start + size));
        return 0;
    }

    /** madvise: MADV_DONTNEED drops private pages, so they read as the object's (zeros for anonymous memory) again. */
    private int madvise(Call call) {
        int start = call.arg(0);
        long size = (Integer.toUnsignedLong(call.arg(1)) + 4095) & ~4095L;
        if ((start & 0xFFF) != 0) return -LinuxAbi.EINVAL;
        if (call.arg(2) != LinuxAbi.MADV_DONTNEED || size == 0) return 0;
        Task task = call.task();
        int end = (int) (start + size);
        for (VmArea area : task.vm().areas()) {
            if (!area.overlaps(start, end) || area.shared()) continue;
            for (int page : List.copyOf(area.privatePagesByAddress().keySet())) {
                if (Integer.compareUnsigned(page, start) >= 0 && Integer.compareUnsigned(page, end) < 0) {
                    frames.free(area.dropPrivatePage(page));
                    system.kernel().unmap(task.thread().space(), page);
                }
            }
        }
        return 0;
    }

    /** mremap(old, old size, new size, flags): shrinks, or grows in place when the pages after are free; -ENOMEM otherwise (it never moves). */
    private int mremap(Call call) {
        int old = call.arg(0);
        int oldSize = LinuxLayout.pageUp(call.arg(1)), newSize = LinuxLayout.pageUp(call.arg(2));
        if ((old & 0xFFF) != 0 || newSize == 0) return -LinuxAbi.EINVAL;
        Task task = call.task();
        VmArea area = task.vm().find(old);
        if (area == null || Integer.compareUnsigned(area.end(), old + oldSize) < 0) return -LinuxAbi.EFAULT;
        if (Integer.compareUnsigned(newSize, oldSize) <= 0) {
            if (newSize != oldSize) ranges.remove(task, old + newSize, old + oldSize);
            return old;
        }
        if (area.end() != old + oldSize || !LinuxLayout.mappable(old, Integer.toUnsignedLong(newSize))
                || !free(task.vm(), old + oldSize, newSize - oldSize)) {
            return -LinuxAbi.ENOMEM;
        }
        task.vm().replace(area, area.slice(area.start(), old + newSize));
        return old;
    }

    private int msync(Call call) {
        int start = call.arg(0), end = start + LinuxLayout.pageUp(call.arg(1));
        if ((start & 0xFFF) != 0) return -LinuxAbi.EINVAL;
        for (VmArea area : call.task().vm().areas()) {
            if (area.overlaps(start, end) && area.shared() && area.object() instanceof FilePages file) file.flush();
        }
        return 0;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static PagePermissions permissions(int prot) {
        return new PagePermissions((prot & (LinuxAbi.PROT_READ | LinuxAbi.PROT_WRITE | LinuxAbi.PROT_EXEC)) != 0,
                (prot & LinuxAbi.PROT_WRITE) != 0, (prot & LinuxAbi.PROT_EXEC) != 0);
    }

    private static boolean free(TaskVm vm, int start, long size) {
        int end = (int) (start + size);
        for (VmArea area : vm.areas()) {
            if (area.overlaps(start, end)) return false;
        }
        return true;
    }

    /** The lowest gap of {@code size} bytes from the mmap base up to TASK_SIZE, or 0. */
    private static int firstFit(TaskVm vm, long size) {
        long candidate = Integer.toUnsignedLong(LinuxLayout.MMAP_BASE);
        for (VmArea area : vm.areas()) {
            long start = Integer.toUnsignedLong(area.start()), end = Integer.toUnsignedLong(area.end());
            if (end <= candidate) continue;
            if (start >= candidate + size) break;
            candidate = end;
        }
        return candidate + size <= Integer.toUnsignedLong(LinuxLayout.MMAP_END) ? (int) candidate : 0;
    }

    /** Replaces the part of each area inside [start, end) by {@code inside} of it, keeping the parts outside. */
    private static void reshape(Task task, int start, int end, UnaryOperator<VmArea> inside) {
        for (VmArea area : List.copyOf(task.vm().areas())) {
            if (!area.overlaps(start, end)) continue;
            int cutStart = Integer.compareUnsigned(area.start(), start) > 0 ? area.start() : start;
            int cutEnd = Integer.compareUnsigned(area.end(), end) < 0 ? area.end() : end;
            task.vm().remove(area);
            if (area.start() != cutStart) keep(task, area.slice(area.start(), cutStart));
            keep(task, inside.apply(area.slice(cutStart, cutEnd)));
            if (area.end() != cutEnd) keep(task, area.slice(cutEnd, area.end()));
            area.object().release();
        }
    }

    private static void keep(Task task, VmArea part) {
        part.object().retain();
        task.vm().add(part);
    }

    private void unmapPages(Task task, int start, int end) {
        var space = task.thread().space();
        for (int page = start; page != end; page += 4096) {
            if (space.pageTable().entry(page) != 0) system.kernel().unmap(space, page);
        }
    }
}
