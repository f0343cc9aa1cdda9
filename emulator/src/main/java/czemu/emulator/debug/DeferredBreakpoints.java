package czemu.emulator.debug;

import czemu.kernel.debug.DebugControl;
import czemu.kernel.thread.Tcb;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * gdb's breakpoints, handed to the kernel only when the machine resumes. gdb takes every
 * breakpoint out when the machine stops and puts them all back before it resumes (twice per single
 * step); the kernel's breakpoints are engine hooks, and each change drops translated code. Here the
 * requests only change the set gdb wants, and {@link #applyTo} brings the kernel's set to it, so
 * the traffic that cancels out never reaches the engine.
 *
 * <p>Threading: {@link #want}, {@link #drop}, {@link #isHardware} and {@link #clear} on the stub's
 * threads; {@link #applyTo} and {@link #kernelHasNone} on the engine thread, inside a request.
 */
final class DeferredBreakpoints {
    /** Address to the thread gdb had selected when it set the breakpoint (whose code it is for). */
    private final Map<Integer, Integer> wanted = new HashMap<>();
    /** Addresses set as Z1: their stops are reported as hardware breakpoints. */
    private final Set<Integer> hardware = new HashSet<>();
    /** What the kernel has now (engine thread only). */
    private final Map<Integer, Integer> inserted = new HashMap<>();

    synchronized void want(int address, int selectedThread, boolean isHardware) {
        wanted.put(address, selectedThread);
        if (isHardware) hardware.add(address);
        else hardware.remove(address);
    }

    synchronized void drop(int address) {
        wanted.remove(address);
    }

    synchronized boolean isHardware(int address) {
        return hardware.contains(address);
    }

    /** The debugger left: it wants none (the kernel drops its own on the detach). */
    synchronized void clear() {
        wanted.clear();
        hardware.clear();
    }

    /** The kernel dropped every breakpoint (a detach before this debugger attached). */
    void kernelHasNone() {
        inserted.clear();
    }

    /**
     * Brings the kernel's breakpoints to the wanted ones. {@code debuggable} finds a thread by id, or
     * null when it is gone; a breakpoint whose thread is gone is set for {@code anyThread}'s code.
     */
    void applyTo(DebugControl control, IntFunction<Tcb> debuggable, Tcb anyThread) {
        Map<Integer, Integer> want;
        synchronized (this) {
            want = new HashMap<>(wanted);
        }
        for (Iterator<Map.Entry<Integer, Integer>> it = inserted.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Integer> now = it.next();
            if (want.containsKey(now.getKey())) continue;
            control.removeBreakpoint(debuggable.apply(now.getValue()), now.getKey());
            it.remove();
        }
        for (Map.Entry<Integer, Integer> add : want.entrySet()) {
            if (inserted.containsKey(add.getKey())) continue;
            Tcb selected = debuggable.apply(add.getValue());
            if (selected == null) selected = anyThread;
            if (selected == null) continue;
            control.insertBreakpoint(selected, add.getKey());
            inserted.put(add.getKey(), add.getValue());
        }
    }
}
