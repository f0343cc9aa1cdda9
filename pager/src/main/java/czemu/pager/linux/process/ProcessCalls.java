package czemu.pager.linux.process;

import czemu.kernel.arch.Cpu;
import czemu.kernel.syscall.Personality;
import czemu.kernel.thread.Tcb;
import czemu.pager.exec.ExecException;
import czemu.pager.exit.TaskTeardown;
import czemu.pager.fork.ForkRequests;
import czemu.pager.linux.Call;
import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.LinuxCallTable;
import czemu.pager.linux.LinuxSystem;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.exec.LinuxLoader;
import czemu.pager.linux.fs.PathResolver;
import czemu.pager.linux.signal.Signals;
import czemu.pager.task.Task;
import java.util.List;
import java.util.function.Consumer;

import static czemu.pager.linux.abi.LinuxSyscalls.*;

/**
 * Processes and threads: fork, vfork and clone (over mm0's copy-on-write fork and shared-space
 * clone), execve, exit and exit_group, wait4, kill/tkill/tgkill, the process ids and groups, and the
 * thread calls glibc makes at start-up (set_tid_address; set_robust_list answers -ENOSYS).
 */
public final class ProcessCalls {
    private final LinuxSystem system;
    private final Processes processes;
    private final ForkRequests forks;
    private final LinuxLoader loader;
    private final TaskTeardown teardown;
    private final Personality personality;
    private final Consumer<Task> register;
    private final GuestMemory memory;

    public ProcessCalls(LinuxSystem system, Processes processes, ForkRequests forks, LinuxLoader loader, TaskTeardown teardown,
                        Personality personality, Consumer<Task> register) {
        this.system = system;
        this.processes = processes;
        this.forks = forks;
        this.loader = loader;
        this.teardown = teardown;
        this.personality = personality;
        this.register = register;
        this.memory = system.memory();
    }

    public void registerIn(LinuxCallTable table) {
        table.add(FORK, "", call -> clone(call, LinuxAbi.SIGCHLD, 0, 0, 0, 0));
        table.add(VFORK, "", call -> clone(call, LinuxAbi.CLONE_VM | LinuxAbi.CLONE_VFORK | LinuxAbi.SIGCHLD, 0, 0, 0, 0));
        table.add(CLONE, "xxxxx", call -> clone(call, call.arg(0), call.arg(1), call.arg(2), call.arg(3), call.arg(4)));
        table.add(EXECVE, "sSS", this::execve);
        table.add(EXIT, "d", call -> {
            processes.exitThread(call.thread(), call.arg(0));
            return 0;
        });
        table.add(EXIT_GROUP, "d", call -> {
            processes.exitGroup(call.process(), call.arg(0) & 0xFF, null);
            return 0;
        });
        table.add(WAIT4, "dxdx", this::wait4);
        table.add(KILL, "dg", this::kill);
        table.add(TKILL, "dg", call -> killThread(call, -1, call.arg(0), call.arg(1)));
        table.add(TGKILL, "ddg", call -> killThread(call, call.arg(0), call.arg(1), call.arg(2)));
        table.add(GETPID, "", call -> call.process().pid());
        table.add(GETPPID, "", call -> call.process().parent() == null ? initPid(call) : call.process().parent().pid());
        table.add(GETTID, "", call -> call.thread().tid());
        table.add(SET_TID_ADDRESS, "x", call -> {
            call.thread().setClearChildTid(call.arg(0));
            return call.thread().tid();
        });
        // Robust futex lists (what the kernel does for a lock whose owner died) are not kept: the two
        // calls answer -ENOSYS, as qemu-user does, rather than accept a list nobody will walk; glibc
        // then does without them. Answered here, not by the table's default, so nothing is reported.
        table.add(SET_ROBUST_LIST, "xu", call -> -LinuxAbi.ENOSYS);
        table.add(GET_ROBUST_LIST, "dxx", call -> -LinuxAbi.ENOSYS);
        table.add(SETPGID, "dd", this::setpgid);
        table.add(GETPGID, "d", call -> {
            LinuxProcess target = call.arg(0) == 0 ? call.process() : processes.find(call.arg(0));
            return target == null ? -LinuxAbi.ESRCH : target.processGroup();
        });
        table.add(GETPGRP, "", call -> call.process().processGroup());
        table.add(SETSID, "", this::setsid);
        table.add(GETSID, "d", call -> {
            LinuxProcess target = call.arg(0) == 0 ? call.process() : processes.find(call.arg(0));
            return target == null ? -LinuxAbi.ESRCH : target.session();
        });
        table.add(SCHED_YIELD, "", call -> {
            system.kernel().scheduler().yieldCurrent();
            return 0;
        });
    }

    /** init is mm0, thread 1 of the container: the parent of the first process and of every orphan. */
    private static int initPid(Call call) {
        return czemu.kernel.abi.ThreadIds.rawOf(call.tcb().pagerTid());
    }

    // ---- fork, vfork, clone -----------------------------------------------------------------

    /**
     * clone(flags, stack, parent_tid, tls, child_tid) with ARM's argument order. Without CLONE_VM the
     * child gets a copy-on-write copy of the memory (fork); with it, the same space (vfork, threads).
     * CLONE_THREAD adds a thread to the caller's process, otherwise the child is a new process with
     * copies of the files (or the same table, CLONE_FILES) and signal dispositions. CLONE_VFORK parks
     * the caller until the child execs or ends.
     */
    private int clone(Call call, int flags, int stack, int parentTid, int tls, int childTid) {
        boolean thread = (flags & LinuxAbi.CLONE_THREAD) != 0, sharedVm = (flags & LinuxAbi.CLONE_VM) != 0;
        if (thread && (flags & LinuxAbi.CLONE_SIGHAND) == 0) return -LinuxAbi.EINVAL;
        if ((flags & LinuxAbi.CLONE_SIGHAND) != 0 && !sharedVm) return -LinuxAbi.EINVAL;
        Task parentTask = call.task();
        Task childTask = sharedVm ? forks.shareTask(parentTask) : forks.forkTask(parentTask);
        if (childTask == null) return -LinuxAbi.EAGAIN;
        Tcb child = childTask.thread();
        child.setPersonality(personality);
        child.context.core[0] = 0; // the child sees clone return 0
        if (stack != 0) child.context.core[Cpu.SP] = stack;
        if ((flags & LinuxAbi.CLONE_SETTLS) != 0) child.context.threadIdRegister = tls;
        LinuxProcess parent = call.process();
        LinuxThread created;
        long blocked = call.thread().signals().blocked();
        if (thread) {
            created = processes.addThread(parent, childTask, blocked);
        } else {
            var files = parent.files();
            if ((flags & LinuxAbi.CLONE_FILES) != 0) files.addUser(); else files = files.copy();
            LinuxProcess parentOfChild = (flags & LinuxAbi.CLONE_PARENT) != 0 && parent.parent() != null ? parent.parent() : parent;
            created = processes.createChild(childTask, parentOfChild, files, parent.actions().copy(), flags & LinuxAbi.CSIGNAL,
                    call.thread());
        }
        int tid = created.tid();
        if ((flags & LinuxAbi.CLONE_PARENT_SETTID) != 0) memory.writeInt(call.tcb(), parentTid, tid);
        if ((flags & LinuxAbi.CLONE_CHILD_SETTID) != 0) memory.writeInt(child, childTid, tid);
        if ((flags & LinuxAbi.CLONE_CHILD_CLEARTID) != 0) created.setClearChildTid(childTid);
        system.kernel().start(child);
        if ((flags & LinuxAbi.CLONE_VFORK) != 0 && !thread) {
            processes.vforkWaits(created.process(), call.thread());
            // No signal ends this wait but one that ends the process (the kernel's killable wait).
            return system.blocking().parkUntilFinished(call, null, "the vfork child " + tid + " to exec or exit", null);
        }
        return tid;
    }

    // ---- execve --------------------------------------------------------------------------------

    /**
     * execve(path, argv, envp): the program is found and checked first, so a missing or bad one
     * answers the caller with its image intact. Then the other threads end, the memory goes (unless a
     * vfork parent still shares it), close-on-exec files close, handlers reset, and the same thread
     * starts the new program. /proc/self/exe names the running program.
     */
    private int execve(Call call) {
        Tcb tcb = call.tcb();
        String path = memory.string(tcb, call.arg(0));
        List<String> argv = memory.stringArray(tcb, call.arg(1));
        List<String> envp = memory.stringArray(tcb, call.arg(2));
        if (path == null || argv == null || envp == null) return -LinuxAbi.EFAULT;
        LinuxProcess process = call.process();
        String execfn = path; // AT_EXECFN: the name as the caller gave it
        if (PathResolver.absolute(process.cwd(), path).equals(PathResolver.SELF_EXE)) path = process.executable();
        LinuxLoader.Image image;
        try {
            image = loader.prepare(process.cwd(), path);
        } catch (ExecException e) {
            return e.errno();
        }
        LinuxThread thread = call.thread();
        for (LinuxThread other : List.copyOf(process.threads())) {
            if (other != thread) teardown.exit(other.task(), 0, null);
        }
        Task old = thread.task();
        teardown.release(old);
        try {
            Task fresh = loader.replace(old, image, execfn, argv, envp, register);
            processes.replaceTask(thread, fresh);
        } catch (ExecException e) {
            system.reporter().accept(process + " killed: execve of " + path + " failed after its old image was released: "
                    + e.getMessage());
            processes.exitGroup(process, 128 + LinuxAbi.SIGSEGV, e.getMessage());
            return 0;
        }
        process.setExecutable(image.path());
        int brk = LinuxLoader.breakStart(image);
        process.setBreak(brk, brk);
        process.files().closeMarkedForExec();
        process.actions().resetHandlersForExec();
        thread.signals().setAltStack(czemu.pager.linux.signal.AltStack.DISABLED);
        thread.setClearChildTid(0);
        system.kernel().restartAfterExec(tcb);
        processes.releaseVforkParent(process);
        return 0; // r0 of the new program
    }

    // ---- waiting and signals -------------------------------------------------------------------

    /**
     * wait4(pid, status, options, rusage): pid > 0 one child, -1 any, 0 or < -1 (a process group)
     * any child here. A child that has exited is reaped at once; otherwise WNOHANG answers 0, and
     * the caller waits for the next exit. Without children, -ECHILD.
     */
    private int wait4(Call call) {
        LinuxProcess process = call.process();
        int pid = call.arg(0), statusAddress = call.arg(1), options = call.arg(2), usage = call.arg(3);
        LinuxProcess.ChildExit reaped = null;
        for (LinuxProcess.ChildExit exited : process.exitedChildren()) {
            if (pid <= 0 || exited.pid() == pid) {
                reaped = exited;
                break;
            }
        }
        if (reaped != null) {
            if (statusAddress != 0 && !memory.writeInt(call.tcb(), statusAddress, reaped.waitStatus())) return -LinuxAbi.EFAULT;
            if (usage != 0 && !memory.write(call.tcb(), usage, new byte[72])) return -LinuxAbi.EFAULT; // struct rusage, all zero
            processes.reap(process, reaped);
            return reaped.pid();
        }
        boolean anyChild = process.children().stream().anyMatch(child -> pid <= 0 || child.pid() == pid);
        if (!anyChild) return -LinuxAbi.ECHILD;
        if ((options & LinuxAbi.WNOHANG) != 0) return 0;
        return system.blocking().retryWhenWoken(call, process.childEvents(),
                "wait4 for " + (pid > 0 ? "child " + pid : "a child") + " to exit");
    }

    /** kill(pid, signal): pid > 0 that process; 0 the caller's group; -1 every other process; < -1 group -pid. Signal 0 only checks. */
    private int kill(Call call) {
        int pid = call.arg(0), signal = call.arg(1);
        if (signal < 0 || signal > LinuxAbi.NSIG) return -LinuxAbi.EINVAL;
        List<LinuxProcess> targets;
        if (pid > 0) {
            LinuxProcess target = processes.find(pid);
            targets = target == null ? List.of() : List.of(target);
        } else {
            int group = pid == 0 ? call.process().processGroup() : -pid;
            targets = processes.all().stream()
                    .filter(p -> pid == -1 ? p != call.process() : p.processGroup() == group).toList();
        }
        if (targets.isEmpty()) return -LinuxAbi.ESRCH;
        for (LinuxProcess target : targets) {
            if (signal != 0) processes.signals().send(target, Signals.fromUser(call, signal, LinuxAbi.SI_USER));
        }
        return 0;
    }

    /** tkill/tgkill: a signal to one thread (of process {@code group}, if it is positive). */
    private int killThread(Call call, int group, int tid, int signal) {
        if (signal < 0 || signal > LinuxAbi.NSIG || tid <= 0) return -LinuxAbi.EINVAL;
        for (LinuxProcess process : processes.all()) {
            if (group > 0 && process.pid() != group) continue;
            for (LinuxThread thread : process.threads()) {
                if (thread.tid() == tid) {
                    if (signal != 0) processes.signals().sendToThread(thread, Signals.fromUser(call, signal, LinuxAbi.SI_TKILL));
                    return 0;
                }
            }
        }
        return -LinuxAbi.ESRCH;
    }

    private int setpgid(Call call) {
        LinuxProcess target = call.arg(0) == 0 ? call.process() : processes.find(call.arg(0));
        if (target == null) return -LinuxAbi.ESRCH;
        if (call.arg(1) < 0) return -LinuxAbi.EINVAL;
        target.setProcessGroup(call.arg(1) == 0 ? target.pid() : call.arg(1));
        return 0;
    }

    private int setsid(Call call) {
        LinuxProcess process = call.process();
        if (process.processGroup() == process.pid()) return -LinuxAbi.EPERM; // already a group leader
        process.setSession(process.pid());
        process.setProcessGroup(process.pid());
        return process.pid();
    }
}
