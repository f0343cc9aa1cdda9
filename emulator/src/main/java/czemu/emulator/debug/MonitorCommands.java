package czemu.emulator.debug;

import czemu.emulator.machine.Machine;
import czemu.kernel.abi.ThreadIds;
import czemu.kernel.debug.DebugControl;
import czemu.kernel.debug.DebugStop;
import czemu.kernel.thread.Tcb;
import czemu.pager.Mm0;
import czemu.pager.task.Task;
import czemu.pager.vm.VmArea;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * gdb's {@code monitor} commands, and the text gdb shows for each thread. Run on the engine
 * thread while the machine is stopped.
 */
final class MonitorCommands {
    private static final String HELP = """
            czemu monitor commands:
              fault-stop [on|off]  stop at every page fault before the pager handles it (shows the setting without an argument)
              caps                 every thread's capabilities
              vm                   the vm_areas of the task of the thread that stopped last
              ipc                  every thread's state: who waits on whom
              help                 this text
            """;

    private final Machine machine;
    private final DebugControl control;
    private final IntSupplier stoppedThread;

    MonitorCommands(Machine machine, IntSupplier stoppedThread) {
        this.machine = machine;
        this.control = machine.kernel().debug();
        this.stoppedThread = stoppedThread;
    }

    String run(String line) {
        String[] words = line.trim().split("\\s+");
        return switch (words[0].toLowerCase(Locale.ROOT)) {
            case "", "help" -> HELP;
            case "fault-stop" -> faultStop(words);
            case "caps" -> machine.kernel().capabilities().describe();
            case "vm" -> vm();
            case "ipc" -> ipc();
            default -> "unknown monitor command '" + words[0] + "'\n" + HELP;
        };
    }

    private String faultStop(String[] words) {
        if (words.length > 1) {
            switch (words[1].toLowerCase(Locale.ROOT)) {
                case "on" -> control.setFaultStop(true);
                case "off" -> control.setFaultStop(false);
                default -> {
                    return "fault-stop takes on or off, not '" + words[1] + "'\n";
                }
            }
        }
        return "fault-stop is " + (control.faultStop() ? "on: every page fault stops the machine before its pager sees it"
                : "off") + "\n";
    }

    private String vm() {
        Tcb thread = machine.kernel().threads().find(stoppedThread.getAsInt());
        Task task = thread == null ? null : taskOf(thread);
        if (task == null) return "no task is stopped\n";
        StringBuilder out = new StringBuilder("vm_areas of " + task.program() + " (" + thread + "):\n");
        for (VmArea area : task.vm().areas()) {
            out.append("  ").append(area).append(", ").append(area.privatePageCount()).append(" private pages\n");
        }
        return out.toString();
    }

    private String ipc() {
        StringBuilder out = new StringBuilder();
        for (Tcb thread : machine.kernel().threads().all()) {
            if (!thread.isAlive()) continue;
            out.append(thread).append(thread.isHosted() ? " [pager, in Java]" : "").append(": ")
                    .append(thread.isHosted() ? "serves requests" : describe(thread)).append('\n');
        }
        return out.toString();
    }

    /** What gdb shows in parentheses after a thread: container, task, thread, state. */
    String describe(Tcb thread) {
        return "container " + thread.container().name() + ", task " + taskName(thread) + ", thread "
                + ThreadIds.describe(thread.tid()) + ", " + state(thread);
    }

    /** running, blocked (on whom), faulting (why), suspended, exited, halted. */
    private String state(Tcb thread) {
        DebugStop.Fatal held = control.heldFor(thread);
        if (held != null) return "faulting: " + held.reason();
        if (control.currentStop() instanceof DebugStop.PageFault f && f.thread() == thread) {
            return String.format("faulting: %s at 0x%08x, not yet seen by its pager", f.access().describe(), f.address());
        }
        return switch (thread.state()) {
            case RUNNABLE -> "running";
            case BLOCKED -> "blocked: " + thread.blockedOn();
            case INACTIVE -> thread.hasExited() ? "exited" : "suspended";
            case HALTED -> "halted";
            case DEAD -> "dead";
        };
    }

    /** An address of the thread's program with the symbol it falls in: {@code 0x40000124 <main+0x20>}. */
    String where(Tcb thread, int address) {
        Task task = taskOf(thread);
        return task != null ? task.describe(address) : String.format("0x%08x", address);
    }

    String taskName(Tcb thread) {
        Task task = taskOf(thread);
        return task != null ? task.program() : thread.name() != null ? thread.name() : "";
    }

    private Task taskOf(Tcb thread) {
        for (Mm0 pager : machine.pagers()) {
            Task task = pager.taskOf(thread);
            if (task != null) return task;
        }
        return null;
    }
}
