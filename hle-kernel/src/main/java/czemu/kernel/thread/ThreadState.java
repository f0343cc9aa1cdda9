package czemu.kernel.thread;

public enum ThreadState {
    /** Created, not yet started (thread_control RUN starts it). */
    INACTIVE,
    RUNNABLE,
    /** Blocked in IPC: sending, receiving, or waiting for its pager to resolve a fault. */
    BLOCKED,
    /** Stopped by the kernel after a fault its pager could not resolve. */
    HALTED,
    DEAD
}
