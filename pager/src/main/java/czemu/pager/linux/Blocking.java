package czemu.pager.linux;

import czemu.kernel.arch.Cpu;
import czemu.kernel.scheduler.HostEvents;
import czemu.kernel.scheduler.Scheduler;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;

/**
 * How a Linux call blocks only its own thread. The thread is taken off the CPU with the kernel's
 * scheduler, as IPC and mutexes block threads, and waits in a {@link WaitQueue}; the others run on.
 * Two ways back:
 * <ul>
 *   <li>{@link #retryWhenWoken}: PC is moved back onto the svc, so the woken thread makes the same
 *       call again with the same registers and sees the new state (a pipe read, wait4). No half-done
 *       call is ever kept, and the call is shown once, when it completes.</li>
 *   <li>{@link #parkUntilFinished}: the thread stays after the svc and whoever wakes it writes its
 *       result ({@link #finish}): a sleep that ran out, a futex woken.</li>
 * </ul>
 * Timers are the kernel's ({@link czemu.kernel.scheduler.GuestClock}): on the host's clock a timer's
 * expiry comes to the engine thread through the kernel's {@link HostEvents}, which keeps the machine
 * waiting for it while nothing can run; under --deterministic it is due at an instruction count.
 */
public final class Blocking {
    private final Scheduler scheduler;

    public Blocking(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public WaitQueue newQueue() {
        return new WaitQueue(scheduler);
    }

    /** Parks the caller in {@code queue}; woken, it runs its svc again. The return value is ignored by the kernel. */
    public int retryWhenWoken(Call call, WaitQueue queue, String what) {
        Tcb thread = call.tcb();
        thread.context.core[Cpu.PC] -= thread.context.thumb() ? 2 : 4;
        park(thread, queue, what);
        return 0;
    }

    /** Parks the caller after its svc (in {@code queue} if not null) until {@link #finish} gives it a result. */
    public int parkUntilFinished(Call call, WaitQueue queue, String what) {
        park(call.tcb(), queue, what);
        return 0;
    }

    private void park(Tcb thread, WaitQueue queue, String what) {
        if (queue != null) queue.add(thread);
        thread.setWaitingOn(what);
        scheduler.block(thread);
    }

    /** Ends a parked call with {@code result} in r0; nothing if the thread is no longer parked. */
    public void finish(Tcb thread, int result) {
        if (!thread.isAlive() || thread.state() != ThreadState.BLOCKED) return;
        thread.context.core[0] = result;
        thread.setWaitingOn(null);
        scheduler.wake(thread);
    }

    /**
     * Runs {@code work} on the engine thread once {@code nanos} have passed on the guests' clock (the
     * host's, or the instruction count under --deterministic); the machine waits for it meanwhile.
     */
    public void after(long nanos, Runnable work) {
        scheduler.clock().after(nanos, work);
    }

    /** Where readers of host input hand their bytes to the engine thread. */
    public HostEvents hostEvents() {
        return scheduler.hostEvents();
    }
}
