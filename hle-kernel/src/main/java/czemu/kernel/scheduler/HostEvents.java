package czemu.kernel.scheduler;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Work that other host threads hand to the engine thread: a guest's sleep ran out, the host's
 * standard input had bytes for a guest reading it. Everything a guest can see changes on the engine
 * thread only, so a timer or a reader thread never touches a thread or a page itself: it posts the
 * change here, and the scheduler runs it at the next slice boundary.
 *
 * <p>A guest waiting for such an event is blocked like any other, so with nothing runnable the
 * machine would end. While an event is {@linkplain #expect() expected}, the run loop waits for it
 * instead: a guest asleep or reading a terminal is not stuck.
 */
public final class HostEvents {
    private final LinkedBlockingQueue<Runnable> posted = new LinkedBlockingQueue<>();
    /** Events promised by {@link #expect()} and not yet run; touched by the engine thread only. */
    private int expected;
    /** Tells the running slice that work is waiting (the preemption ticker then ends it soon). */
    private final Runnable nudge;

    HostEvents(Runnable nudge) {
        this.nudge = nudge;
    }

    /** On the engine thread: another host thread will {@link #post} one event; keep the machine up until it runs. */
    public void expect() {
        expected++;
    }

    /** On the engine thread: an event {@link #expect()} promised will not come after all (its timer was cancelled). */
    public void unexpect() {
        if (expected > 0) expected--;
    }

    /** From any thread: {@code work} runs on the engine thread at the next slice boundary (settling one expected event). */
    public void post(Runnable work) {
        posted.add(work);
        nudge.run();
    }

    /** Whether work was posted and has not run yet. */
    boolean anyPosted() {
        return !posted.isEmpty();
    }

    /** Whether the machine still waits for an event from outside. */
    boolean anyExpected() {
        return expected > 0;
    }

    /** Runs what was posted so far; true if anything ran. */
    boolean runPosted() {
        boolean ran = false;
        for (Runnable work; (work = posted.poll()) != null; ) {
            if (expected > 0) expected--;
            work.run();
            ran = true;
        }
        return ran;
    }

    /** Waits until something is posted or {@code stop} says to give up, then runs it; true if anything ran. */
    boolean awaitPosted(java.util.function.BooleanSupplier stop) {
        try {
            while (!stop.getAsBoolean()) {
                Runnable work = posted.poll(50, TimeUnit.MILLISECONDS);
                if (work != null) {
                    if (expected > 0) expected--;
                    work.run();
                    runPosted();
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
