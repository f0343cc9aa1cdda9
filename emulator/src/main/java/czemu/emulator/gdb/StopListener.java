package czemu.emulator.gdb;

/**
 * Where a {@link DebugTarget} reports that it stopped after {@link DebugTarget#resume}. The target
 * calls it from its own (machine) thread; the call never blocks and never throws.
 */
@FunctionalInterface
public interface StopListener {
    void stopped(StopEvent event);
}
