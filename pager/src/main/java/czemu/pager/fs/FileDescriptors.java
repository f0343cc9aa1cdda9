package czemu.pager.fs;

/**
 * A task's fd table: TASK_FILES_MAX (32) slots, lowest free first, starting at 0 — Codezero has no
 * stdin/stdout/stderr slots (§3.3).
 */
public final class FileDescriptors {
    public static final int MAX = 32;

    private final OpenFile[] slots = new OpenFile[MAX];
    /** Tasks sharing this table (CLONE_FILES); the last one to exit closes the files. */
    private int users = 1;

    public void addUser() { users++; }
    public int removeUser() { return --users; }

    /** The lowest free fd holding {@code file}, or -1 when the table is full. */
    public int open(OpenFile file) {
        for (int fd = 0; fd < MAX; fd++) {
            if (slots[fd] == null) {
                slots[fd] = file;
                return fd;
            }
        }
        return -1;
    }

    public OpenFile get(int fd) {
        return fd >= 0 && fd < MAX ? slots[fd] : null;
    }

    public boolean inRange(int fd) {
        return fd >= 0 && fd < MAX;
    }

    public void close(int fd) {
        slots[fd] = null;
    }

    /** fork: the child gets the same open files, each fd with the parent's cursor at the moment of the fork (§3.5). */
    public FileDescriptors copy() {
        FileDescriptors copy = new FileDescriptors();
        for (int fd = 0; fd < MAX; fd++) {
            if (slots[fd] != null) {
                copy.slots[fd] = new OpenFile(slots[fd].node());
                copy.slots[fd].setCursor(slots[fd].cursor());
            }
        }
        return copy;
    }

    public void closeAll() {
        java.util.Arrays.fill(slots, null);
    }
}
