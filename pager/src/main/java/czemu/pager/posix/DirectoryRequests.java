package czemu.pager.posix;

import czemu.kernel.abi.Errno;
import czemu.kernel.ipc.IpcMessage;
import czemu.pager.fs.Directory;
import czemu.pager.fs.DirectoryListing;
import czemu.pager.fs.MemFs;
import czemu.pager.fs.OpenFile;
import czemu.pager.task.Task;

/** MKDIR, CHDIR and READDIR (codezero-abi.md §3.3, §3.4); paths come in the UTCB full buffer. */
public final class DirectoryRequests {
    private final MemFs fs;
    private final Replies replies;

    public DirectoryRequests(MemFs fs, Replies replies) {
        this.fs = fs;
        this.replies = replies;
    }

    /** MKDIR: an existing name is -EEXIST, a missing parent -ENOENT; a trailing "/" is fine. */
    public int mkdir(Task task, IpcMessage message) {
        MemFs.Lookup made = fs.makeDirectory(task.cwd(), FileRequests.pathFrom(message));
        return made.error();
    }

    /** CHDIR: a path that is not a directory is -ENOTDIR. */
    public int chdir(Task task, IpcMessage message) {
        MemFs.Lookup found = fs.lookup(task.cwd(), FileRequests.pathFrom(message));
        if (found.error() != 0) return found.error();
        if (!(found.node() instanceof Directory directory)) return -Errno.ENOTDIR;
        task.setCwd(directory);
        return 0;
    }

    /**
     * READDIR: M2 = fd, M3 = count. The client sent a short message and now waits in an extended
     * receive; the answer is an extended send of 2048 bytes with MR0 = the bytes of records (0 bytes
     * on error, with MR0 = -errno).
     */
    public long readdir(Task task, IpcMessage message) {
        OpenFile open = task.files().get(message.mr(2));
        int count = message.mr(3);
        if (open == null) {
            replies.extended(task, message, -Errno.EBADF, new byte[0]);
        } else if (!(open.node() instanceof Directory directory)) {
            replies.extended(task, message, -Errno.ENOTDIR, new byte[0]);
        } else {
            byte[] records = DirectoryListing.of(directory, count);
            byte[] buffer = new byte[DirectoryListing.BUFFER_SIZE];
            System.arraycopy(records, 0, buffer, 0, records.length);
            replies.extended(task, message, records.length, buffer);
        }
        return Request.NO_REPLY;
    }
}
