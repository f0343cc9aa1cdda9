package czemu.kernel.syscall;

import czemu.kernel.Kernel;
import czemu.kernel.abi.Errno;
import czemu.kernel.abi.MemoryLayout;
import czemu.kernel.capability.CapabilityChecks.MapKind;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.PagePermissions;
import czemu.kernel.space.AddressSpace;
import czemu.kernel.thread.Tcb;

/**
 * map (slot 0x20) and unmap (slot 0x14), codezero-abi.md §1.3 and §2.9, in the order of Codezero's
 * last tree ({@code src/api/map.c}): find the target thread (-ESRCH), validate the arguments
 * (-EINVAL), check the capabilities (-ENOCAP), then change the target's page tables.
 *
 * <p>The capabilities are what keeps a guest away from memory that is not its own: a MAP_PHYSMEM cap
 * bounds the frames and a MAP_VIRTMEM cap the addresses, both naming the target. Ordinary tasks hold
 * none; a configuration's {@code memory} share gives a container's tasks a physical region set aside
 * for it and a virtual window outside the regions mm0 manages.
 */
final class MapCalls {
    private MapCalls() {}

    /** Addresses are used from their page: the low 12 bits are ignored, as Codezero's pfn arithmetic does. */
    private static int page(int address) {
        return address & ~0xFFF;
    }

    /**
     * map: r0 = physical address, r1 = virtual address, r2 = page count, r3 = flags (MAP_USR_RW, RO,
     * IO, RWX or RX), r4 = the thread whose space is mapped (the libl4 stub loads the 5th argument
     * from the stack). A zero address or count, or any other flags value, is -EINVAL. A mapping
     * replaces what was there; -ENOMEM when RAM for a second-level table runs out (pages mapped
     * before that stay mapped).
     */
    static final class Map implements Syscall {
        private final Kernel kernel;

        Map(Kernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public int invoke(Tcb caller) {
            int[] r = caller.context.core;
            int physical = r[0], virtual = r[1], npages = r[2], flags = r[3], tid = r[4];
            Tcb target = kernel.threads().find(tid);
            if (target == null || target.isHosted()) return -Errno.ESRCH;
            MapKind kind = MapKind.of(flags);
            if (kind == null || npages == 0 || physical == 0 || virtual == 0) return -Errno.EINVAL;
            int denied = kernel.capabilities().checkMap(caller, tid, physical, virtual, npages, kind);
            if (denied != 0) return denied;
            // The caps bound both ranges; these guard the emulator itself should a configuration mint a wide one.
            long lastPhysical = Integer.toUnsignedLong(page(physical)) + (long) npages * 4096;
            long lastVirtual = Integer.toUnsignedLong(page(virtual)) + (long) npages * 4096;
            if (npages < 0 || lastPhysical > kernel.memory().size() || lastVirtual > Integer.toUnsignedLong(MemoryLayout.KERNEL_START)) {
                return -Errno.EINVAL;
            }
            PagePermissions permissions = new PagePermissions(true, kind.writable(), kind.executable());
            AddressSpace space = target.space();
            for (int i = 0; i < npages; i++) {
                if (!kernel.map(space, page(virtual) + i * 4096, page(physical) + i * 4096, permissions)) return -Errno.ENOMEM;
            }
            return 0;
        }
    }

    /**
     * unmap: r0 = virtual address, r1 = page count, r2 = the thread whose space loses them. A zero
     * address or count is -EINVAL. Every mapped page of the range goes (with its TLB entry); if some
     * page was not mapped the result is -1, as the last tree's comment on sys_unmap says ("may or may
     * not be an error"), else 0.
     */
    static final class Unmap implements Syscall {
        private final Kernel kernel;

        Unmap(Kernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public int invoke(Tcb caller) {
            int[] r = caller.context.core;
            int virtual = r[0], npages = r[1], tid = r[2];
            Tcb target = kernel.threads().find(tid);
            if (target == null || target.isHosted()) return -Errno.ESRCH;
            if (npages == 0 || virtual == 0) return -Errno.EINVAL;
            int denied = kernel.capabilities().checkUnmap(caller, tid, virtual, npages);
            if (denied != 0) return denied;
            long lastVirtual = Integer.toUnsignedLong(page(virtual)) + (long) npages * 4096;
            if (npages < 0 || lastVirtual > Integer.toUnsignedLong(MemoryLayout.KERNEL_START)) return -Errno.EINVAL;
            AddressSpace space = target.space();
            int result = 0;
            for (int i = 0; i < npages; i++) {
                int address = page(virtual) + i * 4096;
                if (space.pageTable().frame(address) == FrameAllocator.NONE) {
                    result = -1;
                } else {
                    kernel.unmap(space, address);
                }
            }
            return result;
        }
    }
}
