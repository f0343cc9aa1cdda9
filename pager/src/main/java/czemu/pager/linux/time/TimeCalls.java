package czemu.pager.linux.time;

import czemu.kernel.thread.Tcb;
import czemu.pager.linux.Blocking;
import czemu.pager.linux.Call;
import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.LinuxCallTable;
import czemu.pager.linux.abi.LinuxAbi;
import java.nio.ByteBuffer;

import static czemu.pager.linux.abi.LinuxSyscalls.*;

/**
 * Clocks and sleeping, in both the 32-bit time_t calls and the *_time64 ones glibc 2.34+ tries
 * first: CLOCK_REALTIME is the wall clock, the monotonic clocks count from the machine's start, and
 * the CPU-time clocks are approximated by that too ({@link LinuxClock}: under --deterministic all of
 * them count instructions). A sleep parks only its thread until the kernel's timer wakes it; the
 * machine waits for it meanwhile.
 */
public final class TimeCalls {
    private final GuestMemory memory;
    private final Blocking blocking;
    private final LinuxClock clock;

    public TimeCalls(GuestMemory memory, Blocking blocking, LinuxClock clock) {
        this.memory = memory;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void registerIn(LinuxCallTable table) {
        table.add(CLOCK_GETTIME, "dx", call -> writeTime(call, call.arg(1), now(call.arg(0)), false));
        table.add(CLOCK_GETTIME64, "dx", call -> writeTime(call, call.arg(1), now(call.arg(0)), true));
        table.add(CLOCK_GETRES, "dx", call -> call.arg(1) == 0 ? 0 : writeTime(call, call.arg(1), 1, false));
        table.add(CLOCK_GETRES_TIME64, "dx", call -> call.arg(1) == 0 ? 0 : writeTime(call, call.arg(1), 1, true));
        table.add(GETTIMEOFDAY, "xx", this::gettimeofday);
        table.add(NANOSLEEP, "xx", call -> sleep(call, LinuxAbi.CLOCK_MONOTONIC, 0, call.arg(0), call.arg(1), false));
        table.add(CLOCK_NANOSLEEP, "ddxx", call -> sleep(call, call.arg(0), call.arg(1), call.arg(2), call.arg(3), false));
        table.add(CLOCK_NANOSLEEP_TIME64, "ddxx", call -> sleep(call, call.arg(0), call.arg(1), call.arg(2), call.arg(3), true));
        table.add(TIMES, "x", this::times);
        table.add(SETITIMER, "dxx", this::setitimer);
        table.add(GETITIMER, "dx", this::getitimer);
    }

    /** The clock's time in nanoseconds, or -1 for an unknown clock. */
    public long now(int clockId) {
        return switch (clockId) {
            case LinuxAbi.CLOCK_REALTIME, LinuxAbi.CLOCK_REALTIME_COARSE -> clock.realtimeNanos();
            case LinuxAbi.CLOCK_MONOTONIC, LinuxAbi.CLOCK_MONOTONIC_RAW, LinuxAbi.CLOCK_MONOTONIC_COARSE, LinuxAbi.CLOCK_BOOTTIME,
                 LinuxAbi.CLOCK_PROCESS_CPUTIME_ID, LinuxAbi.CLOCK_THREAD_CPUTIME_ID -> clock.monotonicNanos();
            default -> -1;
        };
    }

    private int writeTime(Call call, int address, long nanos, boolean time64) {
        if (nanos < 0) return -LinuxAbi.EINVAL;
        long seconds = nanos / 1_000_000_000L, rest = nanos % 1_000_000_000L;
        ByteBuffer b = time64 ? GuestMemory.structure(16).putLong(seconds).putLong(rest)
                : GuestMemory.structure(8).putInt((int) seconds).putInt((int) rest);
        return memory.write(call.tcb(), address, b.array()) ? 0 : -LinuxAbi.EFAULT;
    }

    private int gettimeofday(Call call) {
        long nanos = now(LinuxAbi.CLOCK_REALTIME);
        if (call.arg(0) != 0) {
            byte[] tv = GuestMemory.structure(8).putInt((int) (nanos / 1_000_000_000L)).putInt((int) (nanos % 1_000_000_000L / 1000)).array();
            if (!memory.write(call.tcb(), call.arg(0), tv)) return -LinuxAbi.EFAULT;
        }
        if (call.arg(1) != 0 && !memory.write(call.tcb(), call.arg(1), new byte[8])) return -LinuxAbi.EFAULT; // UTC, no DST
        return 0;
    }

    /**
     * nanosleep and clock_nanosleep: relative, or absolute with TIMER_ABSTIME. A signal handler cuts
     * the sleep short with -EINTR; a relative sleep then writes the time it had left to
     * {@code remaining} (if not NULL).
     */
    private int sleep(Call call, int clock, int flags, int request, int remaining, boolean time64) {
        long asked = readTimespec(memory, call.tcb(), request, time64);
        if (asked < 0) return (int) asked;
        long now = now(clock);
        if (now < 0) return -LinuxAbi.EINVAL;
        boolean absolute = (flags & LinuxAbi.TIMER_ABSTIME) != 0;
        long nanos = absolute ? asked - now : asked;
        if (nanos <= 0) return 0;
        long end = this.clock.monotonicNanos() + nanos;
        int result = blocking.parkUntilFinished(call, null, String.format("a sleep of %.3f s", nanos / 1e9), () -> {
            if (absolute) return -LinuxAbi.ERESTARTNOHAND; // the deadline holds as it was: nothing to write
            if (remaining != 0 && writeTime(call, remaining, Math.max(0, end - this.clock.monotonicNanos()), time64) != 0) {
                return -LinuxAbi.EFAULT;
            }
            return -LinuxAbi.ERESTART_RESTARTBLOCK;
        });
        if (result == 0) blocking.finishAfter(call.tcb(), nanos, 0);
        return result;
    }

    /**
     * setitimer(which, new, old): ITIMER_REAL only (the CPU-time timers answer -EINVAL); struct
     * itimerval is the interval and the value, each {seconds, microseconds}. A NULL new value disarms.
     */
    private int setitimer(Call call) {
        if (call.arg(0) != LinuxAbi.ITIMER_REAL) return -LinuxAbi.EINVAL;
        RealTimer timer = call.process().realTimer();
        long[] before = timer.get();
        long interval = 0, value = 0;
        if (call.arg(1) != 0) {
            byte[] raw = memory.read(call.tcb(), call.arg(1), 16);
            if (raw == null) return -LinuxAbi.EFAULT;
            ByteBuffer b = ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            interval = timeval(b.getInt(0), b.getInt(4));
            value = timeval(b.getInt(8), b.getInt(12));
            if (interval < 0 || value < 0) return -LinuxAbi.EINVAL;
        }
        timer.set(value, interval);
        return call.arg(2) == 0 ? 0 : writeItimerval(call, call.arg(2), before);
    }

    /** getitimer(which, value): the interval and the time left of ITIMER_REAL. */
    private int getitimer(Call call) {
        if (call.arg(0) != LinuxAbi.ITIMER_REAL) return -LinuxAbi.EINVAL;
        return writeItimerval(call, call.arg(1), call.process().realTimer().get());
    }

    /** A struct timeval in nanoseconds, or -1 when it is not a valid one. */
    private static long timeval(int seconds, int micros) {
        if (seconds < 0 || micros < 0 || micros >= 1_000_000) return -1;
        return seconds * 1_000_000_000L + micros * 1000L;
    }

    private int writeItimerval(Call call, int address, long[] intervalAndValue) {
        ByteBuffer b = GuestMemory.structure(16);
        for (long nanos : intervalAndValue) b.putInt((int) (nanos / 1_000_000_000L)).putInt((int) (nanos % 1_000_000_000L / 1000));
        return memory.write(call.tcb(), address, b.array()) ? 0 : -LinuxAbi.EFAULT;
    }

    /** times(buf): struct tms (four clock_t), all counted as user time of this process; answers the ticks since the start. */
    private int times(Call call) {
        int ticks = (int) (clock.monotonicNanos() / (1_000_000_000L / LinuxAbi.CLOCK_TICKS_PER_SECOND));
        if (call.arg(0) != 0 && !memory.writeInts(call.tcb(), call.arg(0), ticks, 0, 0, 0)) return -LinuxAbi.EFAULT;
        return ticks;
    }

    /** A struct timespec (32- or 64-bit seconds) in nanoseconds, or -EFAULT / -EINVAL. */
    public static long readTimespec(GuestMemory memory, Tcb thread, int address, boolean time64) {
        byte[] raw = memory.read(thread, address, time64 ? 16 : 8);
        if (raw == null) return -LinuxAbi.EFAULT;
        ByteBuffer b = ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long seconds = time64 ? b.getLong() : b.getInt();
        long nanos = time64 ? b.getLong() : b.getInt();
        if (seconds < 0 || nanos < 0 || nanos >= 1_000_000_000L) return -LinuxAbi.EINVAL;
        return seconds > Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE : seconds * 1_000_000_000L + nanos;
    }
}
