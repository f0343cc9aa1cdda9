package czemu.pager.linux.abi;

/**
 * The name of every ARM EABI system call number, for reports and --strace. Transcribed from the
 * Linux UAPI header {@code asm/unistd-eabi.h} (generated from the kernel's
 * {@code arch/arm/tools/syscall.tbl}; Debian's linux-libc-dev-armel-cross 6.1): entry n is
 * {@code __NR_<name> == __NR_SYSCALL_BASE + n}; numbers the table leaves out are null.
 */
final class SyscallNames {
    private SyscallNames() {}

    static final String[] BY_NUMBER = {
            "restart_syscall", "exit", "fork", "read", "write", "open",  // 0..
            "close", null, "creat", "link", "unlink", "execve",  // 6..
            "chdir", null, "mknod", "chmod", "lchown", null,  // 12..
            null, "lseek", "getpid", "mount", null, "setuid",  // 18..
            "getuid", null, "ptrace", null, null, "pause",  // 24..
            null, null, null, "access", "nice", null,  // 30..
            "sync", "kill", "rename", "mkdir", "rmdir", "dup",  // 36..
            "pipe", "times", null, "brk", "setgid", "getgid",  // 42..
            null, "geteuid", "getegid", "acct", "umount2", null,  // 48..
            "ioctl", "fcntl", null, "setpgid", null, null,  // 54..
            "umask", "chroot", "ustat", "dup2", "getppid", "getpgrp",  // 60..
            "setsid", "sigaction", null, null, "setreuid", "setregid",  // 66..
            "sigsuspend", "sigpending", "sethostname", "setrlimit", null, "getrusage",  // 72..
            "gettimeofday", "settimeofday", "getgroups", "setgroups", null, "symlink",  // 78..
            null, "readlink", "uselib", "swapon", "reboot", null,  // 84..
            null, "munmap", "truncate", "ftruncate", "fchmod", "fchown",  // 90..
            "getpriority", "setpriority", null, "statfs", "fstatfs", null,  // 96..
            null, "syslog", "setitimer", "getitimer", "stat", "lstat",  // 102..
            "fstat", null, null, "vhangup", null, null,  // 108..
            "wait4", "swapoff", "sysinfo", null, "fsync", "sigreturn",  // 114..
            "clone", "setdomainname", "uname", null, "adjtimex", "mprotect",  // 120..
            "sigprocmask", null, "init_module", "delete_module", null, "quotactl",  // 126..
            "getpgid", "fchdir", "bdflush", "sysfs", "personality", null,  // 132..
            "setfsuid", "setfsgid", "_llseek", "getdents", "_newselect", "flock",  // 138..
            "msync", "readv", "writev", "getsid", "fdatasync", "_sysctl",  // 144..
            "mlock", "munlock", "mlockall", "munlockall", "sched_setparam", "sched_getparam",  // 150..
            "sched_setscheduler", "sched_getscheduler", "sched_yield", "sched_get_priority_max", "sched_get_priority_min", "sched_rr_get_interval",  // 156..
            "nanosleep", "mremap", "setresuid", "getresuid", null, null,  // 162..
            "poll", "nfsservctl", "setresgid", "getresgid", "prctl", "rt_sigreturn",  // 168..
            "rt_sigaction", "rt_sigprocmask", "rt_sigpending", "rt_sigtimedwait", "rt_sigqueueinfo", "rt_sigsuspend",  // 174..
            "pread64", "pwrite64", "chown", "getcwd", "capget", "capset",  // 180..
            "sigaltstack", "sendfile", null, null, "vfork", "ugetrlimit",  // 186..
            "mmap2", "truncate64", "ftruncate64", "stat64", "lstat64", "fstat64",  // 192..
            "lchown32", "getuid32", "getgid32", "geteuid32", "getegid32", "setreuid32",  // 198..
            "setregid32", "getgroups32", "setgroups32", "fchown32", "setresuid32", "getresuid32",  // 204..
            "setresgid32", "getresgid32", "chown32", "setuid32", "setgid32", "setfsuid32",  // 210..
            "setfsgid32", "getdents64", "pivot_root", "mincore", "madvise", "fcntl64",  // 216..
            null, null, "gettid", "readahead", "setxattr", "lsetxattr",  // 222..
            "fsetxattr", "getxattr", "lgetxattr", "fgetxattr", "listxattr", "llistxattr",  // 228..
            "flistxattr", "removexattr", "lremovexattr", "fremovexattr", "tkill", "sendfile64",  // 234..
            "futex", "sched_setaffinity", "sched_getaffinity", "io_setup", "io_destroy", "io_getevents",  // 240..
            "io_submit", "io_cancel", "exit_group", "lookup_dcookie", "epoll_create", "epoll_ctl",  // 246..
            "epoll_wait", "remap_file_pages", null, null, "set_tid_address", "timer_create",  // 252..
            "timer_settime", "timer_gettime", "timer_getoverrun", "timer_delete", "clock_settime", "clock_gettime",  // 258..
            "clock_getres", "clock_nanosleep", "statfs64", "fstatfs64", "tgkill", "utimes",  // 264..
            "arm_fadvise64_64", "pciconfig_iobase", "pciconfig_read", "pciconfig_write", "mq_open", "mq_unlink",  // 270..
            "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr", "waitid", "socket",  // 276..
            "bind", "connect", "listen", "accept", "getsockname", "getpeername",  // 282..
            "socketpair", "send", "sendto", "recv", "recvfrom", "shutdown",  // 288..
            "setsockopt", "getsockopt", "sendmsg", "recvmsg", "semop", "semget",  // 294..
            "semctl", "msgsnd", "msgrcv", "msgget", "msgctl", "shmat",  // 300..
            "shmdt", "shmget", "shmctl", "add_key", "request_key", "keyctl",  // 306..
            "semtimedop", "vserver", "ioprio_set", "ioprio_get", "inotify_init", "inotify_add_watch",  // 312..
            "inotify_rm_watch", "mbind", "get_mempolicy", "set_mempolicy", "openat", "mkdirat",  // 318..
            "mknodat", "fchownat", "futimesat", "fstatat64", "unlinkat", "renameat",  // 324..
            "linkat", "symlinkat", "readlinkat", "fchmodat", "faccessat", "pselect6",  // 330..
            "ppoll", "unshare", "set_robust_list", "get_robust_list", "splice", "arm_sync_file_range",  // 336..
            "tee", "vmsplice", "move_pages", "getcpu", "epoll_pwait", "kexec_load",  // 342..
            "utimensat", "signalfd", "timerfd_create", "eventfd", "fallocate", "timerfd_settime",  // 348..
            "timerfd_gettime", "signalfd4", "eventfd2", "epoll_create1", "dup3", "pipe2",  // 354..
            "inotify_init1", "preadv", "pwritev", "rt_tgsigqueueinfo", "perf_event_open", "recvmmsg",  // 360..
            "accept4", "fanotify_init", "fanotify_mark", "prlimit64", "name_to_handle_at", "open_by_handle_at",  // 366..
            "clock_adjtime", "syncfs", "sendmmsg", "setns", "process_vm_readv", "process_vm_writev",  // 372..
            "kcmp", "finit_module", "sched_setattr", "sched_getattr", "renameat2", "seccomp",  // 378..
            "getrandom", "memfd_create", "bpf", "execveat", "userfaultfd", "membarrier",  // 384..
            "mlock2", "copy_file_range", "preadv2", "pwritev2", "pkey_mprotect", "pkey_alloc",  // 390..
            "pkey_free", "statx", "rseq", "io_pgetevents", "migrate_pages", "kexec_file_load",  // 396..
            null, "clock_gettime64", "clock_settime64", "clock_adjtime64", "clock_getres_time64", "clock_nanosleep_time64",  // 402..
            "timer_gettime64", "timer_settime64", "timerfd_gettime64", "timerfd_settime64", "utimensat_time64", "pselect6_time64",  // 408..
            "ppoll_time64", null, "io_pgetevents_time64", "recvmmsg_time64", "mq_timedsend_time64", "mq_timedreceive_time64",  // 414..
            "semtimedop_time64", "rt_sigtimedwait_time64", "futex_time64", "sched_rr_get_interval_time64", "pidfd_send_signal", "io_uring_setup",  // 420..
            "io_uring_enter", "io_uring_register", "open_tree", "move_mount", "fsopen", "fsconfig",  // 426..
            "fsmount", "fspick", "pidfd_open", "clone3", "close_range", "openat2",  // 432..
            "pidfd_getfd", "faccessat2", "process_madvise", "epoll_pwait2", "mount_setattr", "quotactl_fd",  // 438..
            "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self", null, "process_mrelease", "futex_waitv",  // 444..
            "set_mempolicy_home_node",  // 450..
    };
}
