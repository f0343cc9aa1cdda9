package czemu.pager.shm;

import czemu.kernel.memory.FramePool;
import czemu.kernel.Kernel;
import czemu.kernel.abi.Errno;
import czemu.kernel.memory.PagePermissions;
import czemu.pager.task.Task;
import czemu.pager.vm.SharedPages;
import czemu.pager.vm.VmArea;
import java.util.BitSet;

/**
 * System V shared memory as mm0 does it (codezero-abi.md §3.3): up to 64 segments of 1..10 pages,
 * ids lowest free first, each with one address for every task, taken first-fit from the shm pool
 * 0x80000000–0x90000000 at its first attach. A segment dies, and its id and addresses are free
 * again, when its last attachment goes. The pool also places every MAP_SHARED mapping.
 */
public final class SharedMemory {
    public static final int POOL_START = 0x80000000, POOL_END = 0x90000000;
    static final int MAX_SEGMENTS = 64, MAX_PAGES = 10;
    static final int IPC_PRIVATE = 0, IPC_CREAT = 01000, IPC_EXCL = 02000, SHM_RDONLY = 010000, SHM_RND = 020000;

    private final Kernel kernel;
    private final FramePool frames;
    private final Segment[] segments = new Segment[MAX_SEGMENTS];
    private final BitSet poolPages = new BitSet((POOL_END - POOL_START) >>> 12);

    private final class Segment {
        final int id, key, pages;
        final SharedPages memory;
        int address;

        Segment(int id, int key, int pages) {
            this.id = id;
            this.key = key;
            this.pages = pages;
            this.memory = new SharedPages(kernel.memory(), frames, this::destroy);
        }

        void destroy() {
            segments[id] = null;
            if (address != 0) freePool(address, pages);
        }
    }

    public SharedMemory(Kernel kernel, FramePool frames) {
        this.frames = frames;
        this.kernel = kernel;
    }

    /** SHMGET: M2 = key, M3 = size in bytes, M4 = flags. */
    public int shmget(int key, int size, int flags) {
        long pages = (Integer.toUnsignedLong(size) + 4095) / 4096;
        if (pages < 1 || pages > MAX_PAGES) return -Errno.EINVAL;
        if (key != IPC_PRIVATE) {
            for (Segment segment : segments) {
                if (segment == null || segment.key != key) continue;
                if ((flags & IPC_CREAT) != 0 && (flags & IPC_EXCL) != 0) return -Errno.EEXIST;
                if (segment.pages < pages) return -Errno.EINVAL;
                return segment.id;
            }
            if ((flags & IPC_CREAT) == 0) return -Errno.ENOENT;
        }
        for (int id = 0; id < MAX_SEGMENTS; id++) {
            if (segments[id] == null) {
                segments[id] = new Segment(id, key, (int) pages);
                return id;
            }
        }
        return -Errno.ENOSPC;
    }

    /** SHMAT: M2 = id, M3 = address (0: the segment's own), M4 = flags. Answers the address. */
    public int shmat(Task task, int id, int address, int flags) {
        Segment segment = id >= 0 && id < MAX_SEGMENTS ? segments[id] : null;
        if (segment == null) return -Errno.EINVAL;
        if ((address & 0xFFF) != 0) {
            if ((flags & SHM_RND) == 0) return -Errno.EINVAL;
            address &= ~0xFFF;
        }
        if (segment.address == 0) {
            int placed = address != 0 ? (reservePool(address, segment.pages) ? address : 0) : allocatePool(segment.pages);
            if (placed == 0) return -Errno.EINVAL;
            segment.address = placed;
        } else if (address != 0 && address != segment.address) {
            return -Errno.EINVAL;
        }
        PagePermissions permissions = (flags & SHM_RDONLY) != 0 ? PagePermissions.READ_ONLY : PagePermissions.READ_WRITE;
        VmArea area = new VmArea(segment.address, segment.address + segment.pages * 4096, permissions, true, segment.memory, 0,
                "shm " + segment.id);
        if (!task.vm().add(area)) return -Errno.EINVAL;
        segment.memory.retain();
        return segment.address;
    }

    /** Whether {@code area} is the attachment of a segment (what SHMDT may remove). */
    public static boolean isSegment(VmArea area) {
        return area.object() instanceof SharedPages && area.label().startsWith("shm ");
    }

    /** A new private segment of {@code pages} pages, attached (MAP_SHARED|MAP_ANONYMOUS, §3.6). */
    public int mapAnonymous(Task task, int pages, PagePermissions permissions) {
        int id = shmget(IPC_PRIVATE, pages * 4096, IPC_CREAT);
        if (id < 0) return id;
        return shmat(task, id, 0, permissions.write() ? 0 : SHM_RDONLY);
    }

    /** First-fit pages from the shm pool, or 0 when it is full. */
    public int allocatePool(int pages) {
        for (int first = poolPages.nextClearBit(0); first + pages <= (POOL_END - POOL_START) >>> 12;
             first = poolPages.nextClearBit(first + 1)) {
            int used = poolPages.nextSetBit(first);
            if (used == -1 || used >= first + pages) {
                poolPages.set(first, first + pages);
                return POOL_START + (first << 12);
            }
            first = used;
        }
        return 0;
    }

    private boolean reservePool(int address, int pages) {
        if (Integer.compareUnsigned(address, POOL_START) < 0
                || Integer.compareUnsigned(address + pages * 4096, POOL_END) > 0) return false;
        int first = (address - POOL_START) >>> 12;
        int used = poolPages.nextSetBit(first);
        if (used != -1 && used < first + pages) return false;
        poolPages.set(first, first + pages);
        return true;
    }

    private void freePool(int address, int pages) {
        int first = (address - POOL_START) >>> 12;
        poolPages.clear(first, first + pages);
    }
}
