package czemu.pager.linux.signal;

import czemu.pager.linux.CallFormatter;
import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.abi.SignalFrameLayout;
import java.nio.ByteBuffer;

/**
 * What a pending signal carries to its handler (a handler with SA_SIGINFO reads it as siginfo_t):
 * its number, si_code, and the fields of its kind, as the kernel fills them in.
 *
 * @param kind which union member of siginfo_t is filled: a sender's pid and uid, a child's end, a fault address
 */
public record SignalInfo(int signal, int code, Kind kind, int pid, int uid, int status, int address) {
    /** The siginfo_t union member a signal fills. */
    public enum Kind { SENDER, CHILD, FAULT }

    /** kill, tkill, tgkill, SIGPIPE (SI_USER, SI_TKILL, from process {@code pid}) or the kernel (SI_KERNEL, pid 0). */
    public static SignalInfo sent(int signal, int code, int pid) {
        return new SignalInfo(signal, code, Kind.SENDER, pid, 0, 0, 0);
    }

    /** SIGCHLD: child {@code pid} ended (CLD_EXITED with its exit code, CLD_KILLED or CLD_DUMPED with the signal). */
    public static SignalInfo child(int code, int pid, int status) {
        return new SignalInfo(LinuxAbi.SIGCHLD, code, Kind.CHILD, pid, 0, status, 0);
    }

    /** SIGSEGV, SIGILL, SIGBUS from a fault of the thread itself at {@code address}. */
    public static SignalInfo fault(int signal, int code, int address) {
        return new SignalInfo(signal, code, Kind.FAULT, 0, 0, 0, address);
    }

    /** The 128-byte siginfo_t (the fields of other kinds, and the rest, zero; CPU times 0 clock ticks). */
    public byte[] encode() {
        ByteBuffer info = GuestMemory.structure(SignalFrameLayout.SIGINFO_SIZE);
        info.putInt(SignalFrameLayout.SI_SIGNO, signal).putInt(SignalFrameLayout.SI_ERRNO, 0).putInt(SignalFrameLayout.SI_CODE, code);
        switch (kind) {
            case SENDER -> info.putInt(SignalFrameLayout.SI_PID, pid).putInt(SignalFrameLayout.SI_UID, uid);
            case CHILD -> info.putInt(SignalFrameLayout.SI_PID, pid).putInt(SignalFrameLayout.SI_UID, uid)
                    .putInt(SignalFrameLayout.SI_STATUS, status);
            case FAULT -> info.putInt(SignalFrameLayout.SI_ADDR, address);
        }
        return info.array();
    }

    /**
     * As qemu-user's -strace shows a signal being taken, the part between {@code --- SIGx} and
     * {@code ---}: {@code {si_signo=SIGCHLD, si_code=1, si_pid=3, si_uid=0, si_status=0, si_utime=0, si_stime=0}}.
     */
    public String describe() {
        StringBuilder out = new StringBuilder("{si_signo=").append(CallFormatter.signalName(signal)).append(", si_code=")
                .append(codeName(code));
        switch (kind) {
            case SENDER -> out.append(", si_pid=").append(pid).append(", si_uid=").append(uid);
            case CHILD -> out.append(", si_pid=").append(pid).append(", si_uid=").append(uid).append(", si_status=").append(status)
                    .append(", si_utime=0, si_stime=0");
            case FAULT -> out.append(", si_addr=").append(String.format("0x%08x", address));
        }
        return out.append('}').toString();
    }

    /** si_code by name where qemu-user names it (the sender codes), otherwise the number. */
    private static String codeName(int code) {
        return switch (code) {
            case LinuxAbi.SI_USER -> "SI_USER";
            case LinuxAbi.SI_KERNEL -> "SI_KERNEL";
            case LinuxAbi.SI_QUEUE -> "SI_QUEUE";
            case LinuxAbi.SI_TIMER -> "SI_TIMER";
            case LinuxAbi.SI_MESGQ -> "SI_MESGQ";
            case LinuxAbi.SI_ASYNCIO -> "SI_ASYNCIO";
            case LinuxAbi.SI_SIGIO -> "SI_SIGIO";
            case LinuxAbi.SI_TKILL -> "SI_TKILL";
            default -> Integer.toString(code);
        };
    }
}
