package czemu.pager.linux;

import czemu.kernel.thread.Tcb;
import czemu.pager.linux.process.LinuxProcess;
import czemu.pager.linux.process.LinuxThread;
import czemu.pager.task.Task;

/**
 * One system call being served: who made it and its arguments, read from the caller's saved
 * registers (EABI: r0..r6, the number in r7; a 64-bit argument sits in an even/odd register pair).
 */
public final class Call {
    private final LinuxThread thread;
    private final int number;

    public Call(LinuxThread thread, int number) {
        this.thread = thread;
        this.number = number;
    }

    /** Argument {@code index} (0..6) as the 32-bit register value. */
    public int arg(int index) {
        return thread.tcb().context.core[index];
    }

    /** A 64-bit argument passed in r{@code low} (low word) and r{@code low+1}. */
    public long arg64(int low) {
        return Integer.toUnsignedLong(arg(low)) | (long) arg(low + 1) << 32;
    }

    public int number() { return number; }
    public LinuxThread thread() { return thread; }
    public LinuxProcess process() { return thread.process(); }
    public Tcb tcb() { return thread.tcb(); }
    public Task task() { return thread.task(); }
}
