package czemu.pager.task;

/**
 * How a task ended. {@code status} is what it passed to exit, or 128 + the signal number for a task
 * the pager killed (as a shell reports it), so the emulator can hand it on as its own exit status.
 */
public record TaskExit(int tid, String program, int status, String reason) {
    public static final int SIGSEGV = 11;

    public boolean killed() {
        return reason != null;
    }
}
