package czemu.kernel.abi;

/** Error numbers returned negated in r0 or MR0 (codezero-abi.md §2.1, Linux numbering). */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    /** Codezero's own: the thread is running, its registers cannot be exchanged (exchange_registers). */
    public static final int EACTIVE = 132;
    public static final int ENOIPC = 133;
    public static final int ENOCAP = 134;
    public static final int ENOUTCB = 135;

    private Errno() {}
}
