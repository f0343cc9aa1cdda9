package czemu.pager.linux;

import czemu.kernel.arch.Cpu;
import czemu.kernel.scheduler.GuestClock;
import czemu.kernel.scheduler.HostEvents;
import czemu.kernel.scheduler.Scheduler;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;
import czemu.pager.linux.abi.LinuxAbi;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

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
 * A signal the thread must handle cuts a wait short, as the kernel's interruptible sleeps are: a
 * call that would wait while one is pending answers at once, and one waiting is woken. A retried
 * call then answers -ERESTARTSYS (made again after the handler if its SA_RESTART says so); a parked
 * call answers what its {@link Interruption} says (-EINTR after the handler, or a restart code).
 * Timers are the kernel's ({@link czemu.kernel.scheduler.GuestClock}): on the host's clock a timer's
 * expiry comes to the engine thread through the kernel's {@link HostEvents}, which keeps the machine
 * waiting for it while nothing can run; under --deterministic it is due at an instruction count.
 */
public final class Blocking {
    /** Whether a signal waits for the thread to handle it (then it must not wait, or wait any longer). */
    public interface SignalCheck {
        boolean pending(Tcb thread);
    }

    /** What a parked call answers when a signal cuts it short; it may write results too (the time a sleep had left). */
    public interface Interruption {
        int interrupted();
    }

    /** One call waiting: where, how it ends when a signal comes, and its timeout. */
    private static final class Wait {
        final WaitQueue queue;
        final boolean retry;
        final Interruption interruption;
        GuestClock.Timer timeout;

        Wait(WaitQueue queue, boolean retry, Interruption interruption) {
            this.queue = queue;
            this.retry = retry;
            this.interruption = interruption;
        }
    }

    private final Scheduler scheduler;
    private SignalCheck signals = thread -> false;
    private final Map<Tcb, Wait> waits = new IdentityHashMap<>();
    /** Threads woken to make their call again, until they make it: a signal is taken after that call, not before. */
    private final Set<Tcb> retrying = Collections.newSetFromMap(new IdentityHashMap<>());

    public Blocking(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Who knows whether a thread has a signal to handle (the door's signals). */
    public void setSignalCheck(SignalCheck signals) {
        this.signals = signals;
    }

    public WaitQueue newQueue() {
        return new WaitQueue(this);
    }

    /**
     * Parks the caller in {@code queue}; woken, it runs its svc again. The return value is the call's:
     * 0 while parked (ignored by the kernel), or -ERESTARTSYS when a signal is pending.
     */
    public int retryWhenWoken(Call call, WaitQueue queue, String what) {
        Tcb thread = call.tcb();
        if (signals.pending(thread)) return -LinuxAbi.ERESTARTSYS;
        thread.context.core[Cpu.PC] -= thread.context.thumb() ? 2 : 4;
        park(thread, new Wait(queue, true, () -> 0), what);
        return 0;
    }

    /**
     * Parks the caller after its svc (in {@code queue} if not null) until {@link #finish} gives it a
     * result. A signal cuts the wait short with what {@code interruption} answers, or never when it
     * is null (vfork's parent). The return value is the call's: 0 while parked, or the interruption's
     * answer when a signal is pending already.
     */
    public int parkUntilFinished(Call call, WaitQueue queue, String what, Interruption interruption) {
        Tcb thread = call.tcb();
        if (interruption != null && signals.pending(thread)) return interruption.interrupted();
        park(thread, new Wait(queue, false, interruption), what);
        return 0;
    }

    private void park(Tcb thread, Wait wait, String what) {
        if (wait.queue != null) wait.queue.add(thread);
        waits.put(thread, wait);
        thread.setWaitingOn(what);
        scheduler.block(thread);
    }

    /** The thread's current wait (just parked) ends with {@code result} after {@code nanos} on the guests' clock, unless it ends before. */
    public void finishAfter(Tcb thread, long nanos, int result) {
        Wait wait = waits.get(thread);
        if (wait == null) return;
        wait.timeout = scheduler.clock().after(nanos, () -> {
            if (waits.get(thread) == wait) finish(thread, result);
        });
    }

    /** Ends a parked call with {@code result} in r0; nothing if the thread is no longer parked. */
    public void finish(Tcb thread, int result) {
        Wait wait = waits.get(thread);
        if (wait == null || wait.retry || !thread.isAlive() || thread.state() != ThreadState.BLOCKED) return;
        end(thread, wait);
        thread.context.core[0] = result;
        scheduler.wake(thread);
    }

    /**
     * A signal came for the thread: a wait a signal may cut short ends. A retried call is woken to make
     * its call again (which then answers -ERESTARTSYS); a parked one gets its interruption's answer in
     * r0, and true comes back. False when the thread does not wait, or waits for something no signal
     * ends.
     */
    public boolean interrupt(Tcb thread) {
        Wait wait = waits.get(thread);
        if (wait == null || wait.interruption == null || thread.state() != ThreadState.BLOCKED) return false;
        end(thread, wait);
        if (!wait.retry) thread.context.core[0] = wait.interruption.interrupted();
        scheduler.wake(thread);
        return !wait.retry;
    }

    /** A {@link WaitQueue} wakes a thread it held: its wait is over (the thread looks at the new state, or a futex wake leaves its r0). */
    void woken(Tcb thread) {
        Wait wait = waits.get(thread);
        if (wait != null) end(thread, wait);
        scheduler.wake(thread);
    }

    /**
     * Whether the thread was woken to make its call again and has not made it yet (its PC is on the
     * svc): signals wait until that call has returned, as they would on Linux, where the call never left.
     */
    public boolean retrying(Tcb thread) {
        return retrying.contains(thread);
    }

    /** The thread makes a call (perhaps the one it was woken to make again). */
    public void callMade(Tcb thread) {
        if (!retrying.isEmpty()) retrying.remove(thread);
    }

    /** The thread is gone: whatever it waited for, it waits no more. */
    public void forget(Tcb thread) {
        retrying.remove(thread);
        Wait wait = waits.remove(thread);
        if (wait != null) {
            if (wait.queue != null) wait.queue.remove(thread);
            if (wait.timeout != null) wait.timeout.cancel();
        }
    }

    private void end(Tcb thread, Wait wait) {
        forget(thread);
        if (wait.retry) retrying.add(thread);
        thread.setWaitingOn(null);
    }

    /**
     * Runs {@code work} on the engine thread once {@code nanos} have passed on the guests' clock (the
     * host's, or the instruction count under --deterministic), unless cancelled; the machine waits for it meanwhile.
     */
    public GuestClock.Timer after(long nanos, Runnable work) {
        return scheduler.clock().after(nanos, work);
    }

    /** Where readers of host input hand their bytes to the engine thread. */
    public HostEvents hostEvents() {
        return scheduler.hostEvents();
    }
}
