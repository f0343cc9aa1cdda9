package czemu.kernel;

import czemu.kernel.fault.FaultResolution;
import czemu.kernel.memory.Access;
import czemu.kernel.thread.Tcb;

/**
 * What a tracer sees of the kernel (czemu run --trace, --strace): system calls as they return and
 * when a blocked one completes, page faults with how they were resolved, undefined instructions,
 * threads starting and ending, and the scheduler's slices. Observers are called on the engine
 * thread, at moments when the thread's registers are in its context ({@code thread.context}); they
 * must not change kernel state. Every method does nothing by default; a kernel with no observer
 * pays a call over an empty list at each of these points (a system call, a fault, a slice), and
 * copies no arguments (STYLE.md: a tracer costs nothing unused).
 */
public interface KernelObserver {
    KernelObserver NONE = new KernelObserver() {
    };

    /**
     * A system call returned, or ({@code blocked}) put the thread to sleep and its result comes later.
     * {@code args} are r0..r8 at entry (r3..r8 are MR0..MR5).
     */
    default void returned(Tcb thread, String name, int[] args, int result, boolean blocked) {
    }

    /**
     * A call that blocked has completed: {@code thread} runs again with {@code result} in r0 (and,
     * after an ipc receive, the message in its MRs). {@code args} are those the call was made with.
     */
    default void resumed(Tcb thread, String name, int[] args, int result) {
    }

    /** {@code thread} is about to run a slice on the CPU; its registers are loaded. */
    default void sliceStarting(Tcb thread) {
    }

    /** {@code thread}'s slice ended and its registers are back in its context (it may have blocked or exited). */
    default void sliceEnded(Tcb thread) {
    }

    /**
     * A data or prefetch abort at {@code pc} (0: the kernel's own access to user memory, §4.1) for
     * {@code address} has been dealt with as {@code resolution}. Not called for a fault a debugger holds.
     */
    default void pageFault(Tcb thread, int pc, int address, Access access, FaultResolution resolution) {
    }

    /** {@code thread} executed an undefined instruction at {@code pc}; it has been reported to its pager. */
    default void undefinedInstruction(Tcb thread, int pc) {
    }

    /** {@code thread} runs for the first time, or runs a new program after execve (its name is the program). */
    default void threadStarted(Tcb thread) {
    }

    /** {@code thread} stopped for good: exited ({@link Tcb#hasExited()}, with its code), destroyed or halted. */
    default void threadEnded(Tcb thread) {
    }
}
