package czemu.kernel.abi;

/** Thread id encoding (codezero-abi.md §2.2): container id in bits 31..24, raw id below. */
public final class ThreadIds {
    public static final int NIL_THREAD = 0xFFFFFFFF;
    public static final int ANY_THREAD = 0xFFFFFFFE;
    public static final int CID_SHIFT = 24;
    public static final int RAW_MASK = 0x00FFFFFF;

    private ThreadIds() {}

    public static int of(int containerId, int rawId) {
        return (containerId << CID_SHIFT) | (rawId & RAW_MASK);
    }

    public static int containerOf(int tid) {
        return tid >>> CID_SHIFT;
    }

    public static int rawOf(int tid) {
        return tid & RAW_MASK;
    }

    /** Any id whose top byte is 0xFF is special; ipc accepts only NIL and ANY of them. */
    public static boolean isSpecial(int tid) {
        return (tid >>> CID_SHIFT) == 0xFF;
    }

    public static String describe(int tid) {
        if (tid == NIL_THREAD) return "NILTHREAD";
        if (tid == ANY_THREAD) return "ANYTHREAD";
        return containerOf(tid) == 0 ? Integer.toString(tid) : containerOf(tid) + ":" + rawOf(tid);
    }
}
