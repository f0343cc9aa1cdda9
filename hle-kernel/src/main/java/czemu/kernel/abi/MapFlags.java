package czemu.kernel.abi;

/**
 * The flag words of map (slot 0x20), unmap (slot 0x14) and cache_control (slot 0x38),
 * codezero-abi.md §1.3 and §2.9. The values are not in the spec; they are Codezero's last tree:
 * the generic mapping flags of {@code include/l4/api/space.h} and the cache operations of
 * {@code include/l4/glue/arm/cache.h} (mirrored in libl4 as {@code L4_INVALIDATE_ICACHE} ...).
 */
public final class MapFlags {
    /** map: r3 is exactly one of these (user mappings only; anything else is -EINVAL). */
    public static final int MAP_USR_RW = 1;
    public static final int MAP_USR_RO = 2;
    public static final int MAP_USR_IO = 4;
    public static final int MAP_USR_RWX = 6;
    public static final int MAP_USR_RX = 8;

    /** cache_control: r2 is exactly one of these (the low byte is left for capability bits). */
    public static final int INVALIDATE_ICACHE = 0x10;
    public static final int INVALIDATE_DCACHE = 0x20;
    public static final int CLEAN_DCACHE = 0x30;
    public static final int CLEAN_INVALIDATE_DCACHE = 0x40;
    public static final int INVALIDATE_TLB = 0x50;

    private MapFlags() {}
}
