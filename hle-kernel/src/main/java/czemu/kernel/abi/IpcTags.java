package czemu.kernel.abi;

/** IPC tags in MR0 bits 0..11 (codezero-abi.md §3.2). The kernel itself sends the first two. */
public final class IpcTags {
    public static final int TAG_MASK = 0xFFF;
    public static final int PFAULT = 0;
    public static final int UNDEF_FAULT = 1;
    public static final int SYNC_EXTENDED = 3;
    public static final int SYNC_FULL = 4;
    public static final int SYNC = 5;
    public static final int SHMGET = 6;
    public static final int SHMAT = 7;
    public static final int SHMDT = 8;
    public static final int MMAP = 9;
    public static final int MUNMAP = 10;
    public static final int MSYNC = 11;
    public static final int OPEN = 12;
    public static final int READ = 13;
    public static final int WRITE = 14;
    public static final int LSEEK = 15;
    public static final int CLOSE = 16;
    public static final int BRK = 17;
    public static final int READDIR = 18;
    public static final int MKDIR = 19;
    public static final int EXECVE = 20;
    public static final int CHDIR = 21;
    public static final int FORK = 22;
    public static final int STAT = 23;
    public static final int FSTAT = 24;
    public static final int FSYNC = 25;
    public static final int CLONE = 26;
    public static final int EXIT = 27;
    public static final int WAIT = 28;
    public static final int REQUEST_CAPABILITY = 50;

    private IpcTags() {}
}
