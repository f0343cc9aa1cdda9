package czemu.kernel.arch.unicorn;

/**
 * Takes guest stores to RAM off the slow path of the Unicorn 2.0.1 library czemu ships with.
 *
 * <p>Unicorn 2.0 stubs out QEMU's dirty-memory bitmaps so that every RAM page always reads as
 * "clean", and {@code tlb_set_page_with_attrs} therefore marks every writable RAM TLB entry
 * {@code TLB_NOTDIRTY}. Every guest store then leaves the inline fast path for {@code store_helper}
 * and {@code notdirty_write}, which allocates a page collection and looks for translated code to
 * invalidate on each single store (Unicorn issues #1838 and #1970, fixed in later releases). Measured
 * here: our Linux cpubench (a byte-store sieve among other loops), 400 rounds, 11.1 s against
 * qemu-arm's 0.46 s; 0.96 s with this patch.
 *
 * <p>The patch replaces the one instruction that sets the flag, {@code or $0x100,%r8d}, with a
 * seven-byte NOP, after finding it by the instructions around it; a library where that sequence is
 * not found exactly once is left as it is. What is lost is QEMU's detection of guest stores into
 * pages it has translated code from. czemu does not rely on it: the kernel drops translated code
 * itself whenever a page is mapped executable, written by Java or the debugger, or named by an
 * I-cache invalidation (Codezero's cache_control, Linux's cacheflush), which is what ARM requires
 * of a program that writes code. Memory hooks are unaffected: Unicorn compiles them into the
 * translated code as calls to the slow path, whatever the TLB says.
 */
final class StoreFastPath {
    /** Set to "false" to run the library as shipped (to compare, or to rule the patch out). */
    static final String PROPERTY = "czemu.unicorn.storeFastPath";

    // mov 0x20(%rsp),%rsi / or $0x100,%r8d (write_address |= TLB_NOTDIRTY) / cmpb $0x0,0x30(%rsi); je ...
    private static final byte[] BEFORE = bytes(0x48, 0x8b, 0x74, 0x24, 0x20);
    private static final byte[] SET_NOTDIRTY = bytes(0x41, 0x81, 0xc8, 0x00, 0x01, 0x00, 0x00);
    private static final byte[] AFTER = bytes(0x80, 0x7e, 0x30, 0x00, 0x0f, 0x84);
    private static final byte[] NOP7 = bytes(0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00);

    private StoreFastPath() {}

    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    /** Patches {@code library} in place; true when the instruction was found exactly once and replaced. */
    static boolean apply(byte[] library) {
        int found = -1;
        int length = BEFORE.length + SET_NOTDIRTY.length + AFTER.length;
        for (int i = 0; i + length <= library.length; i++) {
            if (matches(library, i, BEFORE) && matches(library, i + BEFORE.length, SET_NOTDIRTY)
                    && matches(library, i + BEFORE.length + SET_NOTDIRTY.length, AFTER)) {
                if (found >= 0) return false; // ambiguous: not the build this was made for
                found = i + BEFORE.length;
            }
        }
        if (found < 0) return false;
        System.arraycopy(NOP7, 0, library, found, NOP7.length);
        return true;
    }

    private static boolean matches(byte[] data, int at, byte[] pattern) {
        for (int i = 0; i < pattern.length; i++) {
            if (data[at + i] != pattern[i]) return false;
        }
        return true;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
        return out;
    }
}
