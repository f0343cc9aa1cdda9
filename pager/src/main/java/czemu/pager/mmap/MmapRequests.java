package czemu.pager.mmap;

import czemu.kernel.abi.Errno;
import czemu.kernel.abi.MemoryLayout;
import czemu.kernel.fault.UserMemory;
import czemu.kernel.ipc.IpcMessage;
import czemu.kernel.memory.PagePermissions;
import czemu.pager.fs.OpenFile;
import czemu.pager.fs.RegularFile;
import czemu.pager.shm.SharedMemory;
import czemu.pager.task.Task;
import czemu.pager.vm.FilePages;
import czemu.pager.vm.VmArea;
import czemu.pager.vm.VmObject;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * MMAP, MUNMAP and MSYNC (codezero-abi.md §3.3, §3.6). MMAP's six arguments are read from the
 * caller's memory. Private mappings are placed first-fit upward from the end of the program image,
 * shared ones in the shm pool; MAP_SHARED|MAP_ANONYMOUS is a private shm segment; MAP_GROWSDOWN
 * answers the END of the area.
 */
public final class MmapRequests {
    static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    static final int MAP_SHARED = 0x01, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_GROWSDOWN = 0x100;
    /** The task region (§1.1), as unsigned longs: 0x80000000 is negative as an int. */
    static final long TASK_START = 0x40000000L, TASK_END = 0x80000000L;

    private final UserMemory userMemory;
    private final SharedMemory shm;
    private final AddressRanges ranges;
    private final VmObject zeroPages;
    private final Function<RegularFile, FilePages> pageCache;
    private final Consumer<String> mm0Says;

    public MmapRequests(UserMemory userMemory, SharedMemory shm, AddressRanges ranges, VmObject zeroPages,
                        Function<RegularFile, FilePages> pageCache, Consumer<String> mm0Says) {
        this.userMemory = userMemory;
        this.shm = shm;
        this.ranges = ranges;
        this.zeroPages = zeroPages;
        this.pageCache = pageCache;
        this.mm0Says = mm0Says;
    }

    /** MMAP: M2 = pointer to {start, length, prot, flags, fd, pgoffset} in the caller's memory. */
    public int mmap(Task task, IpcMessage message) {
        int[] arguments = new int[6];
        if (!userMemory.readWords(task.thread(), message.mr(2), arguments)) return -Errno.EFAULT;
        int start = arguments[0], length = arguments[1], prot = arguments[2], flags = arguments[3];
        int fd = arguments[4], pageOffset = arguments[5];
        boolean anonymous = (flags & MAP_ANONYMOUS) != 0, shared = (flags & MAP_SHARED) != 0;
        OpenFile open = anonymous ? null : task.files().get(fd);
        if (!anonymous && open == null) return -Errno.EBADF;
        long pages = (Integer.toUnsignedLong(length) + 4095) / 4096;
        if (pages == 0) {
            mm0Says.accept("Trying to map 0 pages.");
            return -Errno.EINVAL;
        }
        if (pages > (TASK_END - TASK_START) >>> 12) return -Errno.ENOMEM;
        int size = (int) pages * 4096;
        PagePermissions permissions = new PagePermissions((prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) != 0,
                (prot & PROT_WRITE) != 0, (prot & PROT_EXEC) != 0);
        if (anonymous && shared) return shm.mapAnonymous(task, (int) pages, permissions);

        VmObject object = zeroPages;
        if (!anonymous) {
            if (!(open.node() instanceof RegularFile file)) return -Errno.EINVAL;
            long filePages = (file.length() + 4095) / 4096;
            if (pageOffset < 0 || pageOffset + pages > filePages) return -Errno.EINVAL;
            object = pageCache.apply(file);
        }
        int address;
        if (start != 0 && (start & 0xFFF) == 0 && acceptable(start, size, shared)) {
            address = start;
            ranges.remove(task, address, address + size);
        } else if ((flags & MAP_FIXED) != 0) {
            return -Errno.EINVAL;
        } else {
            address = shared ? shm.allocatePool((int) pages) : firstFit(task, size);
            if (address == 0) return -Errno.ENOMEM;
        }
        object.retain();
        task.vm().add(new VmArea(address, address + size, permissions, shared, object, anonymous ? 0 : pageOffset, "mmap"));
        return (flags & MAP_GROWSDOWN) != 0 ? address + size : address;
    }

    /** MUNMAP: M2 = start (page aligned), M3 = length; whole pages, splitting areas. */
    public int munmap(Task task, IpcMessage message) {
        int start = message.mr(2), length = message.mr(3);
        if ((start & 0xFFF) != 0) return -Errno.EINVAL;
        ranges.remove(task, start, start + MemoryLayout.pageUp(length));
        return 0;
    }

    /** MSYNC: M2 = start (page aligned), M3 = length, M4 = flags; writes shared file pages back. */
    public int msync(Task task, IpcMessage message) {
        int start = message.mr(2), length = message.mr(3);
        if ((start & 0xFFF) != 0) return -Errno.EINVAL;
        int end = start + MemoryLayout.pageUp(length);
        for (VmArea area : task.vm().areas()) {
            if (area.overlaps(start, end) && area.shared() && area.object() instanceof FilePages file) file.flush();
        }
        return 0;
    }

    /** SHMDT: M2 = the address a segment is attached at. */
    public int shmdt(Task task, IpcMessage message) {
        int address = message.mr(2);
        VmArea area = task.vm().find(address);
        if (area == null || area.start() != address || !SharedMemory.isSegment(area)) return -Errno.EINVAL;
        ranges.remove(task, area.start(), area.end());
        return 0;
    }

    /** Private mappings may go in the task region or the UTCB region, shared ones in the task or shm region (§3.6). */
    private static boolean acceptable(int start, int size, boolean shared) {
        long from = Integer.toUnsignedLong(start), to = from + size;
        if (from >= TASK_START && to <= TASK_END) return true;
        return shared ? from >= Integer.toUnsignedLong(SharedMemory.POOL_START) && to <= Integer.toUnsignedLong(SharedMemory.POOL_END)
                : from >= Integer.toUnsignedLong(MemoryLayout.UTCB_REGION_START) && to <= Integer.toUnsignedLong(MemoryLayout.UTCB_REGION_END);
    }

    /** The lowest gap of {@code size} bytes above the program image (observed on the real mm0). */
    private static int firstFit(Task task, int size) {
        long candidate = Integer.toUnsignedLong(task.mmapBase());
        for (VmArea area : task.vm().areas()) {
            long areaStart = Integer.toUnsignedLong(area.start()), areaEnd = Integer.toUnsignedLong(area.end());
            if (areaEnd <= candidate) continue;
            if (areaStart >= candidate + size) break;
            candidate = areaEnd;
        }
        return candidate + size <= TASK_END ? (int) candidate : 0;
    }
}
