package czemu.pager.linux;

import czemu.kernel.thread.Tcb;
import czemu.pager.linux.abi.LinuxAbi;
import java.util.List;
import java.util.Map;

/**
 * Shows a Linux call the way qemu-user's -strace does. Each call's table entry holds one letter per
 * argument register: d signed, u unsigned, x hex, o octal, s string, S string array, f open flags,
 * a directory fd (AT_FDCWD), g signal, p mmap protection, l a 64-bit value in the next even/odd
 * register pair, _ a padding register that is not shown.
 */
public final class CallFormatter {
    private static final int MAX_STRING = 64;
    private static final Map<Integer, String> ERRNO_TEXT = Map.ofEntries(
            Map.entry(LinuxAbi.EPERM, "Operation not permitted"), Map.entry(LinuxAbi.ENOENT, "No such file or directory"),
            Map.entry(LinuxAbi.ESRCH, "No such process"), Map.entry(LinuxAbi.EINTR, "Interrupted system call"),
            Map.entry(LinuxAbi.ENOEXEC, "Exec format error"), Map.entry(LinuxAbi.EBADF, "Bad file descriptor"),
            Map.entry(LinuxAbi.ECHILD, "No child processes"), Map.entry(LinuxAbi.EAGAIN, "Resource temporarily unavailable"),
            Map.entry(LinuxAbi.ENOMEM, "Cannot allocate memory"), Map.entry(LinuxAbi.EACCES, "Permission denied"),
            Map.entry(LinuxAbi.EFAULT, "Bad address"), Map.entry(LinuxAbi.EEXIST, "File exists"),
            Map.entry(LinuxAbi.ENOTDIR, "Not a directory"), Map.entry(LinuxAbi.EISDIR, "Is a directory"),
            Map.entry(LinuxAbi.EINVAL, "Invalid argument"), Map.entry(LinuxAbi.EMFILE, "Too many open files"),
            Map.entry(LinuxAbi.ENOTTY, "Inappropriate ioctl for device"), Map.entry(LinuxAbi.ESPIPE, "Illegal seek"),
            Map.entry(LinuxAbi.EPIPE, "Broken pipe"), Map.entry(LinuxAbi.ERANGE, "Numerical result out of range"),
            Map.entry(LinuxAbi.ENOSYS, "Function not implemented"), Map.entry(LinuxAbi.ENOTEMPTY, "Directory not empty"));
    private static final String[] OPEN_FLAGS = {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK"};
    private static final String[] SIGNALS = {"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
            "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD",
            "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
            "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private final GuestMemory memory;

    public CallFormatter(GuestMemory memory) {
        this.memory = memory;
    }

    /** {@code name(arg,arg,...)} from the registers at entry. */
    public String call(Tcb thread, String name, String arguments, int[] registers) {
        StringBuilder out = new StringBuilder(name).append('(');
        int register = 0;
        boolean first = true;
        for (char kind : arguments.toCharArray()) {
            if (kind == '_') {
                register++;
                continue;
            }
            if (register > 6) break;
            if (!first) out.append(',');
            first = false;
            if (kind == 'l') {
                register = (register + 1) & ~1;
                if (register > 5) break;
                out.append(Integer.toUnsignedLong(registers[register]) | (long) registers[register + 1] << 32);
                register += 2;
                continue;
            }
            out.append(argument(thread, kind, registers[register++]));
        }
        return out.append(')').toString();
    }

    /** A signal's name ({@code SIGUSR1}), or its number when it has none. */
    public static String signalName(int signal) {
        return signal >= 0 && signal < SIGNALS.length ? SIGNALS[signal] : Integer.toString(signal);
    }

    /**
     * The result as qemu shows it; {@code hex} for calls that answer addresses (brk, mmap2). A call a
     * signal cut short shows the kernel's restart code as strace does: {@code ? ERESTARTSYS (...)}.
     */
    public static String result(int value, boolean hex) {
        String restart = switch (-value) {
            case LinuxAbi.ERESTARTSYS -> "ERESTARTSYS (To be restarted if SA_RESTART is set)";
            case LinuxAbi.ERESTARTNOINTR -> "ERESTARTNOINTR (To be restarted)";
            case LinuxAbi.ERESTARTNOHAND -> "ERESTARTNOHAND (To be restarted if no handler)";
            case LinuxAbi.ERESTART_RESTARTBLOCK -> "ERESTART_RESTARTBLOCK (Interrupted by signal)";
            default -> null;
        };
        if (restart != null) return "? " + restart;
        if (value < 0 && value >= -4095) {
            int errno = -value;
            return "-1 errno=" + errno + " (" + ERRNO_TEXT.getOrDefault(errno, "error " + errno) + ")";
        }
        return hex ? String.format("0x%08x", value) : Integer.toString(value);
    }

    private String argument(Tcb thread, char kind, int value) {
        return switch (kind) {
            case 'd' -> Integer.toString(value);
            case 'u' -> Integer.toUnsignedString(value);
            case 'o' -> value == 0 ? "0" : "0" + Integer.toOctalString(value);
            case 's' -> string(thread, value);
            case 'S' -> stringArray(thread, value);
            case 'f' -> openFlags(value);
            case 'a' -> value == LinuxAbi.AT_FDCWD ? "AT_FDCWD" : Integer.toString(value);
            case 'g' -> signalName(value);
            case 'p' -> protection(value);
            default -> "0x" + Integer.toHexString(value);
        };
    }

    private String string(Tcb thread, int address) {
        if (address == 0) return "NULL";
        String s = memory.string(thread, address);
        if (s == null) return "0x" + Integer.toHexString(address);
        String shown = s.length() > MAX_STRING ? s.substring(0, MAX_STRING) : s;
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            switch (c) {
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '"', '\\' -> quoted.append('\\').append(c);
                default -> quoted.append(c < ' ' ? String.format("\\%03o", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').append(shown.length() < s.length() ? "..." : "").toString();
    }

    private String stringArray(Tcb thread, int address) {
        if (address == 0) return "NULL";
        List<String> strings = memory.stringArray(thread, address);
        if (strings == null) return "0x" + Integer.toHexString(address);
        StringBuilder out = new StringBuilder("{");
        for (String s : strings) out.append('"').append(s).append("\",");
        return out.append("NULL}").toString();
    }

    private static String openFlags(int flags) {
        StringBuilder out = new StringBuilder(switch (flags & LinuxAbi.O_ACCMODE) {
            case LinuxAbi.O_WRONLY -> "O_WRONLY";
            case LinuxAbi.O_RDWR -> "O_RDWR";
            default -> "O_RDONLY";
        });
        int rest = flags & ~LinuxAbi.O_ACCMODE;
        for (int bit = 0; bit < OPEN_FLAGS.length; bit++) {
            int mask = LinuxAbi.O_CREAT << bit;
            if ((rest & mask) != 0) {
                out.append('|').append(OPEN_FLAGS[bit]);
                rest &= ~mask;
            }
        }
        if ((rest & LinuxAbi.O_DIRECTORY) != 0) out.append("|O_DIRECTORY");
        if ((rest & LinuxAbi.O_LARGEFILE) != 0) out.append("|O_LARGEFILE");
        if ((rest & LinuxAbi.O_CLOEXEC) != 0) out.append("|O_CLOEXEC");
        rest &= ~(LinuxAbi.O_DIRECTORY | LinuxAbi.O_LARGEFILE | LinuxAbi.O_CLOEXEC);
        if (rest != 0) out.append("|0").append(Integer.toOctalString(rest));
        return out.toString();
    }

    private static String protection(int prot) {
        if (prot == 0) return "PROT_NONE";
        StringBuilder out = new StringBuilder();
        if ((prot & LinuxAbi.PROT_READ) != 0) out.append("|PROT_READ");
        if ((prot & LinuxAbi.PROT_WRITE) != 0) out.append("|PROT_WRITE");
        if ((prot & LinuxAbi.PROT_EXEC) != 0) out.append("|PROT_EXEC");
        int rest = prot & ~7;
        if (rest != 0) out.append("|0x").append(Integer.toHexString(rest));
        return out.substring(1);
    }
}
