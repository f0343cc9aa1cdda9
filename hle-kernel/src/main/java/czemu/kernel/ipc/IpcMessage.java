package czemu.kernel.ipc;

/**
 * One message in flight (codezero-abi.md §2.4): MR0..MR5 always; for a FULL transfer also the 54
 * words of the sender's UTCB {@code mr_rest}; for an EXTENDED transfer the bytes of its buffer.
 */
public record IpcMessage(int sender, int flags, int[] mrs, int[] rest, byte[] extended) {
    public static final int MR_COUNT = 6;
    public static final int MR_REST_COUNT = 54;

    public static final int TYPE_SHORT = 0;
    public static final int TYPE_FULL = 1;
    public static final int TYPE_EXTENDED = 2;
    public static final int EXTENDED_MAX = 2048;

    public int type() {
        return flags & 0xF;
    }

    public int tag() {
        return mrs[0] & 0xFFF;
    }

    public int mr(int i) {
        return i < MR_COUNT ? mrs[i] : rest == null ? 0 : rest[i - MR_COUNT];
    }

    /** A short message, as a Java server (the pager) sends it. */
    public static IpcMessage shortMessage(int sender, int... mrs) {
        int[] all = new int[MR_COUNT];
        System.arraycopy(mrs, 0, all, 0, Math.min(mrs.length, MR_COUNT));
        return new IpcMessage(sender, TYPE_SHORT, all, null, null);
    }

    /** Flags of an EXTENDED transfer: type, the MR index holding the buffer (bits 4..11), size (bits 16..27). */
    public static int extendedFlags(int mrIndex, int size) {
        return TYPE_EXTENDED | (mrIndex << 4) | (size << 16);
    }

    public static int extendedMrIndex(int flags) {
        return (flags >>> 4) & 0xFF;
    }

    public static int extendedSize(int flags) {
        return (flags >>> 16) & 0xFFF;
    }
}
