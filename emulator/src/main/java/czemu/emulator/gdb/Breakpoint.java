package czemu.emulator.gdb;

/**
 * A breakpoint or watchpoint from a {@code Z}/{@code z} packet, forwarded as is.
 *
 * @param type    which packet: Z0..Z4
 * @param address the instruction address (Z0, Z1) or the first watched byte (Z2..Z4); 0..2^32-1
 * @param kind    for Z0/Z1 the ARM breakpoint kind: 2 = 16-bit Thumb, 3 = 32-bit Thumb-2,
 *                4 = 32-bit ARM; for Z2..Z4 the number of bytes watched (1..2^31-1)
 */
public record Breakpoint(Type type, long address, int kind) {

    public enum Type {
        /** Z0: software breakpoint (the target may patch memory or check the PC itself). */
        SOFTWARE,
        /** Z1: hardware breakpoint. */
        HARDWARE,
        /** Z2: write watchpoint. */
        WRITE_WATCH,
        /** Z3: read watchpoint. */
        READ_WATCH,
        /** Z4: access (read or write) watchpoint. */
        ACCESS_WATCH;

        public boolean isWatchpoint() { return ordinal() >= WRITE_WATCH.ordinal(); }
    }

    public static final int KIND_THUMB = 2;
    public static final int KIND_THUMB2 = 3;
    public static final int KIND_ARM = 4;

    /** What the target answers to an insert or remove. */
    public enum Result {
        /** Done: the stub answers {@code OK}. */
        OK,
        /** This type (or kind, or length) is not supported: the stub answers with an empty packet,
         *  and gdb falls back (for Z0 to writing breakpoint instructions itself, for watchpoints to
         *  software watchpoints by single-stepping). */
        UNSUPPORTED,
        /** Supported but failed here (bad address, out of debug registers, not inserted): {@code E..}. */
        ERROR
    }
}
