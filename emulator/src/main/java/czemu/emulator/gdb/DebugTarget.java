package czemu.emulator.gdb;

import java.util.List;

/**
 * What the GDB stub ({@link GdbServer}) drives: the emulated machine, seen as one process with
 * threads, registers, memory and breakpoints. The stub only translates the remote protocol; every
 * decision about the machine is the target's.
 *
 * <h2>Threading contract</h2>
 * <ul>
 *   <li>The stub calls every method from its own threads (the session thread, or while the target
 *       is stopped the thread that reads the connection), one call at a time (never two
 *       concurrently), never from the machine thread.</li>
 *   <li>The target is either <em>stopped</em> (every thread halted) or <em>running</em>. It is
 *       stopped when {@link #attach} returns, and after it has reported a stop to the listener;
 *       it is running from {@link #resume} until it reports the stop.</li>
 *   <li>The query and modify methods ({@link #threads}, registers, memory, breakpoints,
 *       {@link #monitor}) are called only while stopped.</li>
 *   <li>{@link #resume} returns at once; later, exactly one {@link StopListener#stopped} call
 *       reports why the target stopped, from any thread (normally the machine thread). Stops are
 *       only reported while running, and only to the listener of the current {@link #attach}.</li>
 *   <li>{@link #interrupt} is called while running (when the user presses Ctrl-C), possibly more
 *       than once, possibly racing with a stop the target is already reporting.</li>
 *   <li>{@link #detach} and {@link #kill} may be called while stopped or while running.</li>
 * </ul>
 * Methods may throw {@link RuntimeException}; the stub turns that into an error reply and goes on.
 */
public interface DebugTarget {

    /**
     * A debugger connected. Stop the machine if it runs (a debugger re-attaching after an
     * earlier detach) and return once every thread is stopped, with the stop it reports to
     * {@code ?}: at the start of the program {@link StopEvent#initial} for the first thread
     * (stopped before its first instruction), after an interrupt {@link StopEvent#interrupted},
     * or {@link StopEvent.Exited}/{@link StopEvent.Killed} if the program is already gone.
     * From now on stops are reported to {@code listener} (and no longer to an earlier one).
     */
    StopEvent attach(StopListener listener);

    /**
     * The debugger left (the {@code D} packet, or the connection closed). The stub has already
     * asked gdb to remove its breakpoints, but gdb may not have; the target should drop every
     * breakpoint and watchpoint that is still inserted, stop reporting to the listener, and
     * carry on as it would without a debugger (normally: let every thread run).
     */
    void detach();

    /** Kill the program ({@code k}, {@code vKill}): the machine ends. No stop is reported. */
    void kill();

    /**
     * Stop the running target soon and report that stop, normally
     * {@link StopEvent#interrupted} for the thread that was running. If it already stopped for
     * another reason, report that one instead. Ignored while stopped.
     */
    void interrupt();

    // ---- threads -------------------------------------------------------------------------

    /** The live threads, in a stable order (gdb numbers them in this order). Never empty while
     *  the program exists. */
    List<ThreadInfo> threads();

    /** Whether {@code thread} is alive ({@code T} packet). */
    default boolean isAlive(int thread) {
        for (ThreadInfo t : threads()) if (t.id() == thread) return true;
        return false;
    }

    // ---- registers (thread ids were checked to exist) ------------------------------------

    /** A fresh copy of {@code thread}'s registers. */
    ArmRegisters readRegisters(int thread);

    /** Sets every register of {@code thread} ({@code G}). */
    void writeRegisters(int thread, ArmRegisters registers);

    /** Sets one register ({@code P}); 32-bit registers take the low 32 bits of {@code value}. */
    default void writeRegister(int thread, ArmRegister register, long value) {
        ArmRegisters regs = readRegisters(thread);
        regs.set(register, value);
        writeRegisters(thread, regs);
    }

    // ---- memory, in the address space of a thread -------------------------------------------

    /**
     * Reads up to {@code length} bytes at the virtual address {@code address} as {@code thread}
     * sees it (0 &lt; length, address + length &lt;= 2^32). Returns the bytes that could be
     * read from the start: all of them, a shorter prefix if the range runs into an unreadable
     * page, or an empty array if {@code address} itself is unreadable (gdb then reports
     * "Cannot access memory"). Debugger reads bypass the page permissions where the target can
     * and never fault the guest.
     */
    byte[] readMemory(int thread, long address, int length);

    /**
     * Writes {@code data} at {@code address} in {@code thread}'s address space (also into
     * read-only text, the way a debugger writes breakpoints). Returns false if any byte could
     * not be written.
     */
    boolean writeMemory(int thread, long address, byte[] data);

    // ---- breakpoints ----------------------------------------------------------------------

    /**
     * Inserts a breakpoint or watchpoint. {@code thread} is the thread gdb last selected with
     * {@code Hg} (its address space is the natural one; a target may also apply breakpoints to
     * every space). Answer {@link Breakpoint.Result#UNSUPPORTED} for types or kinds it does not
     * do. Inserting the same breakpoint twice must not fail.
     */
    Breakpoint.Result insertBreakpoint(int thread, Breakpoint breakpoint);

    /** Removes what {@link #insertBreakpoint} inserted; removing an absent one answers OK. */
    Breakpoint.Result removeBreakpoint(int thread, Breakpoint breakpoint);

    // ---- execution --------------------------------------------------------------------------

    /**
     * Resumes the threads as {@code request} says and returns at once. The stop that follows
     * is reported to the attach listener, exactly once. A thread whose action is a step stops
     * after one instruction ({@link StopEvent#stepped}), unless something else stops the target
     * first (a breakpoint, a fault, another thread's event).
     */
    void resume(ResumeRequest request);

    // ---- extras ----------------------------------------------------------------------------

    /**
     * A {@code monitor} command ({@code qRcmd}): returns the text to print (may be empty or
     * several lines). Unknown commands should return a helpful line, not throw.
     */
    String monitor(String command);
}
