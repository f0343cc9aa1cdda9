package czemu.pager.posix;

import czemu.kernel.abi.Errno;
import czemu.kernel.fault.UserMemory;
import czemu.kernel.ipc.IpcMessage;
import czemu.pager.fs.MemFs;
import czemu.pager.fs.OpenFile;
import czemu.pager.fs.RegularFile;
import czemu.pager.task.Task;
import czemu.pager.vm.FilePages;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * OPEN, READ, WRITE, LSEEK and CLOSE with mm0's exact answers (codezero-abi.md §3.3 and the
 * observations in spec/README.md). User buffers are checked against the task's vm_areas and then
 * copied through the fault path.
 */
public final class FileRequests {
    static final int O_CREAT = 0100;
    static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
    /** The UTCB full buffer holds at most 216 bytes of path (§1.4). */
    static final int PATH_MAX = 216;

    private final MemFs fs;
    private final UserMemory userMemory;
    private final Function<RegularFile, FilePages> pageCache;
    private final Consumer<String> mm0Says;

    public FileRequests(MemFs fs, UserMemory userMemory, Function<RegularFile, FilePages> pageCache, Consumer<String> mm0Says) {
        this.fs = fs;
        this.userMemory = userMemory;
        this.pageCache = pageCache;
        this.mm0Says = mm0Says;
    }

    /** OPEN: path in the full buffer, M2 = flags, M3 = mode. O_CREAT always makes a new file (-EEXIST if taken). */
    public int open(Task task, IpcMessage message) {
        String path = pathFrom(message);
        int flags = message.mr(2);
        MemFs.Lookup found = (flags & O_CREAT) != 0 ? fs.createFile(task.cwd(), path) : fs.lookup(task.cwd(), path);
        if (found.error() != 0) return found.error();
        int fd = task.files().open(new OpenFile(found.node()));
        return fd < 0 ? -Errno.ENOSPC : fd;
    }

    /** READ: M2 = fd, M3 = buffer, M4 = count; at most length - cursor bytes. */
    public int read(Task task, IpcMessage message) {
        OpenFile open = task.files().get(message.mr(2));
        if (open == null) return -Errno.EBADF;
        int buffer = message.mr(3), count = message.mr(4);
        if (count < 0) return -Errno.EINVAL;
        if (count == 0) return 0;
        if (!task.vm().covers(buffer, count)) return -Errno.EFAULT;
        if (!(open.node() instanceof RegularFile file)) return -Errno.EISDIR;
        long available = Math.max(0, file.length() - open.cursor());
        byte[] data = new byte[(int) Math.min(count, available)];
        int n = file.read(open.cursor(), data, 0, data.length);
        if (!userMemory.write(task.thread(), buffer, data, 0, n)) return -Errno.EFAULT;
        open.setCursor(open.cursor() + n);
        return n;
    }

    /** WRITE: at the cursor, growing the file; a gap left by a seek reads as zeros. A bad buffer is -EINVAL. */
    public int write(Task task, IpcMessage message) {
        OpenFile open = task.files().get(message.mr(2));
        if (open == null) return -Errno.EBADF;
        int buffer = message.mr(3), count = message.mr(4);
        if (count < 0) return -Errno.EINVAL;
        if (count == 0) return 0;
        if (!task.vm().covers(buffer, count)) return -Errno.EINVAL;
        if (!(open.node() instanceof RegularFile file)) return -Errno.EISDIR;
        if (file.readOnly()) return -Errno.EACCES;
        byte[] data = new byte[count];
        if (!userMemory.read(task.thread(), buffer, data, 0, count)) return -Errno.EINVAL;
        file.write(open.cursor(), data, 0, count);
        pageCache.apply(file).fileWritten(open.cursor(), count);
        open.setCursor(open.cursor() + count);
        return count;
    }

    /** LSEEK: SEEK_SET answers the offset, SEEK_CUR the new cursor; SEEK_END moves the cursor but answers -EINVAL (mm0's fall-through). */
    public int lseek(Task task, IpcMessage message) {
        OpenFile open = task.files().get(message.mr(2));
        if (open == null) return -Errno.EBADF;
        int offset = message.mr(3), whence = message.mr(4);
        if (offset < 0) return -Errno.EINVAL;
        switch (whence) {
            case SEEK_SET -> {
                open.setCursor(offset);
                return offset;
            }
            case SEEK_CUR -> {
                open.setCursor(open.cursor() + offset);
                return (int) open.cursor();
            }
            case SEEK_END -> {
                long length = open.node() instanceof RegularFile file ? file.length() : 0;
                open.setCursor(length + offset);
                return -Errno.EINVAL;
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
    }

    /** FSYNC: M2 = fd; writes the file's pages back (shared mappings of it reach the file), answers 0. */
    public int fsync(Task task, IpcMessage message) {
        OpenFile open = task.files().get(message.mr(2));
        if (open == null) return -Errno.EBADF;
        if (open.node() instanceof RegularFile file) pageCache.apply(file).flush();
        return 0;
    }

    /** CLOSE: flushes the file's pages; beyond the table -EINVAL; in range but not open 0, with mm0's two complaints. */
    public int close(Task task, IpcMessage message) {
        int fd = message.mr(2);
        if (!task.files().inRange(fd)) return -Errno.EINVAL;
        if (task.files().get(fd) == null) {
            mm0Says.accept("Trying to clear already clear bit");
            mm0Says.accept("id_del: Error: Could not delete id.");
            return 0;
        }
        if (task.files().get(fd).node() instanceof RegularFile file) {
            pageCache.apply(file).flush(); // pages written through a shared mapping reach the file
        }
        task.files().close(fd);
        return 0;
    }

    /** The NUL-terminated path a client strncpy'd into its UTCB full buffer and sent with a FULL IPC. */
    static String pathFrom(IpcMessage message) {
        if (message.rest() == null) return "";
        byte[] bytes = new byte[PATH_MAX];
        for (int i = 0; i < PATH_MAX; i++) {
            bytes[i] = (byte) (message.rest()[i / 4] >>> (8 * (i % 4)));
        }
        int length = 0;
        while (length < PATH_MAX && bytes[length] != 0) length++;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

}
