package czemu.pager.linux.abi;

/**
 * The ARM EABI numbers of the system calls czemu's Linux door serves (asm/unistd-eabi.h, see
 * {@link SyscallNames}), and the name of any number for reports.
 */
public final class LinuxSyscalls {
    private LinuxSyscalls() {}

    public static final int EXIT = 1, FORK = 2, CLONE = 120, READ = 3, WRITE = 4, OPEN = 5, CLOSE = 6, CREAT = 8, UNLINK = 10,
            EXECVE = 11, CHDIR = 12, LSEEK = 19, GETPID = 20, GETUID = 24, PAUSE = 29, ACCESS = 33, SYNC = 36,
            KILL = 37, RENAME = 38, MKDIR = 39, RMDIR = 40, DUP = 41, PIPE = 42, TIMES = 43, BRK = 45, GETGID = 47,
            GETEUID = 49, GETEGID = 50, IOCTL = 54, FCNTL = 55, SETPGID = 57, UMASK = 60, DUP2 = 63, GETPPID = 64,
            GETPGRP = 65, SETSID = 66, GETRUSAGE = 77, GETTIMEOFDAY = 78, READLINK = 85, MUNMAP = 91, FTRUNCATE = 93,
            WAIT4 = 114, SYSINFO = 116, FSYNC = 118, UNAME = 122, MPROTECT = 125, GETPGID = 132, FCHDIR = 133,
            LLSEEK = 140, MSYNC = 144, READV = 145, WRITEV = 146, GETSID = 147, FDATASYNC = 148, SCHED_YIELD = 158,
            NANOSLEEP = 162, MREMAP = 163, POLL = 168, PRCTL = 172, RT_SIGRETURN = 173, RT_SIGACTION = 174,
            RT_SIGPROCMASK = 175, RT_SIGPENDING = 176, RT_SIGSUSPEND = 179, SIGRETURN = 119, SETITIMER = 104, GETITIMER = 105, PREAD64 = 180, PWRITE64 = 181, GETCWD = 183, SIGALTSTACK = 186,
            VFORK = 190, UGETRLIMIT = 191, MMAP2 = 192, TRUNCATE64 = 193, FTRUNCATE64 = 194, STAT64 = 195,
            LSTAT64 = 196, FSTAT64 = 197, GETUID32 = 199, GETGID32 = 200, GETEUID32 = 201, GETEGID32 = 202,
            GETGROUPS32 = 205, GETRESUID32 = 209, GETRESGID32 = 211, SETUID32 = 213, SETGID32 = 214,
            GETDENTS64 = 217, MADVISE = 220, FCNTL64 = 221, GETTID = 224, TKILL = 238, SENDFILE64 = 239, FUTEX = 240,
            SCHED_GETAFFINITY = 242, EXIT_GROUP = 248, SET_TID_ADDRESS = 256, CLOCK_GETTIME = 263,
            CLOCK_GETRES = 264, CLOCK_NANOSLEEP = 265, TGKILL = 268, OPENAT = 322, MKDIRAT = 323, FSTATAT64 = 327,
            UNLINKAT = 328, RENAMEAT = 329, READLINKAT = 332, FACCESSAT = 334, SET_ROBUST_LIST = 338,
            GET_ROBUST_LIST = 339, DUP3 = 358, PIPE2 = 359, PRLIMIT64 = 369, RENAMEAT2 = 382, GETRANDOM = 384,
            STATX = 397, RSEQ = 398, FUTEX_TIME64 = 422, CLOCK_GETTIME64 = 403, CLOCK_GETRES_TIME64 = 406, CLOCK_NANOSLEEP_TIME64 = 407,
            FACCESSAT2 = 439;

    /** The call's name: from the EABI table, an ARM private call's, or {@code syscall_<n>}. */
    public static String name(int number) {
        if (number >= 0 && number < SyscallNames.BY_NUMBER.length && SyscallNames.BY_NUMBER[number] != null) {
            return SyscallNames.BY_NUMBER[number];
        }
        return switch (number) {
            case LinuxAbi.ARM_NR_BREAKPOINT -> "ARM_breakpoint";
            case LinuxAbi.ARM_NR_CACHEFLUSH -> "ARM_cacheflush";
            case LinuxAbi.ARM_NR_USR26 -> "ARM_usr26";
            case LinuxAbi.ARM_NR_USR32 -> "ARM_usr32";
            case LinuxAbi.ARM_NR_SET_TLS -> "ARM_set_tls";
            case LinuxAbi.ARM_NR_GET_TLS -> "ARM_get_tls";
            default -> "syscall_" + Integer.toUnsignedString(number);
        };
    }
}
