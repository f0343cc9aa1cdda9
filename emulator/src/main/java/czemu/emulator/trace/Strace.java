package czemu.emulator.trace;

import czemu.kernel.SyscallObserver;
import czemu.kernel.abi.IpcTags;
import czemu.kernel.abi.ThreadIds;
import czemu.kernel.thread.Tcb;
import czemu.pager.linux.LinuxCallObserver;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code czemu run --strace}: each system call of each thread on one line as it returns, decoded the
 * way qemu-user's -strace shows Linux calls. An ipc shows its peers, transfer type and tag (by
 * name: a request to mm0 reads as OPEN, READ, ...), the arguments in MR2..MR5 and, after the
 * result, MR0 as the thread got it back. A Linux program's calls come decoded from the Linux door
 * instead: {@code 2 openat(AT_FDCWD,"/etc/passwd",O_RDONLY) = 3}.
 */
public final class Strace implements SyscallObserver, LinuxCallObserver {
    private static final Map<Integer, String> TAG_NAMES = tagNames();
    private static final String[] TYPES = {"SHORT", "FULL", "EXTENDED"};

    private final PrintStream out;

    public Strace(PrintStream out) {
        this.out = out;
    }

    /** A Linux call, decoded by the Linux door: {@code tid name(args) = result}, as qemu-user prints it. */
    @Override
    public void returned(Tcb thread, int tid, String call, String result) {
        out.println(tid + " " + call + " = " + result);
    }

    @Override
    public void returned(Tcb thread, String name, int[] args, int result, boolean blocked) {
        if (thread.personality() != null) return; // a Linux process: its calls are shown decoded by the Linux door
        StringBuilder line = new StringBuilder(64).append(ThreadIds.describe(thread.tid())).append(' ').append(name).append('(');
        if (name.equals("ipc")) {
            int type = args[2] & 0xF;
            line.append("to=").append(ThreadIds.describe(args[0])).append(", from=").append(ThreadIds.describe(args[1]))
                    .append(", ").append(type < TYPES.length ? TYPES[type] : "type " + type);
            if (type == 2) line.append(" ").append((args[2] >>> 16) & 0xFFF).append(" bytes");
            if (args[0] != ThreadIds.NIL_THREAD) {
                int tag = args[3] & IpcTags.TAG_MASK;
                line.append(", tag=").append(TAG_NAMES.getOrDefault(tag, Integer.toString(tag)));
                line.append(String.format(", mr2..5=0x%x 0x%x 0x%x 0x%x", args[5], args[6], args[7], args[8]));
            }
        } else {
            line.append(String.format("0x%x, 0x%x, 0x%x", args[0], args[1], args[2]));
        }
        line.append(')');
        if (blocked) {
            line.append(" = <").append(thread.state().name().toLowerCase()).append(">");
        } else {
            line.append(" = ").append(result);
            if (name.equals("ipc") && args[1] != ThreadIds.NIL_THREAD && result == 0) {
                line.append(String.format(" [mr0=%d]", thread.context.core[3]));
            }
        }
        out.println(line);
    }

    private static Map<Integer, String> tagNames() {
        Map<Integer, String> names = new HashMap<>();
        for (Field field : IpcTags.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class && !field.getName().equals("TAG_MASK")) {
                try {
                    names.putIfAbsent(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
