package czemu.pager.linux.abi;

/**
 * The numbers and layouts of the Linux ARM EABI that czemu's Linux door serves, in one place. The
 * source of each group is the kernel's user-space API as Debian's linux-libc-dev-armel-cross 6.1
 * installs it under {@code /usr/arm-linux-gnueabi/include}; the header is named with each group.
 * Structure offsets were checked against the same headers with offsetof in an armel program.
 */
public final class LinuxAbi {
    private LinuxAbi() {}

    // ---- errno (asm-generic/errno-base.h, asm-generic/errno.h) -------------------------------
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, E2BIG = 7, ENOEXEC = 8,
            EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17,
            EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, EMFILE = 24, ENOTTY = 25, EFBIG = 27, ENOSPC = 28,
            ESPIPE = 29, EROFS = 30, EMLINK = 31, EPIPE = 32, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38,
            ENOTEMPTY = 39, ELOOP = 40, EOVERFLOW = 75;

    // ---- ARM private calls (asm/unistd.h: __ARM_NR_BASE = 0x0f0000) ---------------------------
    public static final int ARM_NR_BASE = 0x0f0000;
    public static final int ARM_NR_BREAKPOINT = ARM_NR_BASE + 1, ARM_NR_CACHEFLUSH = ARM_NR_BASE + 2,
            ARM_NR_USR26 = ARM_NR_BASE + 3, ARM_NR_USR32 = ARM_NR_BASE + 4, ARM_NR_SET_TLS = ARM_NR_BASE + 5,
            ARM_NR_GET_TLS = ARM_NR_BASE + 6;

    // ---- the auxiliary vector (linux/auxvec.h, asm/hwcap.h) -----------------------------------
    public static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
            AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15,
            AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31;
    public static final int HWCAP_SWP = 1, HWCAP_HALF = 1 << 1, HWCAP_THUMB = 1 << 2, HWCAP_FAST_MULT = 1 << 4,
            HWCAP_VFP = 1 << 6, HWCAP_EDSP = 1 << 7, HWCAP_THUMBEE = 1 << 11, HWCAP_NEON = 1 << 12, HWCAP_VFPv3 = 1 << 13, HWCAP_TLS = 1 << 15,
            HWCAP_VFPv4 = 1 << 16, HWCAP_IDIVA = 1 << 17, HWCAP_IDIVT = 1 << 18, HWCAP_VFPD32 = 1 << 19,
            HWCAP_LPAE = 1 << 20;

    // ---- open and fcntl (asm-generic/fcntl.h with asm/fcntl.h's ARM values, linux/fcntl.h) -----
    public static final int O_ACCMODE = 3, O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200,
            O_NOCTTY = 0400, O_TRUNC = 01000, O_APPEND = 02000, O_NONBLOCK = 04000, O_DIRECTORY = 040000,
            O_NOFOLLOW = 0100000, O_LARGEFILE = 0400000, O_CLOEXEC = 02000000, O_PATH = 010000000;
    public static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5, F_SETLK = 6,
            F_SETLKW = 7, F_GETLK64 = 12, F_SETLK64 = 13, F_SETLKW64 = 14, F_DUPFD_CLOEXEC = 1024 + 6;
    public static final int FD_CLOEXEC = 1;
    public static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EMPTY_PATH = 0x1000;
    public static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

    // ---- struct stat64 (asm/stat.h; EABI alignment of the 64-bit fields) -----------------------
    public static final int STAT64_SIZE = 104;
    public static final int STAT64_DEV = 0, STAT64_INO32 = 12, STAT64_MODE = 16, STAT64_NLINK = 20, STAT64_UID = 24,
            STAT64_GID = 28, STAT64_RDEV = 32, STAT64_SIZE_FIELD = 48, STAT64_BLKSIZE = 56, STAT64_BLOCKS = 64,
            STAT64_ATIME = 72, STAT64_MTIME = 80, STAT64_CTIME = 88, STAT64_INO = 96;

    // ---- struct statx (linux/stat.h) -----------------------------------------------------------
    public static final int STATX_SIZE = 256;
    public static final int STATX_MASK = 0, STATX_BLKSIZE = 4, STATX_NLINK = 16, STATX_UID = 20, STATX_GID = 24,
            STATX_MODE = 28, STATX_INO = 32, STATX_SIZE_FIELD = 40, STATX_BLOCKS = 48, STATX_ATIME = 64,
            STATX_BTIME = 80, STATX_CTIME = 96, STATX_MTIME = 112, STATX_RDEV_MAJOR = 128, STATX_DEV_MAJOR = 136,
            STATX_DEV_MINOR = 140;
    /** STATX_BASIC_STATS: every field up to stx_blocks is filled. */
    public static final int STATX_BASIC_STATS = 0x7FF;

    // ---- file modes (linux/stat.h) -------------------------------------------------------------
    public static final int S_IFIFO = 0010000, S_IFCHR = 0020000, S_IFDIR = 0040000, S_IFREG = 0100000;
    /** getdents64's d_type (linux/dirent.h's DT_*, the mode's type bits shifted right by 12). */
    public static final int DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_REG = 8;

    // ---- mmap (asm-generic/mman-common.h, asm-generic/mman.h) ----------------------------------
    public static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public static final int MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_TYPE = 0x0F, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20,
            MAP_FIXED_NOREPLACE = 0x100000;
    public static final int MADV_DONTNEED = 4;
    public static final int MREMAP_MAYMOVE = 1;

    // ---- processes (linux/sched.h, linux/wait.h) -----------------------------------------------
    public static final int CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800,
            CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000, CLONE_THREAD = 0x10000, CLONE_SETTLS = 0x80000,
            CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x1000000;
    /** The low byte of clone's flags: the signal the parent gets when the child ends. */
    public static final int CSIGNAL = 0xFF;
    public static final int WNOHANG = 1, WUNTRACED = 2;

    // ---- signals (asm/signal.h) ----------------------------------------------------------------
    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
            SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14,
            SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22,
            SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29, SIGPWR = 30,
            SIGSYS = 31;
    /** The first real-time signal (the kernel's SIGRTMIN; glibc keeps 32 and 33 for itself). */
    public static final int SIGRTMIN = 32;
    /** Signals 1..64: _NSIG. */
    public static final int NSIG = 64;
    public static final int SIG_DFL = 0, SIG_IGN = 1;
    public static final int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    /** struct sigaction as rt_sigaction passes it on ARM: handler, flags, restorer, mask (asm/signal.h). */
    public static final int SIGACTION_SIZE = 20;
    /** sa_flags (asm/signal.h; SA_RESTORER from the kernel's arch/arm/include/asm/signal.h). */
    public static final int SA_NOCLDSTOP = 1, SA_NOCLDWAIT = 2, SA_SIGINFO = 4, SA_RESTORER = 0x04000000,
            SA_ONSTACK = 0x08000000, SA_RESTART = 0x10000000, SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000;
    /** sigaltstack's ss_flags (linux/signal.h) and the smallest stack it accepts (asm/signal.h). */
    public static final int SS_ONSTACK = 1, SS_DISABLE = 2, SS_AUTODISARM = 1 << 31, MINSIGSTKSZ = 2048;
    /** si_code (asm-generic/siginfo.h): who sent a signal, or why the kernel did. */
    public static final int SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2, SI_MESGQ = -3, SI_ASYNCIO = -4,
            SI_SIGIO = -5, SI_TKILL = -6;
    public static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3;
    public static final int SEGV_MAPERR = 1, SEGV_ACCERR = 2, ILL_ILLOPC = 1;
    /** setitimer's timers (linux/time.h): only ITIMER_REAL (SIGALRM) is served. */
    public static final int ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;
    /**
     * The kernel's own results for a call a signal cut short (include/linux/errno.h, never seen by a
     * program): on the way back to user mode they become -EINTR or make the call again, as the
     * handler's SA_RESTART says (arch/arm/kernel/signal.c, do_signal). strace shows them.
     */
    public static final int ERESTARTSYS = 512, ERESTARTNOINTR = 513, ERESTARTNOHAND = 514, ERESTART_RESTARTBLOCK = 516;

    // ---- futex (linux/futex.h) -----------------------------------------------------------------
    public static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10;
    /** Option bits of the futex op; the command is what is left. */
    public static final int FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;

    // ---- ioctl on terminals (asm-generic/ioctls.h, asm-generic/termbits.h) ---------------------
    public static final int TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TIOCGPGRP = 0x540F,
            TIOCSPGRP = 0x5410, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, FIONREAD = 0x541B, FIONBIO = 0x5421;
    /** struct termios: four tcflag_t, c_line, c_cc[NCCS = 19]: 36 bytes. */
    public static final int TERMIOS_SIZE = 36, NCCS = 19;
    /** A cooked terminal's flags (ICRNL|IXON; OPOST|ONLCR; B38400|CS8|CREAD; ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN). */
    public static final int TERMIOS_IFLAG = 0x0500, TERMIOS_OFLAG = 0x0005, TERMIOS_CFLAG = 0x00BF, TERMIOS_LFLAG = 0x8A3B;
    /** struct winsize: ws_row, ws_col, ws_xpixel, ws_ypixel (u16 each). */
    public static final int WINSIZE_SIZE = 8;

    // ---- struct new_utsname (linux/utsname.h): six fields of 65 bytes --------------------------
    public static final int UTSNAME_FIELD = 65, UTSNAME_FIELDS = 6;

    // ---- clocks and time (linux/time.h) --------------------------------------------------------
    public static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3,
            CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7;
    public static final int TIMER_ABSTIME = 1;
    /** USER_HZ, the unit of times() and AT_CLKTCK. */
    public static final int CLOCK_TICKS_PER_SECOND = 100;

    // ---- resource limits (asm-generic/resource.h) ----------------------------------------------
    public static final int RLIMIT_STACK = 3, RLIMIT_NOFILE = 7, RLIM_NLIMITS = 16;
    public static final long RLIM64_INFINITY = -1L;

    // ---- sizes ---------------------------------------------------------------------------------
    public static final int PAGE_SIZE = 4096;
    /** PIPE_BUF (linux/limits.h): writes up to this size are atomic. The pipe holds 16 pages (fs/pipe.c's default). */
    public static final int PIPE_BUF = 4096, PIPE_CAPACITY = 65536;
    public static final int PATH_MAX = 4096;
}
