package czemu.pager.linux.fs;

import czemu.pager.linux.abi.LinuxAbi;
import java.util.BitSet;

/**
 * A Linux process's file descriptor table: up to {@link #MAX} descriptors (RLIMIT_NOFILE), lowest
 * free first, each naming an {@link OpenFileDescription} and carrying its own close-on-exec bit.
 * It is separate from mm0's Codezero table (pager/fs/FileDescriptors), whose answers test0 checks
 * byte for byte: that one has 32 slots from fd 0, no stdin/stdout/stderr and gives a fork child its
 * own cursor, where Linux shares the description.
 */
public final class LinuxFiles {
    public static final int MAX = 1024;

    private final OpenFileDescription[] slots = new OpenFileDescription[MAX];
    private final BitSet closeOnExec = new BitSet(MAX);
    /** Processes sharing this table (CLONE_FILES); the last to go closes the files. */
    private int users = 1;

    public void addUser() { users++; }
    public int removeUser() { return --users; }

    /** Puts {@code file} (whose reference the table takes over) at the lowest free fd >= {@code lowest}; -EMFILE when full. */
    public int install(OpenFileDescription file, boolean cloexec, int lowest) {
        for (int fd = Math.max(0, lowest); fd < MAX; fd++) {
            if (slots[fd] == null) {
                slots[fd] = file;
                closeOnExec.set(fd, cloexec);
                return fd;
            }
        }
        file.release();
        return -LinuxAbi.EMFILE;
    }

    public OpenFileDescription get(int fd) {
        return fd >= 0 && fd < MAX ? slots[fd] : null;
    }

    public int close(int fd) {
        OpenFileDescription file = get(fd);
        if (file == null) return -LinuxAbi.EBADF;
        slots[fd] = null;
        closeOnExec.clear(fd);
        file.release();
        return 0;
    }

    /** dup2/dup3: {@code newFd} names the same description as {@code oldFd}, closing what it named. */
    public int duplicateTo(int oldFd, int newFd, boolean cloexec) {
        OpenFileDescription file = get(oldFd);
        if (file == null || newFd < 0 || newFd >= MAX) return -LinuxAbi.EBADF;
        if (oldFd == newFd) return newFd;
        file.retain();
        if (slots[newFd] != null) slots[newFd].release();
        slots[newFd] = file;
        closeOnExec.set(newFd, cloexec);
        return newFd;
    }

    public boolean closeOnExec(int fd) {
        return closeOnExec.get(fd);
    }

    public void setCloseOnExec(int fd, boolean cloexec) {
        closeOnExec.set(fd, cloexec);
    }

    /** fork: the same descriptions at the same numbers, with their close-on-exec bits. */
    public LinuxFiles copy() {
        LinuxFiles copy = new LinuxFiles();
        for (int fd = 0; fd < MAX; fd++) {
            if (slots[fd] != null) {
                slots[fd].retain();
                copy.slots[fd] = slots[fd];
            }
        }
        copy.closeOnExec.or(closeOnExec);
        return copy;
    }

    /** execve: descriptors marked close-on-exec go. */
    public void closeMarkedForExec() {
        for (int fd = closeOnExec.nextSetBit(0); fd >= 0; fd = closeOnExec.nextSetBit(fd + 1)) close(fd);
    }

    public void closeAll() {
        for (int fd = 0; fd < MAX; fd++) {
            if (slots[fd] != null) close(fd);
        }
    }
}
