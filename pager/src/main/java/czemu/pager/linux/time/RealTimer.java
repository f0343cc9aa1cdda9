package czemu.pager.linux.time;

import czemu.kernel.scheduler.GuestClock;
import czemu.pager.linux.Blocking;

/**
 * A process's ITIMER_REAL (setitimer, getitimer; glibc's alarm): it expires on the guests' clock
 * (the kernel's {@link GuestClock}, so --deterministic runs repeat) and then sends SIGALRM, again
 * every interval if one is set. A process has one; fork does not pass it on, execve keeps it.
 */
public final class RealTimer {
    private final Blocking blocking;
    private final LinuxClock clock;
    private final Runnable expired;
    /** When it expires next (on {@link LinuxClock#monotonicNanos}), and its interval; 0: not armed. */
    private long deadline, interval;
    private GuestClock.Timer armed;

    public RealTimer(Blocking blocking, LinuxClock clock, Runnable expired) {
        this.blocking = blocking;
        this.clock = clock;
        this.expired = expired;
    }

    /** The interval, and the time left until it expires (0 when not armed), in nanoseconds. */
    public long[] get() {
        if (armed == null) return new long[] {interval, 0};
        // A timer still armed never shows 0 left (the kernel's itimer_get_remtime answers 1 µs then).
        return new long[] {interval, Math.max(deadline - clock.monotonicNanos(), 1000)};
    }

    /** Arms it to expire in {@code value} ns, then every {@code interval} ns (0: once); {@code value} 0 disarms it. */
    public void set(long value, long interval) {
        cancel();
        this.interval = interval;
        if (value > 0) arm(clock.monotonicNanos() + value);
    }

    private void arm(long at) {
        deadline = at;
        armed = blocking.after(Math.max(0, at - clock.monotonicNanos()), this::expire);
    }

    private void expire() {
        armed = null;
        if (interval > 0) arm(deadline + interval);
        expired.run();
    }

    /** Disarms it (setitimer with a zero value, or the process's end). */
    public void cancel() {
        if (armed != null) armed.cancel();
        armed = null;
    }
}
