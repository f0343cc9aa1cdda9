package czemu.pager.posix;

import czemu.kernel.ipc.IpcMessage;
import czemu.pager.task.Task;

/** One request of the mm0 protocol (codezero-abi.md §3.3): arguments in MR2..MR5, the answer in MR0. */
@FunctionalInterface
public interface Request {
    /** Returned by requests that are never answered (SYNC, EXIT, a successful EXECVE). */
    int NO_REPLY = Integer.MIN_VALUE;

    int handle(Task task, IpcMessage message);
}
