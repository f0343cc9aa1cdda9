package czemu.emulator.machine;

/**
 * How a run ended: the first task's exit (status as the process exit status), or why it did not.
 *
 * @param exitStatus the status czemu exits with
 * @param ending     EXITED, KILLED (by its pager, e.g. SIGSEGV), IDLE (it lives on but only sends
 *                   SYNC to its pager while nothing else can run: test0's end state, status 0),
 *                   STUCK (nothing could run any more while it lived) or TIMEOUT
 */
public record RunResult(int exitStatus, Ending ending, String transcript) {
    /** czemu's own statuses, outside the range a guest normally uses. */
    public static final int STATUS_TIMEOUT = 124;
    public static final int STATUS_STUCK = 125;
    /** 128 + SIGKILL, as a shell reports a process gdb killed. */
    public static final int STATUS_KILLED_BY_DEBUGGER = 137;

    public enum Ending { EXITED, KILLED, IDLE, STUCK, TIMEOUT }
}
