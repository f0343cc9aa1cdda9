package czemu.pager.linux.process;

import czemu.kernel.abi.ThreadIds;
import czemu.kernel.thread.Tcb;
import czemu.pager.linux.signal.ThreadSignals;
import czemu.pager.task.Task;

/**
 * One thread of a Linux process: mm0's task for it (which execve replaces), its process, and what
 * the kernel would keep per thread: its signal state (mask, pending signals, alternate stack) and
 * the address set_tid_address / CLONE_CHILD_CLEARTID asked to be cleared when it ends.
 */
public final class LinuxThread {
    private Task task;
    private final LinuxProcess process;
    private final ThreadSignals signals;
    private int clearChildTid;

    LinuxThread(Task task, LinuxProcess process, long blocked) {
        this.task = task;
        this.process = process;
        this.signals = new ThreadSignals(blocked);
    }

    public ThreadSignals signals() { return signals; }

    public Task task() { return task; }
    void setTask(Task task) { this.task = task; }
    public Tcb tcb() { return task.thread(); }
    public LinuxProcess process() { return process; }

    /** The id the guest sees (gettid): the raw thread id, without the container byte. */
    public int tid() {
        return ThreadIds.rawOf(task.tid());
    }

    public int clearChildTid() { return clearChildTid; }
    public void setClearChildTid(int address) { this.clearChildTid = address; }

    @Override
    public String toString() {
        return "thread " + tid() + " of " + process;
    }
}
