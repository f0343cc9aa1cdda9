package czemu.kernel.debug;

import czemu.kernel.memory.Access;
import czemu.kernel.thread.Tcb;

/**
 * Why the machine stopped for a debugger, in the kernel's terms; the debugger front end (the GDB
 * stub) turns it into its protocol's stop reply. Every stop names the thread it concerns.
 */
public sealed interface DebugStop {
    /** Linux signal numbers, as a debugger shows a fault. */
    int SIGILL = 4, SIGTRAP = 5, SIGSEGV = 11;

    Tcb thread();

    /** Before the first instruction of the first task. */
    record Started(Tcb thread) implements DebugStop {}

    /** The debugger asked the running machine to stop (Ctrl-C); {@code thread} ran last. */
    record Interrupted(Tcb thread) implements DebugStop {}

    /** {@code thread} executed one instruction (a system call counts as one, however long it blocked). */
    record Stepped(Tcb thread) implements DebugStop {}

    /** {@code thread} is about to execute the instruction at {@code address}, where a breakpoint is. */
    record Breakpoint(Tcb thread, int address) implements DebugStop {}

    /**
     * {@code thread}'s instruction at its PC is about to access {@code address}, which a watchpoint
     * covers; the access has not happened yet.
     */
    record Watchpoint(Tcb thread, WatchKind kind, int address) implements DebugStop {}

    /**
     * fault-stop: {@code thread} faulted at {@code address} and its pager has not seen the fault
     * yet; resuming hands it to the pager.
     */
    record PageFault(Tcb thread, int address, Access access, int pc, boolean mapped) implements DebugStop {}

    /**
     * {@code thread} met something that would end it (a fault its pager refuses, an undefined
     * instruction nobody handles, a BKPT). It is held, not ended: resuming it with the signal ends it
     * as it would have been; resuming without re-executes the instruction.
     */
    record Fatal(Tcb thread, int signal, int address, String reason) implements DebugStop {}

    /** No thread can run any more, but some are blocked; {@code thread} is one of them. */
    record NothingRunnable(Tcb thread) implements DebugStop {}

    /** Which accesses a watchpoint catches. */
    enum WatchKind { WRITE, READ, ACCESS }
}
