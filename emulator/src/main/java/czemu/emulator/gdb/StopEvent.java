package czemu.emulator.gdb;

/**
 * Why the target stopped, as reported through {@link StopListener} or returned by
 * {@link DebugTarget#attach}. In all-stop mode every thread is stopped when one of these is
 * reported. Thread ids are gdb thread ids ({@link ThreadInfo#id()}); signals are GDB signal numbers
 * ({@link GdbSignal}).
 *
 * <table>
 * <caption>What each event becomes on the wire</caption>
 * <tr><th>event</th><th>stop reply</th><th>{@code $_siginfo}</th></tr>
 * <tr><td>{@link Signal}</td><td>{@code T<sig>thread:<id>;}</td><td>si_signo, si_code</td></tr>
 * <tr><td>{@link Breakpoint}</td><td>{@code T05thread:<id>;swbreak:;} or {@code hwbreak:;}</td>
 *     <td>SIGTRAP, TRAP_BRKPT</td></tr>
 * <tr><td>{@link Watchpoint}</td><td>{@code T05thread:<id>;watch:<addr>;} (rwatch, awatch)</td>
 *     <td>SIGTRAP, TRAP_HWBKPT, si_addr</td></tr>
 * <tr><td>{@link Fault}</td><td>{@code T0bthread:<id>;} (the fault's signal)</td>
 *     <td>si_signo, si_code, si_addr = the fault address</td></tr>
 * <tr><td>{@link Exited}</td><td>{@code W<status>}</td><td>-</td></tr>
 * <tr><td>{@link Killed}</td><td>{@code X<sig>}</td><td>-</td></tr>
 * </table>
 */
public sealed interface StopEvent {

    /**
     * A plain signal stop of {@code thread}: a finished single step ({@link #stepped}, SIGTRAP),
     * the stop after {@link DebugTarget#interrupt()} ({@link #interrupted}, SIGINT), the initial
     * stop before the first instruction ({@link #initial}, SIGTRAP), or any other signal.
     *
     * @param code Linux si_code for {@code $_siginfo} (0 = SI_USER when unknown)
     */
    record Signal(int thread, int signal, int code) implements StopEvent {}

    /** {@code thread} stopped at a breakpoint the debugger set (PC = the breakpoint address). */
    record Breakpoint(int thread, boolean hardware) implements StopEvent {}

    /** {@code thread} triggered a watchpoint on {@code address} (the data address accessed). */
    record Watchpoint(int thread, WatchKind kind, long address) implements StopEvent {}

    /**
     * {@code thread} faulted: a page fault nobody can resolve (SIGSEGV, with si_code
     * {@link #SEGV_MAPERR} or {@link #SEGV_ACCERR}), an undefined instruction (SIGILL,
     * {@link #ILL_ILLOPC}), an alignment fault (SIGBUS, {@link #BUS_ADRALN}). PC is the faulting
     * instruction; {@code address} the faulting data address (for SIGILL the instruction address).
     */
    record Fault(int thread, int signal, int code, long address) implements StopEvent {}

    /** The program (all its threads) ended with this exit status (0..255). */
    record Exited(int status) implements StopEvent {}

    /** The program was terminated by this GDB signal. */
    record Killed(int signal) implements StopEvent {}

    /** Which access a watchpoint reports. */
    enum WatchKind {
        /** Z2: write. */ WRITE("watch"),
        /** Z3: read. */ READ("rwatch"),
        /** Z4: read or write. */ ACCESS("awatch");

        final String stopReason;

        WatchKind(String stopReason) { this.stopReason = stopReason; }
    }

    int SI_USER = 0;
    int TRAP_BRKPT = 1;
    int TRAP_TRACE = 2;
    int TRAP_HWBKPT = 4;
    int SEGV_MAPERR = 1;
    int SEGV_ACCERR = 2;
    int ILL_ILLOPC = 1;
    int BUS_ADRALN = 1;

    /** The stop before the first instruction (what {@code ?} answers right after attaching). */
    static StopEvent initial(int thread) { return new Signal(thread, GdbSignal.TRAP, SI_USER); }

    /** A single step of {@code thread} finished. */
    static StopEvent stepped(int thread) { return new Signal(thread, GdbSignal.TRAP, TRAP_TRACE); }

    /** Stopped because of {@link DebugTarget#interrupt()}; {@code thread} = the one that was running. */
    static StopEvent interrupted(int thread) { return new Signal(thread, GdbSignal.INT, SI_USER); }

    static StopEvent signal(int thread, int gdbSignal) { return new Signal(thread, gdbSignal, SI_USER); }

    static StopEvent softwareBreakpoint(int thread) { return new Breakpoint(thread, false); }

    static StopEvent hardwareBreakpoint(int thread) { return new Breakpoint(thread, true); }

    static StopEvent watchpoint(int thread, WatchKind kind, long address) {
        return new Watchpoint(thread, kind, address);
    }

    /** An unresolvable data or prefetch abort: SIGSEGV with the fault address. */
    static StopEvent segmentationFault(int thread, long address, boolean mapped) {
        return new Fault(thread, GdbSignal.SEGV, mapped ? SEGV_ACCERR : SEGV_MAPERR, address);
    }

    static StopEvent exited(int status) { return new Exited(status); }

    static StopEvent killed(int gdbSignal) { return new Killed(gdbSignal); }

    /** The thread that stopped, or 0 for {@link Exited} and {@link Killed}. */
    default int thread() {
        if (this instanceof Signal s) return s.thread();
        if (this instanceof Breakpoint b) return b.thread();
        if (this instanceof Watchpoint w) return w.thread();
        if (this instanceof Fault f) return f.thread();
        return 0;
    }

    /** True when the program is gone ({@link Exited}, {@link Killed}). */
    default boolean isTerminal() {
        return this instanceof Exited || this instanceof Killed;
    }
}
