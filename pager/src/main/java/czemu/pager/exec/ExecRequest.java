package czemu.pager.exec;

import czemu.kernel.Kernel;
import czemu.kernel.abi.Errno;
import czemu.kernel.ipc.IpcMessage;
import czemu.pager.exit.TaskTeardown;
import czemu.pager.posix.Request;
import czemu.pager.task.Task;
import czemu.pager.task.TaskExit;
import java.util.List;
import java.util.function.Consumer;

/**
 * EXECVE (codezero-abi.md §3.3): M2 = path, M3 = argv, M4 = envp, all pointers into the caller. The
 * strings are copied out and the program found and parsed first, so a missing file (-ENOENT) or a bad
 * one (-ENOEXEC) answers the caller with its old image intact. On success there is no reply: the same
 * thread id runs the new program in a fresh space, with its files closed and a new UTCB.
 */
public final class ExecRequest {
    private final Kernel kernel;
    private final ProgramLoader loader;
    private final TaskTeardown teardown;
    private final UserStrings strings;
    private final Consumer<Task> register;
    private final Consumer<String> report;

    public ExecRequest(Kernel kernel, ProgramLoader loader, TaskTeardown teardown, Consumer<Task> register, Consumer<String> report) {
        this.kernel = kernel;
        this.loader = loader;
        this.teardown = teardown;
        this.strings = new UserStrings(kernel.userMemory());
        this.register = register;
        this.report = report;
    }

    public long execve(Task task, IpcMessage message) {
        String path = strings.string(task.thread(), message.mr(2));
        List<String> argv = strings.array(task.thread(), message.mr(3));
        List<String> envp = strings.array(task.thread(), message.mr(4));
        if (path == null || argv == null || envp == null) return -Errno.EFAULT;
        ProgramLoader.Program program;
        try {
            program = loader.prepare(resolve(task, path));
        } catch (ExecException e) {
            return e.errno();
        }
        teardown.release(task);
        try {
            Task reloaded = loader.reload(task, program, argv, envp, register);
            kernel.restartAfterExec(reloaded.thread());
        } catch (ExecException e) {
            // The old image is gone already: the task cannot go on.
            report.accept(task + " killed: execve of " + path + " failed after its old image was released: " + e.getMessage());
            teardown.exit(task, 128 + TaskExit.SIGSEGV, e.getMessage());
        }
        return Request.NO_REPLY;
    }

    /** A relative path is taken from the task's current directory. */
    private static String resolve(Task task, String path) {
        if (path.startsWith("/")) return path;
        StringBuilder absolute = new StringBuilder();
        for (var dir = task.cwd(); dir != null && dir.parent() != null; dir = dir.parent()) {
            absolute.insert(0, "/" + dir.name());
        }
        return absolute + "/" + path;
    }
}
