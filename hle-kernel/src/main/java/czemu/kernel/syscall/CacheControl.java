package czemu.kernel.syscall;

import czemu.kernel.Kernel;
import czemu.kernel.abi.Errno;
import czemu.kernel.abi.MapFlags;
import czemu.kernel.memory.Access;
import czemu.kernel.thread.Tcb;

/**
 * cache_control (slot 0x38, codezero-abi.md §2.9): r0 = start, r1 = end, r2 = the operation
 * ({@link MapFlags}: invalidate I-cache, invalidate D-cache, clean D-cache, clean and invalidate
 * D-cache, invalidate TLB). An unknown operation is -EINVAL (the spec's table; Codezero's last tree
 * checked the capability first, so there it came out as -ENOCAP). Then the caller needs a
 * MAP_VIRTMEM capability over the range with CACHE_INVALIDATE or CACHE_CLEAN (-ENOCAP).
 *
 * <p>Unicorn has no caches to keep coherent and its TLB follows every page-table change already, so
 * every operation is a no-op after validation except the I-cache invalidation: that drops the code
 * Unicorn translated from the range, so a program that wrote instructions (a JIT) runs the new ones.
 */
final class CacheControl implements Syscall {
    private final Kernel kernel;

    CacheControl(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public int invoke(Tcb caller) {
        int start = caller.context.core[0], end = caller.context.core[1], operation = caller.context.core[2];
        switch (operation) {
            case MapFlags.INVALIDATE_ICACHE, MapFlags.INVALIDATE_DCACHE, MapFlags.CLEAN_DCACHE,
                    MapFlags.CLEAN_INVALIDATE_DCACHE, MapFlags.INVALIDATE_TLB -> { }
            default -> {
                return -Errno.EINVAL;
            }
        }
        if (Integer.compareUnsigned(end, start) < 0) return -Errno.EINVAL;
        int denied = kernel.capabilities().checkCache(caller, start, end, operation);
        if (denied != 0) return denied;
        if (operation == MapFlags.INVALIDATE_ICACHE) {
            // Page by page, and only pages mapped executable: translating an unmapped page would fault outside emulation.
            for (long page = Integer.toUnsignedLong(start) & ~0xFFFL; page < Integer.toUnsignedLong(end); page += 4096) {
                if (caller.space().pageTable().permits((int) page, Access.EXECUTE)) {
                    kernel.codeWritten(caller.space(), (int) page, 4096);
                }
            }
        }
        return 0;
    }
}
