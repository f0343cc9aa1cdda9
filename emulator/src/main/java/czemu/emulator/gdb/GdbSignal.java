package czemu.emulator.gdb;

/**
 * Signal numbers as the remote protocol carries them: GDB's own target-independent numbering
 * ({@code include/gdb/signals.h}), which is <em>not</em> Linux's for every signal (SIGBUS is 10
 * here, 7 on Linux ARM). Stop events and resume actions use these numbers.
 */
public final class GdbSignal {
    private GdbSignal() {}

    public static final int NONE = 0;
    public static final int HUP = 1;
    public static final int INT = 2;
    public static final int QUIT = 3;
    public static final int ILL = 4;
    public static final int TRAP = 5;
    public static final int ABRT = 6;
    public static final int EMT = 7;
    public static final int FPE = 8;
    public static final int KILL = 9;
    public static final int BUS = 10;
    public static final int SEGV = 11;
    public static final int SYS = 12;
    public static final int PIPE = 13;
    public static final int ALRM = 14;
    public static final int TERM = 15;
    public static final int STOP = 17;
    public static final int USR1 = 30;
    public static final int USR2 = 31;

    /** The Linux (ARM EABI) number of a GDB signal, for the si_signo of {@code $_siginfo}. */
    public static int toLinux(int gdbSignal) {
        return switch (gdbSignal) {
            case BUS -> 7;
            case SYS -> 31;
            case USR1 -> 10;
            case USR2 -> 12;
            case EMT -> 0; // no Linux equivalent
            default -> gdbSignal <= 15 ? gdbSignal : 0;
        };
    }
}
