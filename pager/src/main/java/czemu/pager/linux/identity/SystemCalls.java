package czemu.pager.linux.identity;

import czemu.pager.linux.Call;
import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.LinuxCallTable;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.fs.LinuxFiles;
import czemu.pager.linux.memory.LinuxLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import czemu.pager.linux.GuestRandom;
import czemu.pager.linux.time.LinuxClock;

import static czemu.pager.linux.abi.LinuxSyscalls.*;

/**
 * Who the process is and what machine it runs on: user and group ids (always root: the guest owns
 * the whole emulated machine and everything in its file system), uname, resource limits, usage,
 * sysinfo, the CPU set, getrandom and prctl. rseq is refused with -ENOSYS, which glibc expects of
 * kernels without it.
 */
public final class SystemCalls {
    /** uname's answers: a Linux 6.1 ARMv7 machine named czemu. */
    static final String[] UTSNAME = {"Linux", "czemu", "6.1.0-czemu", "#1 SMP czemu", "armv7l", "(none)"};
    private static final int PR_SET_NAME = 15, PR_GET_NAME = 16, TASK_COMM_LEN = 16;

    private final GuestMemory memory;
    private final long ramBytes;
    /** getrandom's bytes: the same stream as AT_RANDOM's, repeatable from run to run; not for secrets. */
    private final GuestRandom random;
    private final LinuxClock clock;

    public SystemCalls(GuestMemory memory, long ramBytes, GuestRandom random, LinuxClock clock) {
        this.memory = memory;
        this.ramBytes = ramBytes;
        this.random = random;
        this.clock = clock;
    }

    public void registerIn(LinuxCallTable table) {
        for (int number : new int[] {GETUID, GETEUID, GETGID, GETEGID, GETUID32, GETEUID32, GETGID32, GETEGID32}) {
            table.add(number, "", call -> 0);
        }
        table.add(GETRESUID32, "xxx", this::threeZeros);
        table.add(GETRESGID32, "xxx", this::threeZeros);
        table.add(GETGROUPS32, "dx", call -> call.arg(0) < 0 ? -LinuxAbi.EINVAL : 0);
        table.add(SETUID32, "d", call -> 0); // root may become anyone; czemu keeps no other identity
        table.add(SETGID32, "d", call -> 0);
        table.add(UNAME, "x", this::uname);
        table.add(UGETRLIMIT, "dx", call -> {
            long[] limit = limit(call.arg(0));
            if (limit == null) return -LinuxAbi.EINVAL;
            int soft = (int) Math.min(limit[0] & 0xFFFFFFFFL, 0xFFFFFFFFL), hard = (int) Math.min(limit[1] & 0xFFFFFFFFL, 0xFFFFFFFFL);
            return memory.writeInts(call.tcb(), call.arg(1), soft, hard) ? 0 : -LinuxAbi.EFAULT;
        });
        table.add(PRLIMIT64, "ddxx", this::prlimit);
        table.add(GETRUSAGE, "dx", call -> memory.write(call.tcb(), call.arg(1), new byte[72]) ? 0 : -LinuxAbi.EFAULT);
        table.add(SYSINFO, "x", this::sysinfo);
        table.add(SCHED_GETAFFINITY, "dux", call -> {
            if (Integer.toUnsignedLong(call.arg(1)) < 4) return -LinuxAbi.EINVAL;
            return memory.writeInt(call.tcb(), call.arg(2), 1) ? 4 : -LinuxAbi.EFAULT; // one CPU
        });
        table.add(GETRANDOM, "xux", this::getrandom);
        table.add(PRCTL, "dxxxx", this::prctl);
        table.add(RSEQ, "xudx", call -> -LinuxAbi.ENOSYS);
    }

    private int threeZeros(Call call) {
        for (int i = 0; i < 3; i++) {
            if (!memory.writeInt(call.tcb(), call.arg(i), 0)) return -LinuxAbi.EFAULT;
        }
        return 0;
    }

    private int uname(Call call) {
        ByteBuffer b = GuestMemory.structure(LinuxAbi.UTSNAME_FIELD * LinuxAbi.UTSNAME_FIELDS);
        for (int i = 0; i < UTSNAME.length; i++) {
            b.position(i * LinuxAbi.UTSNAME_FIELD);
            b.put(UTSNAME[i].getBytes(StandardCharsets.US_ASCII));
        }
        return memory.write(call.tcb(), call.arg(0), b.array()) ? 0 : -LinuxAbi.EFAULT;
    }

    /** {soft, hard} of a resource: the stack's 8 MiB, 1024 files, everything else unlimited; null for an unknown one. */
    private static long[] limit(int resource) {
        if (resource < 0 || resource >= LinuxAbi.RLIM_NLIMITS) return null;
        return switch (resource) {
            case LinuxAbi.RLIMIT_STACK -> new long[] {LinuxLayout.STACK_SIZE, LinuxAbi.RLIM64_INFINITY};
            case LinuxAbi.RLIMIT_NOFILE -> new long[] {LinuxFiles.MAX, LinuxFiles.MAX};
            default -> new long[] {LinuxAbi.RLIM64_INFINITY, LinuxAbi.RLIM64_INFINITY};
        };
    }

    /** prlimit64(pid, resource, new, old): limits are read, never changed (a new one is accepted and ignored). */
    private int prlimit(Call call) {
        long[] limit = limit(call.arg(1));
        if (limit == null) return -LinuxAbi.EINVAL;
        if (call.arg(3) != 0 && !memory.write(call.tcb(), call.arg(3), GuestMemory.structure(16).putLong(limit[0]).putLong(limit[1]).array())) {
            return -LinuxAbi.EFAULT;
        }
        return 0;
    }

    /** struct sysinfo (linux/sysinfo.h): uptime, loads, RAM, swap, processes, with mem_unit 1. */
    private int sysinfo(Call call) {
        ByteBuffer b = GuestMemory.structure(64);
        b.putInt(0, (int) (clock.monotonicNanos() / 1_000_000_000L)); // uptime: the machine's
        b.putInt(16, (int) Math.min(ramBytes, 0xFFFFFFFFL));
        b.putInt(20, (int) Math.min(ramBytes / 2, 0xFFFFFFFFL));
        b.putShort(40, (short) 1);
        b.putInt(52, 1);
        return memory.write(call.tcb(), call.arg(0), b.array()) ? 0 : -LinuxAbi.EFAULT;
    }

    private int getrandom(Call call) {
        int count = (int) Math.min(Integer.toUnsignedLong(call.arg(1)), GuestMemory.MAX_TRANSFER);
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return memory.write(call.tcb(), call.arg(0), bytes) ? count : -LinuxAbi.EFAULT;
    }

    /** prctl: PR_SET_NAME and PR_GET_NAME (the name is kept per process); other options -EINVAL. */
    private int prctl(Call call) {
        switch (call.arg(0)) {
            case PR_SET_NAME -> {
                byte[] name = memory.read(call.tcb(), call.arg(1), 1);
                return name == null ? -LinuxAbi.EFAULT : 0;
            }
            case PR_GET_NAME -> {
                String program = call.process().executable();
                byte[] name = new byte[TASK_COMM_LEN];
                byte[] base = program.substring(program.lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(base, 0, name, 0, Math.min(base.length, TASK_COMM_LEN - 1));
                return memory.write(call.tcb(), call.arg(1), name) ? 0 : -LinuxAbi.EFAULT;
            }
            default -> {
                return -LinuxAbi.EINVAL;
            }
        }
    }
}
