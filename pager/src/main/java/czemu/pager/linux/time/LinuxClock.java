package czemu.pager.linux.time;

import czemu.kernel.scheduler.GuestClock;
import java.time.Instant;

/**
 * The clocks a Linux program reads, over the kernel's {@link GuestClock}: CLOCK_MONOTONIC and its
 * kin count from the machine's start, CLOCK_REALTIME is the host's wall clock and clock ticks
 * (times, sysinfo's uptime) follow the monotonic clock. Under --deterministic the kernel's clock
 * counts instructions, and the wall clock is that count from a fixed epoch, {@value #FIXED_EPOCH}
 * (2024-01-01 00:00:00 UTC), so that nothing a program reads depends on when or on what host it ran:
 * two runs print the same times and write the same traces.
 */
public final class LinuxClock {
    /** The wall clock's start under --deterministic, in seconds since 1970. */
    public static final long FIXED_EPOCH = 1_704_067_200L;

    private final GuestClock clock;
    private final long startSeconds;

    public LinuxClock(GuestClock clock) {
        this.clock = clock;
        this.startSeconds = clock.counted() ? FIXED_EPOCH : System.currentTimeMillis() / 1000;
    }

    /** Nanoseconds since the machine started. */
    public long monotonicNanos() {
        return clock.nanosecondsSinceBoot();
    }

    /** Nanoseconds since 1970. */
    public long realtimeNanos() {
        if (clock.counted()) return FIXED_EPOCH * 1_000_000_000L + clock.nanosecondsSinceBoot();
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The machine's start in seconds since 1970: the times memfs files show. */
    public long startSeconds() {
        return startSeconds;
    }
}
