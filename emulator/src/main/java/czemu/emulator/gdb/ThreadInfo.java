package czemu.emulator.gdb;

import java.util.Objects;

/**
 * One thread as the debugger sees it.
 *
 * @param id        the gdb thread id: a positive int chosen by the target (for example the L4 thread
 *                  id, or that id + 1 when the L4 id can be 0); stable for the thread's lifetime
 * @param name      a short name (gdb shows it in quotes in {@code info threads}); may be empty
 * @param extraInfo free text gdb shows in parentheses: container, task, thread, state (running,
 *                  blocked in IPC on whom, faulting...); may be empty
 */
public record ThreadInfo(int id, String name, String extraInfo) {
    public ThreadInfo {
        if (id <= 0) throw new IllegalArgumentException("gdb thread ids are positive: " + id);
        name = Objects.requireNonNullElse(name, "");
        extraInfo = Objects.requireNonNullElse(extraInfo, "");
    }
}
