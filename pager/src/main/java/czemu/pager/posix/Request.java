package czemu.pager.posix;

import czemu.kernel.ipc.IpcMessage;
import czemu.pager.task.Task;

/**
 * One request of the mm0 protocol (codezero-abi.md §3.3): arguments in MR2..MR5, the answer in MR0.
 * The answer is any 32-bit value (an mmap address such as 0x80000000 included), so it travels in a
 * long and "no answer" is a value outside that range.
 */
@FunctionalInterface
public interface Request {
    /** Returned by requests that are never answered (SYNC, EXIT, a successful EXECVE). */
    long NO_REPLY = Long.MIN_VALUE;

    long handle(Task task, IpcMessage message);
}
