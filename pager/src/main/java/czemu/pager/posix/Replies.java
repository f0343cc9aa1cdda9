package czemu.pager.posix;

import czemu.kernel.ipc.IpcMessage;
import czemu.pager.task.Task;

/** The answers that are not a plain short reply: requests that need one send it themselves and return NO_REPLY. */
public interface Replies {
    /** An extended send of {@code data} (READDIR's 2048-byte buffer) with MR0 = {@code result}. */
    void extended(Task to, IpcMessage request, int result, byte[] data);

    /** A full send: MR0 = {@code result} and the 54 words of mr_rest (SYNC_FULL). */
    void full(Task to, IpcMessage request, int result, int[] rest);
}
