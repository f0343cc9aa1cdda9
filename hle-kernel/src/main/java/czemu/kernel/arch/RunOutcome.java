package czemu.kernel.arch;

/** How one {@link Cpu#run(long)} ended. */
public record RunOutcome(Kind kind, String detail) {
    public enum Kind {
        /** A handler or another thread asked it to stop, or the budget was spent. */
        STOPPED,
        /** The engine itself failed (an exception it could not deliver, an internal error). */
        ENGINE_ERROR
    }

    public static final RunOutcome STOPPED = new RunOutcome(Kind.STOPPED, "");

    public static RunOutcome engineError(String detail) {
        return new RunOutcome(Kind.ENGINE_ERROR, detail);
    }
}
