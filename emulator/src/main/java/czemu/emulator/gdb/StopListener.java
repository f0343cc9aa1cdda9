package czemu.emulator.gdb;

/**
 * Where a {@link DebugTarget} reports that it stopped after {@link DebugTarget#resume}. The target
 * calls it from its own (machine) thread; the calls never block and never throw.
 */
@FunctionalInterface
public interface StopListener {
    void stopped(StopEvent event);

    /**
     * Text for the user, shown by gdb as it arrives (an {@code O} packet): say it just before the
     * {@link #stopped} it explains. Ignored unless the target is running.
     */
    default void output(String text) {}
}
