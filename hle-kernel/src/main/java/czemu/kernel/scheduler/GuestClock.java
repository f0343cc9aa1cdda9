package czemu.kernel.scheduler;

import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The time guests see, and their timers (a sleep's end, a futex wait's timeout).
 *
 * <p>Normally that is the host's monotonic clock from the machine's start, and a timer is a host
 * timer that posts its work to the engine thread through {@link HostEvents}.
 *
 * <p>In DETERMINISTIC mode (with the native instruction counter) time is the guests' instructions, at
 * {@value #INSTRUCTIONS_PER_MICROSECOND} a microsecond, plus the time the machine slept through: a
 * timer is due once the clock passes its deadline and runs at the next slice boundary, and when no
 * thread can run the clock jumps to the earliest deadline at once. No host time enters, so every
 * run reads the same times and wakes its sleepers at the same instruction, and its traces repeat
 * byte for byte.
 */
public final class GuestClock {
    /** A 100 MHz guest, about what czemu runs plain code at. */
    public static final int INSTRUCTIONS_PER_MICROSECOND = 100;
    private static final long NANOS_PER_INSTRUCTION = 1000 / INSTRUCTIONS_PER_MICROSECOND;

    /** One host timer thread for every machine in the JVM: it only posts events, it never touches a guest. */
    private static final ScheduledExecutorService HOST_TIMERS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "czemu-timers");
        thread.setDaemon(true);
        return thread;
    });

    private record Counted(long deadline, long order, Runnable work) {}

    /**
     * A timer {@link #after} set: cancelled before it is due, its work never runs, and a host timer no
     * longer keeps the machine waiting (an interval timer switched off, a sleep a signal cut short).
     */
    public interface Timer {
        /** On the engine thread: the work will not run (nothing happens if it already ran). */
        void cancel();
    }

    private final boolean deterministic;
    private final LongSupplier instructions;
    private final HostEvents hostEvents;
    private final long bootNanos = System.nanoTime();
    /** Deterministic: the nanoseconds the machine skipped while nothing could run. */
    private long sleptNanos;
    private final PriorityQueue<Counted> timers = new PriorityQueue<>((a, b) ->
            a.deadline != b.deadline ? Long.compare(a.deadline, b.deadline) : Long.compare(a.order, b.order));
    private long timersMade;

    GuestClock(boolean deterministic, LongSupplier instructions, HostEvents hostEvents) {
        this.deterministic = deterministic;
        this.instructions = instructions;
        this.hostEvents = hostEvents;
    }

    /** Whether time is counted in instructions (DETERMINISTIC mode with the native counter). */
    public boolean counted() {
        return deterministic && instructions.getAsLong() >= 0;
    }

    /** Nanoseconds since the machine started. */
    public long nanosecondsSinceBoot() {
        long counted = deterministic ? instructions.getAsLong() : -1;
        if (counted >= 0) return counted * NANOS_PER_INSTRUCTION + sleptNanos;
        return System.nanoTime() - bootNanos;
    }

    public long microsecondsSinceBoot() {
        return nanosecondsSinceBoot() / 1000;
    }

    /**
     * On the engine thread: {@code work} runs on the engine thread once {@code nanos} have passed,
     * unless the returned timer is cancelled first; the machine waits for it meanwhile.
     */
    public Timer after(long nanos, Runnable work) {
        if (counted()) {
            Counted timer = new Counted(nanosecondsSinceBoot() + Math.max(0, nanos), timersMade++, work);
            timers.add(timer);
            return () -> timers.remove(timer);
        }
        hostEvents.expect();
        boolean[] cancelled = {false}; // read and written on the engine thread only
        ScheduledFuture<?> future = HOST_TIMERS.schedule(() -> hostEvents.post(() -> {
            if (!cancelled[0]) work.run();
        }), Math.max(0, nanos), TimeUnit.NANOSECONDS);
        return () -> {
            if (cancelled[0]) return;
            cancelled[0] = true;
            // Never posted now: the machine stops waiting for it. Otherwise the post comes, runs nothing, and settles it.
            if (future.cancel(false)) hostEvents.unexpect();
        };
    }

    /** Between slices: runs the counted timers whose deadline has passed. */
    void runDue() {
        if (timers.isEmpty()) return;
        long now = nanosecondsSinceBoot();
        while (!timers.isEmpty() && timers.peek().deadline <= now) timers.poll().work.run();
    }

    /** Nothing can run: moves the clock to the earliest counted timer and runs what is then due; false if there is none. */
    boolean sleepToNextTimer() {
        if (timers.isEmpty()) return false;
        long wait = timers.peek().deadline - nanosecondsSinceBoot();
        if (wait > 0) sleptNanos += wait;
        runDue();
        return true;
    }
}
