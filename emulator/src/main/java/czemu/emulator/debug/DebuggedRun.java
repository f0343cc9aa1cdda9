package czemu.emulator.debug;

import czemu.emulator.gdb.GdbServer;
import czemu.emulator.machine.Machine;
import czemu.emulator.machine.RunResult;
import czemu.pager.task.Task;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A run of a machine under gdb ({@code czemu run --gdb}): the stub listens on 127.0.0.1 before
 * anything runs, the machine stops before its first instruction and waits there until a debugger
 * attaches and resumes it; when the program ends, gdb hears how.
 *
 * <pre>{@code
 * try (DebuggedRun run = DebuggedRun.listen(machine, 0, log)) {
 *     System.err.println("waiting for gdb on 127.0.0.1:" + run.port());
 *     RunResult result = run.run(first);   // blocks until the machine ends
 * }
 * }</pre>
 */
public final class DebuggedRun implements AutoCloseable {
    /** How long the end of a run waits for gdb to read the exit report and hang up, as it does at once after one. */
    private static final long HANG_UP_NANOS = 2_000_000_000L;

    private final Machine machine;
    private final MachineDebugTarget target;
    private final GdbServer server;

    private DebuggedRun(Machine machine, MachineDebugTarget target, GdbServer server) {
        this.machine = machine;
        this.target = target;
        this.server = server;
    }

    /** Listens on 127.0.0.1:{@code port} (0: a free port) for a debugger of {@code machine}; {@code log} gets the stub's lines. */
    public static DebuggedRun listen(Machine machine, int port, Consumer<String> log) throws IOException {
        MachineDebugTarget target = new MachineDebugTarget(machine);
        machine.kernel().debug().stopAtStart();
        GdbServer server = GdbServer.listen(port, target);
        server.log(log).trace(Boolean.getBoolean("czemu.gdb.trace")); // every packet, for whoever debugs the stub
        server.start();
        return new DebuggedRun(machine, target, server);
    }

    /** The port the stub listens on. */
    public int port() {
        return server.port();
    }

    /**
     * Runs the machine (it starts stopped, for the debugger) until it ends; the result is
     * {@code first}'s, or {@link RunResult#STATUS_KILLED_BY_DEBUGGER} when gdb killed it.
     */
    public RunResult run(Task first) {
        RunResult result = machine.runUntilDone(first);
        target.machineEnded(result);
        if (target.killed()) {
            return new RunResult(RunResult.STATUS_KILLED_BY_DEBUGGER, RunResult.Ending.KILLED, result.transcript());
        }
        long deadline = System.nanoTime() + HANG_UP_NANOS;
        while (server.hasSession() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return result;
    }

    /** Whether the debugger ended the run with {@code kill}. */
    public boolean killedByDebugger() {
        return target.killed();
    }

    @Override
    public void close() {
        server.close();
    }
}
