package czemu.emulator.gdb;

/**
 * The Linux ARM (EABI, 32-bit) {@code siginfo_t} of a stop, served as {@code qXfer:siginfo:read}
 * so that {@code p $_siginfo} works. gdb lays the object out with its Linux siginfo type (its
 * default OS ABI for ARM here is GNU/Linux): 128 bytes, si_signo at 0, si_errno at 4, si_code at
 * 8, and for the fault signals si_addr at 12 ({@code _sifields._sigfault.si_addr}).
 */
final class Siginfo {
    private Siginfo() {}

    static final int SIZE = 128;

    /** The siginfo for a stop, or null when the stop has none (exit, kill). */
    static byte[] of(StopEvent event) {
        int signo, code;
        long addr = 0;
        boolean hasAddr;
        if (event instanceof StopEvent.Signal s) {
            signo = s.signal();
            code = s.code();
            hasAddr = false;
        } else if (event instanceof StopEvent.Breakpoint) {
            signo = GdbSignal.TRAP;
            code = StopEvent.TRAP_BRKPT;
            hasAddr = false;
        } else if (event instanceof StopEvent.Watchpoint w) {
            signo = GdbSignal.TRAP;
            code = StopEvent.TRAP_HWBKPT;
            addr = w.address();
            hasAddr = true;
        } else if (event instanceof StopEvent.Fault f) {
            signo = f.signal();
            code = f.code();
            addr = f.address();
            hasAddr = true;
        } else {
            return null;
        }
        byte[] b = new byte[SIZE];
        putInt(b, 0, GdbSignal.toLinux(signo));
        putInt(b, 4, 0);
        putInt(b, 8, code);
        if (hasAddr) putInt(b, 12, (int) addr);
        return b;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }
}
