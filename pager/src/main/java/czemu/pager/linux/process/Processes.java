package czemu.pager.linux.process;

import czemu.kernel.thread.Tcb;
import czemu.pager.exit.TaskTeardown;
import czemu.pager.fs.Directory;
import czemu.pager.linux.Blocking;
import czemu.pager.linux.LinuxSystem;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.fs.LinuxFiles;
import czemu.pager.linux.signal.SignalActions;
import czemu.pager.linux.signal.SignalInfo;
import czemu.pager.linux.signal.Signals;
import czemu.pager.linux.time.RealTimer;
import czemu.pager.task.Task;
import czemu.pager.task.TaskExit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Linux processes of one pager and how they end. Every ending, whatever causes it (exit,
 * exit_group, a signal's default action, a fault mm0 cannot resolve, a debugger's kill), runs
 * through mm0's task teardown; its exit listener lands in {@link #taskExited}, which does what Linux
 * adds: the thread's process loses it, and the last thread's going makes the process a zombie its
 * parent can wait for, closes its files (a pipe's reader sees the end) and hands its children to init.
 */
public final class Processes {
    /** How a process ended, for whoever started it: its pid and the status a shell would show (128 + signal when killed). */
    public record ProcessExit(int pid, String program, int status, boolean killed) {}

    private final LinuxSystem system;
    private final TaskTeardown teardown;
    private final Map<Integer, LinuxProcess> byPid = new HashMap<>();
    private final Map<Integer, LinuxThread> byTid = new HashMap<>();
    private final Map<LinuxProcess, LinuxThread> vforkParents = new HashMap<>();
    private final List<Consumer<ProcessExit>> exitListeners = new ArrayList<>();
    private final Futexes futexes;
    private final Signals signals;

    public Processes(LinuxSystem system, TaskTeardown teardown) {
        this.system = system;
        this.teardown = teardown;
        this.futexes = new Futexes(system.blocking()::newQueue);
        this.signals = new Signals(system, this);
    }

    /** The processes' signals: sending, delivery, sigreturn. */
    public Signals signals() {
        return signals;
    }

    public Futexes futexes() {
        return futexes;
    }

    public void onProcessExit(Consumer<ProcessExit> listener) {
        exitListeners.add(listener);
    }

    /** The Linux thread a kernel thread runs, or null if it is not one. */
    public LinuxThread thread(Tcb tcb) {
        return byTid.get(tcb.tid());
    }

    public LinuxProcess find(int pid) {
        return byPid.get(pid);
    }

    public java.util.Collection<LinuxProcess> all() {
        return java.util.List.copyOf(byPid.values());
    }

    // ---- making processes and threads ----------------------------------------------------------

    /** A process whose parent is init (the first program of a run). */
    public LinuxThread createFirst(Task task, LinuxFiles files, Directory cwd) {
        return createProcess(task, null, files, cwd, new SignalActions(), LinuxAbi.SIGCHLD, 0);
    }

    /**
     * A new process for a fork child: {@code files} and {@code actions} are the copies it gets, its
     * first thread blocks what {@code creator} blocks, and {@code exitSignal} goes to the parent when it ends.
     */
    public LinuxThread createChild(Task task, LinuxProcess parent, LinuxFiles files, SignalActions actions, int exitSignal,
                                   LinuxThread creator) {
        LinuxThread thread = createProcess(task, parent, files, parent.cwd(), actions, exitSignal, creator.signals().blocked());
        thread.signals().setAltStack(creator.signals().altStack());
        LinuxProcess child = thread.process();
        child.setExecutable(parent.executable());
        child.setBreak(parent.brkStart(), parent.brkEnd());
        child.setUmask(parent.umask());
        return thread;
    }

    private LinuxThread createProcess(Task task, LinuxProcess parent, LinuxFiles files, Directory cwd, SignalActions actions,
                                      int exitSignal, long blocked) {
        int pid = czemu.kernel.abi.ThreadIds.rawOf(task.tid());
        LinuxProcess process = new LinuxProcess(pid, parent, files, cwd, actions, exitSignal, system.blocking().newQueue());
        process.setRealTimer(new RealTimer(system.blocking(), system.clock(),
                () -> signals.send(process, SignalInfo.sent(LinuxAbi.SIGALRM, LinuxAbi.SI_KERNEL, 0))));
        if (parent != null) parent.addChild(process);
        byPid.put(pid, process);
        return addThread(process, task, blocked);
    }

    /** Another thread of {@code process} (clone with CLONE_THREAD), blocking the signals in {@code blocked} as its creator does. */
    public LinuxThread addThread(LinuxProcess process, Task task, long blocked) {
        LinuxThread thread = new LinuxThread(task, process, blocked);
        process.addThread(thread);
        byTid.put(task.tid(), thread);
        return thread;
    }

    /** execve gave the thread a new task (same thread id). */
    public void replaceTask(LinuxThread thread, Task task) {
        thread.setTask(task);
        byTid.put(task.tid(), thread);
    }

    /** The vfork parent waits until {@code child} execs or ends. */
    public void vforkWaits(LinuxProcess child, LinuxThread parentThread) {
        vforkParents.put(child, parentThread);
    }

    /** The child of a vfork has its own memory now (exec) or is gone: its parent goes on with the child's pid. */
    public void releaseVforkParent(LinuxProcess child) {
        LinuxThread parent = vforkParents.remove(child);
        if (parent != null) system.blocking().finish(parent.tcb(), child.pid());
    }

    // ---- endings --------------------------------------------------------------------------------

    /** exit(2): one thread ends; the process ends with its last thread. */
    public void exitThread(LinuxThread thread, int code) {
        if (thread.process().threads().size() <= 1) {
            exitGroup(thread.process(), code & 0xFF, null);
            return;
        }
        clearChildTid(thread);
        teardown.exit(thread.task(), code & 0xFF, null);
    }

    /** exit_group(2), or a signal's default action ({@code reason} then says which): every thread ends. */
    public void exitGroup(LinuxProcess process, int status, String reason) {
        if (process.ended()) return;
        process.markEnded();
        for (LinuxThread thread : List.copyOf(process.threads())) {
            if (thread.tcb().isAlive()) teardown.exit(thread.task(), status, reason);
        }
    }

    /** mm0's teardown ended a task: if it was a Linux thread, its process learns of it. */
    public void taskExited(TaskExit exit) {
        LinuxThread thread = byTid.remove(exit.tid());
        if (thread == null) return;
        system.blocking().forget(thread.tcb());
        LinuxProcess process = thread.process();
        process.removeThread(thread);
        if (exit.killed() && !process.ended()) {
            exitGroup(process, exit.status(), exit.reason()); // a fault kills the whole thread group
        }
        if (process.threads().isEmpty()) processEnded(process, exit.status(), exit.killed(), exit.program());
    }

    private void processEnded(LinuxProcess process, int status, boolean killed, String program) {
        process.markEnded();
        signals.processEnded(process);
        byPid.remove(process.pid());
        if (process.files().removeUser() == 0) process.files().closeAll();
        for (LinuxProcess child : List.copyOf(process.children())) {
            child.setParent(null); // init adopts it and reaps it when it ends
            process.removeChild(child);
        }
        for (LinuxProcess.ChildExit zombie : List.copyOf(process.exitedChildren())) {
            reap(process, zombie); // init reaps the children it never waited for
        }
        LinuxProcess parent = process.parent();
        if (parent != null) {
            parent.removeChild(process);
            if (!parent.ended()) {
                // No core file is ever written (as with a core limit of 0, and under qemu-arm), so WCOREDUMP is never set.
                int waitStatus = killed ? (status - 128) & 0x7F : (status & 0xFF) << 8;
                if (!signals.reapsChildrenAtOnce(parent)) {
                    // A zombie keeps its pid until it is reaped, as on Linux: the thread that had it is gone.
                    system.kernel().threads().reserveRawId(process.pid());
                    parent.exitedChildren().add(new LinuxProcess.ChildExit(process.pid(), waitStatus));
                }
                // A wait4 finds the zombie first; SIGCHLD is taken after it returns.
                parent.childEvents().wakeAll();
                signals.childEnded(parent, process, killed, killed ? (status - 128) & 0x7F : status & 0xFF);
            }
        }
        releaseVforkParent(process);
        ProcessExit exit = new ProcessExit(process.pid(), program, status, killed);
        exitListeners.forEach(listener -> listener.accept(exit));
    }

    /**
     * A zombie of {@code parent} is reaped (wait4, or its parent ended): its pid, which it kept while
     * its parent had yet to wait for it, may be given again.
     */
    public void reap(LinuxProcess parent, LinuxProcess.ChildExit zombie) {
        parent.exitedChildren().remove(zombie);
        system.kernel().threads().releaseRawId(zombie.pid());
    }

    /** CLONE_CHILD_CLEARTID / set_tid_address: a thread that ends clears the word and wakes one futex waiter on it. */
    private void clearChildTid(LinuxThread thread) {
        int address = thread.clearChildTid();
        if (address == 0) return;
        system.memory().writeInt(thread.tcb(), address, 0);
        futexes.wake(thread.task().vm(), address, 1);
    }
}
