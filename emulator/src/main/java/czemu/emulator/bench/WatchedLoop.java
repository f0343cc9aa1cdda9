package czemu.emulator.bench;

import czemu.emulator.machine.Machine;
import czemu.emulator.machine.MachineConfig;
import czemu.kernel.debug.DebugControl;
import czemu.kernel.debug.DebugStop;
import czemu.kernel.thread.Tcb;
import czemu.pager.task.Task;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * What a watchpoint costs the code around it: {@code debugme spin} increments {@code counter} in
 * a loop, and a watchpoint on {@code limit}, on the same page, narrows that page, so every
 * iteration's store (and with a read watchpoint its loads) traps and is performed for it. Measured
 * through the kernel's debugger interface directly, as the stub drives it: loop iterations per
 * second with no watchpoint, with a write watchpoint and with a read watchpoint on the neighbour.
 */
final class WatchedLoop {
    private final byte[] debugme;

    WatchedLoop(byte[] debugme) {
        this.debugme = debugme;
    }

    /** Iterations per second over about {@code millis} of running, with a watchpoint of {@code kind} on limit (null: none). */
    double iterationsPerSecond(DebugStop.WatchKind kind, long millis) throws Exception {
        try (Machine machine = new Machine(MachineConfig.defaults(), OutputStream.nullOutputStream(), line -> { })) {
            Task task = machine.start(machine.pager(), "/debugme", debugme, List.of("spin"));
            int counter = task.symbols().lookup("counter").orElseThrow().address();
            int limit = task.symbols().lookup("limit").orElseThrow().address();
            DebugControl debug = machine.kernel().debug();
            debug.stopAtStart();
            debug.setListener(stop -> { });
            Thread runner = new Thread(() -> machine.runUntilDone(task), "bench-watched-loop");
            runner.start();
            try {
                awaitParked(debug);
                Tcb thread = machine.kernel().threads().find(task.tid());
                if (kind != null && !debug.call(() -> debug.insertWatchpoint(limit, 4, kind))) {
                    throw new IllegalStateException("the watchpoint was refused");
                }
                debug.resume(null, Map.of()); // past the start-up, into the loop
                Thread.sleep(200);
                int before = stopAndRead(debug, thread, counter);
                long started = System.nanoTime();
                debug.resume(null, Map.of());
                Thread.sleep(millis);
                int after = stopAndRead(debug, thread, counter);
                return (after - before) / ((System.nanoTime() - started) / 1e9);
            } finally {
                machine.kernel().shutdown();
                runner.join(10_000);
            }
        }
    }

    private static int stopAndRead(DebugControl debug, Tcb thread, int address) throws InterruptedException {
        debug.requestInterrupt();
        awaitParked(debug);
        byte[] bytes = debug.call(() -> debug.readMemory(thread, address, 4));
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static void awaitParked(DebugControl debug) throws InterruptedException {
        for (int i = 0; i < 1000 && !debug.isParked(); i++) Thread.sleep(5);
        if (!debug.isParked()) throw new IllegalStateException("the machine did not stop");
    }
}
