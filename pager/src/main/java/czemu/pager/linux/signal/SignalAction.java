package czemu.pager.linux.signal;

import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.abi.LinuxAbi;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One signal's action, as rt_sigaction passes struct sigaction on ARM (asm/signal.h): the handler
 * (or SIG_DFL, SIG_IGN), sa_flags, the restorer the handler returns to, and the signals blocked while
 * it runs (the 64-bit sa_mask; SIGKILL and SIGSTOP never in it).
 */
public record SignalAction(int handler, int flags, int restorer, long mask) {
    public static final SignalAction DEFAULT = new SignalAction(LinuxAbi.SIG_DFL, 0, 0, 0);

    /** The 20 bytes rt_sigaction reads, or null when there are fewer. */
    public static SignalAction decode(byte[] raw) {
        if (raw == null || raw.length < LinuxAbi.SIGACTION_SIZE) return null;
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        return new SignalAction(b.getInt(0), b.getInt(4), b.getInt(8), b.getLong(12) & SignalSets.BLOCKABLE);
    }

    public byte[] encode() {
        return GuestMemory.structure(LinuxAbi.SIGACTION_SIZE).putInt(handler).putInt(flags).putInt(restorer).putLong(mask).array();
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** A handler runs for it (neither SIG_DFL nor SIG_IGN). */
    public boolean handled() {
        return handler != LinuxAbi.SIG_DFL && handler != LinuxAbi.SIG_IGN;
    }
}
