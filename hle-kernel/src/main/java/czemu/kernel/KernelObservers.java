package czemu.kernel;

import czemu.kernel.fault.FaultResolution;
import czemu.kernel.memory.Access;
import czemu.kernel.thread.Tcb;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The kernel's observers as one: it hands every event to each of them, and keeps the little state
 * that turns the kernel's moments into the events observers want. A system call that blocked is
 * shown as resumed when its thread next gets the CPU (with the result its waker left in r0); a
 * thread is shown as started on its first RUN only, not when it runs again after a SUSPEND, and as
 * ended once. Threads are told apart by their control block, since thread ids are reused.
 */
final class KernelObservers implements KernelObserver {
    private KernelObserver[] observers = new KernelObserver[0];
    /** Threads asleep in a system call: the call's name and arguments. */
    private final Map<Tcb, BlockedCall> blocked = new IdentityHashMap<>();
    private final Set<Tcb> started = Collections.newSetFromMap(new IdentityHashMap<>());

    private record BlockedCall(String name, int[] args) {
    }

    void add(KernelObserver observer) {
        observers = Arrays.copyOf(observers, observers.length + 1);
        observers[observers.length - 1] = observer;
    }

    boolean isEmpty() {
        return observers.length == 0;
    }

    @Override
    public void returned(Tcb thread, String name, int[] args, int result, boolean blocked) {
        if (blocked && thread.isAlive()) this.blocked.put(thread, new BlockedCall(name, args));
        for (KernelObserver observer : observers) observer.returned(thread, name, args, result, blocked);
    }

    /**
     * The call {@code thread} blocked in will be made again when it is woken (its PC is back on the
     * svc: a Linux wait4, a read of an empty pipe): that call shows its result, so it is not shown as
     * resumed too.
     */
    void willRetry(Tcb thread) {
        blocked.remove(thread);
    }

    @Override
    public void sliceStarting(Tcb thread) {
        for (KernelObserver observer : observers) observer.sliceStarting(thread);
        BlockedCall call = blocked.remove(thread);
        if (call != null) resumed(thread, call.name(), call.args(), thread.context.core[0]);
    }

    @Override
    public void resumed(Tcb thread, String name, int[] args, int result) {
        for (KernelObserver observer : observers) observer.resumed(thread, name, args, result);
    }

    @Override
    public void sliceEnded(Tcb thread) {
        for (KernelObserver observer : observers) observer.sliceEnded(thread);
    }

    @Override
    public void pageFault(Tcb thread, int pc, int address, Access access, FaultResolution resolution) {
        for (KernelObserver observer : observers) observer.pageFault(thread, pc, address, access, resolution);
    }

    @Override
    public void undefinedInstruction(Tcb thread, int pc) {
        for (KernelObserver observer : observers) observer.undefinedInstruction(thread, pc);
    }

    /** A thread was made runnable by RUN: shown as started the first time only. */
    @Override
    public void threadStarted(Tcb thread) {
        if (started.add(thread)) programStarted(thread);
    }

    /** The thread runs a new program (execve): shown as started again. */
    void programStarted(Tcb thread) {
        started.add(thread);
        for (KernelObserver observer : observers) observer.threadStarted(thread);
    }

    @Override
    public void threadEnded(Tcb thread) {
        blocked.remove(thread);
        if (!started.remove(thread)) return; // never ran, or already shown as ended
        for (KernelObserver observer : observers) observer.threadEnded(thread);
    }
}
