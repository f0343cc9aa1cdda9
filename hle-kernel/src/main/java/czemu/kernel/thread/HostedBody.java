package czemu.kernel.thread;

import czemu.kernel.ipc.IpcMessage;

/**
 * The code of a thread that runs in Java rather than ARM: the pager mm0 (DESIGN.md §3). It holds a
 * real thread id, so guests reach it by ordinary IPC, and it is always waiting to receive from any
 * thread. It answers with {@code Ipc.sendFromHost}, now or later, or not at all (SYNC, EXIT).
 */
public interface HostedBody {
    void receive(Tcb self, IpcMessage message);
}
