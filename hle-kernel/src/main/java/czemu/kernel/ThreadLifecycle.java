package czemu.kernel;

import czemu.kernel.abi.Errno;
import czemu.kernel.abi.MemoryLayout;
import czemu.kernel.abi.ThreadIds;
import czemu.kernel.arch.Cpu;
import czemu.kernel.ipc.Ipc;
import czemu.kernel.mutex.UserMutexes;
import czemu.kernel.scheduler.Scheduler;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The states thread_control moves a thread through after CREATE (codezero-abi.md §2.7): RUN,
 * SUSPEND, an exit by DESTROY on itself, WAIT by its pager, RECYCLE. A suspended or exited thread is
 * INACTIVE; an exited one stays so, holding its id and exit code, until a WAIT reaps it.
 */
public final class ThreadLifecycle {
    /** Called to take a thread out of the system for good (Kernel.destroy). */
    interface Removal {
        void remove(Tcb thread);
    }

    private final Scheduler scheduler;
    private final Ipc ipc;
    private final UserMutexes mutexes;
    private final Removal removal;
    private final Kernel.SpaceEditor spaces;
    private final KernelObserver observer;
    /** Threads blocked in WAIT, by the thread they wait for. */
    private final Map<Tcb, ArrayDeque<Tcb>> waiters = new HashMap<>();

    ThreadLifecycle(Scheduler scheduler, Ipc ipc, UserMutexes mutexes, Removal removal, Kernel.SpaceEditor spaces,
                    KernelObserver observer) {
        this.scheduler = scheduler;
        this.ipc = ipc;
        this.mutexes = mutexes;
        this.removal = removal;
        this.spaces = spaces;
        this.observer = observer;
    }

    /** RUN: an inactive thread (new or suspended) becomes runnable; an exited one never runs again. */
    public int run(Tcb thread) {
        if (thread.state() == ThreadState.INACTIVE && !thread.hasExited()) {
            scheduler.wake(thread);
            observer.threadStarted(thread);
        }
        return 0;
    }

    /**
     * SUSPEND: the thread stops until RUN. One blocked in IPC or on a user mutex is taken out of it
     * first, and that call returns -EINTR when it runs again, as Codezero interrupts the sleep
     * before it suspends. Whoever WAITs for the thread is told.
     */
    public int suspend(Tcb thread) {
        if (thread.state() == ThreadState.INACTIVE) return 0;
        if (thread.state() == ThreadState.BLOCKED) interruptSleep(thread);
        scheduler.suspend(thread);
        stopped(thread);
        return 0;
    }

    /** DESTROY on itself: the thread stops for good with the low 16 bits of {@code flags} as its exit code. */
    public void exit(Tcb thread, int code) {
        thread.markExited(code & 0xFFFF);
        if (thread.state() == ThreadState.BLOCKED) interruptSleep(thread);
        scheduler.suspend(thread);
        observer.threadEnded(thread);
        stopped(thread);
    }

    /**
     * WAIT: the caller sleeps until {@code target} is inactive (suspended or exited), then takes it
     * out of the system and gets its exit code. Returns the code now when it is inactive already;
     * otherwise the caller blocks and its r0 is written when the target stops.
     */
    public int waitFor(Tcb caller, Tcb target) {
        if (target == caller) return -Errno.EINVAL;
        if (target.state() == ThreadState.INACTIVE) {
            return reap(target);
        }
        waiters.computeIfAbsent(target, t -> new ArrayDeque<>()).add(caller);
        caller.setWaitingOn("thread " + ThreadIds.describe(target.tid()) + " to stop (thread_control WAIT)");
        scheduler.block(caller);
        return 0;
    }

    /**
     * RECYCLE: the thread is suspended, its registers cleared to a fresh user-mode state, and every
     * user mapping of its space removed; it keeps its id, ready to be set up again.
     */
    public int recycle(Tcb thread) {
        suspend(thread);
        java.util.Arrays.fill(thread.context.core, 0);
        java.util.Arrays.fill(thread.context.vfp, 0);
        thread.context.fpscr = 0;
        thread.context.core[Cpu.CPSR] = Cpu.CPSR_MODE_USER;
        spaces.unmapUserRange(thread.space(), 0, MemoryLayout.KERNEL_START);
        spaces.unmapUserRange(thread.space(), MemoryLayout.UTCB_REGION_START, MemoryLayout.UTCB_REGION_END);
        return 0;
    }

    /** A thread left the system (destroyed or reaped): whoever still waits for it gets -ESRCH. */
    void removed(Tcb thread) {
        ArrayDeque<Tcb> waiting = waiters.remove(thread);
        if (waiting != null) waiting.forEach(waiter -> wakeWaiter(waiter, -Errno.ESRCH));
        waiters.values().forEach(queue -> queue.remove(thread));
    }

    private void stopped(Tcb thread) {
        ArrayDeque<Tcb> waiting = waiters.remove(thread);
        if (waiting == null || waiting.isEmpty()) return;
        wakeWaiter(waiting.poll(), reap(thread)); // the first waiter reaps; later ones find it gone
        waiting.forEach(waiter -> wakeWaiter(waiter, -Errno.ESRCH));
    }

    private int reap(Tcb target) {
        int code = target.hasExited() ? target.exitCode() : 0;
        removal.remove(target);
        return code;
    }

    private void wakeWaiter(Tcb waiter, int result) {
        waiter.setWaitingOn(null);
        waiter.context.core[0] = result;
        scheduler.wake(waiter);
    }

    private void interruptSleep(Tcb thread) {
        if (!ipc.interrupt(thread) && !mutexes.interrupt(thread)) {
            waiters.values().forEach(queue -> {
                if (queue.remove(thread)) thread.context.core[0] = -Errno.EINTR;
            });
            thread.setWaitingOn(null);
        }
    }
}
