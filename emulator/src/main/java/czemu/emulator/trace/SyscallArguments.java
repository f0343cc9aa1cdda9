package czemu.emulator.trace;

import czemu.kernel.abi.IpcTags;
import czemu.kernel.abi.ThreadControlFlags;
import czemu.kernel.abi.ThreadIds;
import czemu.kernel.capability.CapabilityTypes;

/**
 * A Codezero system call's arguments as --strace shows them, by name (codezero-abi.md §2,
 * capabilities-2009.md for capability_control): {@code thread_control(action=CREATE|NEW_SPACE, ids=0x...)}.
 * {@code args} are r0..r8 at entry; r3..r8 are MR0..MR5.
 */
final class SyscallArguments {
    private static final String[] IPC_TYPES = {"SHORT", "FULL", "EXTENDED"};
    private static final String[] THREAD_ACTIONS = {"CREATE", "RUN", "SUSPEND", "DESTROY", "RECYCLE", "WAIT"};
    private static final String[] CAPABILITY_REQUESTS = {"NCAPS", "READ", "SHARE", "GRANT", "REPLICATE", "SPLIT", "DEDUCE", "DESTROY"};
    /** mutex_control's operation in the top nibble (§2.6). */
    private static final int MUTEX_OP_MASK = 0xF0000000, MUTEX_LOCK = 0x10000000, MUTEX_UNLOCK = 0x20000000;

    private SyscallArguments() {
    }

    static String describe(String name, int[] a) {
        return switch (name) {
            case "ipc" -> ipc(a);
            case "thread_switch", "schedule", "container_control", "ipc_control" -> "";
            case "thread_control" -> "action=" + threadAction(a[0]) + ", ids=" + hex(a[1]);
            case "exchange_registers" -> "exregs=" + hex(a[0]) + ", tid=" + ThreadIds.describe(a[1]);
            case "mutex_control" -> "mutex=" + hex(a[0]) + ", " + mutexOperation(a[1]);
            case "map" -> "phys=" + hex(a[0]) + ", virt=" + hex(a[1]) + ", npages=" + a[2] + ", flags=" + hex(a[3])
                    + ", tid=" + ThreadIds.describe(a[4]);
            case "unmap" -> "virt=" + hex(a[0]) + ", npages=" + a[1] + ", tid=" + ThreadIds.describe(a[2]);
            case "getid" -> "ids=" + hex(a[0]);
            case "time" -> "timeval=" + hex(a[0]) + ", set=" + a[1];
            case "capability_control" -> "req=" + named(CAPABILITY_REQUESTS, a[0]) + ", flags=" + hex(a[1]) + ", buf=" + hex(a[2]);
            case "cache_control" -> "start=" + hex(a[0]) + ", end=" + hex(a[1]) + ", op=" + hex(a[2]);
            default -> hex(a[0]) + ", " + hex(a[1]) + ", " + hex(a[2]);
        };
    }

    /** Peers, transfer type (and size), and for a send the tag by name and MR2..MR5. */
    private static String ipc(int[] a) {
        int type = a[2] & 0xF;
        StringBuilder s = new StringBuilder("to=").append(ThreadIds.describe(a[0])).append(", from=").append(ThreadIds.describe(a[1]))
                .append(", ").append(named(IPC_TYPES, type));
        if (type == 2) s.append(' ').append((a[2] >>> 16) & 0xFFF).append(" bytes");
        if (a[0] != ThreadIds.NIL_THREAD) {
            s.append(", tag=").append(CzemuTraceFormat.tag(a[3] & IpcTags.TAG_MASK));
            s.append(String.format(", mr2..5=0x%x 0x%x 0x%x 0x%x", a[5], a[6], a[7], a[8]));
        }
        return s.toString();
    }

    private static String threadAction(int flags) {
        int action = (flags & ThreadControlFlags.TC_ACTION_MASK) >>> 28;
        StringBuilder s = new StringBuilder(named(THREAD_ACTIONS, action));
        if ((flags & ThreadControlFlags.TC_ACTION_MASK) == ThreadControlFlags.TC_CREATE) {
            if ((flags & ThreadControlFlags.TC_NEW_SPACE) != 0) s.append("|NEW_SPACE");
            if ((flags & ThreadControlFlags.TC_COPY_SPACE) != 0) s.append("|COPY_SPACE");
            if ((flags & ThreadControlFlags.TC_SHARE_SPACE) != 0) s.append("|SHARE_SPACE");
            if ((flags & ThreadControlFlags.TC_SHARE_GROUP) != 0) s.append("|SHARE_GROUP");
            if ((flags & ThreadControlFlags.TC_SHARE_UTCB) != 0) s.append("|SHARE_UTCB");
            if ((flags & ThreadControlFlags.TC_SHARE_CAPS) != 0) s.append("|SHARE_CAPS");
        } else if ((flags & ThreadControlFlags.TC_ACTION_MASK) == ThreadControlFlags.TC_DESTROY) {
            s.append(" code=").append(flags & ThreadControlFlags.TC_EXIT_CODE_MASK);
        }
        return s.toString();
    }

    private static String mutexOperation(int flags) {
        return switch (flags & MUTEX_OP_MASK) {
            case MUTEX_LOCK -> "LOCK";
            case MUTEX_UNLOCK -> "UNLOCK contenders=" + (flags & ~MUTEX_OP_MASK);
            default -> "op=" + hex(flags);
        };
    }

    private static String named(String[] names, int value) {
        return value >= 0 && value < names.length ? names[value] : Integer.toString(value);
    }

    private static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }
}
