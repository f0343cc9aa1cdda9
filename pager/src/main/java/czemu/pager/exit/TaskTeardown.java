package czemu.pager.exit;

import czemu.kernel.memory.FramePool;
import czemu.kernel.Kernel;
import czemu.pager.exec.UtcbPool;
import czemu.pager.task.Task;
import czemu.pager.task.TaskExit;
import czemu.pager.vm.TaskVm;
import czemu.pager.vm.VmArea;
import java.util.function.Consumer;

/**
 * EXIT and kills (codezero-abi.md §3.3 do_exit): the thread's UTCB slot is freed and the thread
 * destroyed; its open files close and its memory is freed with the last task that shares them.
 */
public final class TaskTeardown {
    private final Kernel kernel;
    private final FramePool frames;
    private final UtcbPool utcbs;
    private final Consumer<Task> unregister;
    private final Consumer<TaskExit> exited;

    public TaskTeardown(Kernel kernel, FramePool frames, UtcbPool utcbs, Consumer<Task> unregister, Consumer<TaskExit> exited) {
        this.frames = frames;
        this.kernel = kernel;
        this.utcbs = utcbs;
        this.unregister = unregister;
        this.exited = exited;
    }

    /** Ends a task; {@code killReason} is null for an ordinary exit. */
    public void exit(Task task, int status, String killReason) {
        release(task);
        unregister.accept(task);
        kernel.destroy(task.thread());
        exited.accept(new TaskExit(task.tid(), task.program(), status, killReason));
    }

    /** What execve drops too: its open files and memory (each with its last user) and its UTCB slot. */
    public void release(Task task) {
        if (task.files().removeUser() == 0) task.files().closeAll();
        TaskVm vm = task.vm();
        vm.freeUtcbSlot(task.thread().utcbAddress());
        if (vm.removeUser() == 0) freeMemory(vm);
    }

    /** Frees every page the areas own and lets go of their objects. */
    public void freeMemory(TaskVm vm) {
        for (VmArea area : vm.areas()) {
            for (int frame : area.privateFrames()) frames.free(frame);
            area.object().release();
        }
        vm.utcbPages().forEach(utcbs::freePage);
        vm.clear();
    }
}
