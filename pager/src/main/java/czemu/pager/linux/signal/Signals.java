package czemu.pager.linux.signal;

import czemu.kernel.thread.Tcb;
import czemu.pager.linux.Blocking;
import czemu.pager.linux.Call;
import czemu.pager.linux.CallFormatter;
import czemu.pager.linux.LinuxSystem;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.process.LinuxProcess;
import czemu.pager.linux.process.LinuxThread;
import czemu.pager.linux.process.Processes;
import java.util.ArrayList;
import java.util.List;

/**
 * Signals of the Linux processes of one pager, from their sending to their delivery, as the kernel's
 * kernel/signal.c does it. A signal goes to a process (kill, SIGCHLD, SIGALRM, SIGPIPE: any thread
 * that does not block it may take it) or to one thread (tkill, tgkill, its own faults); an ignored one
 * is dropped at once, SIGKILL and the signals whose default is to terminate end the process at once
 * when a thread can take them, and the rest wait in a pending set until a thread that does not block
 * them returns to user mode: after a system call, or when it is next scheduled ({@link SignalDelivery}).
 * A thread that waits in a call is woken for one: the call is cut short ({@link Blocking}).
 */
public final class Signals {
    private final LinuxSystem system;
    private final Processes processes;
    private final SignalDelivery delivery;
    private final List<SignalObserver> observers = new ArrayList<>();

    public Signals(LinuxSystem system, Processes processes) {
        this.system = system;
        this.processes = processes;
        this.delivery = new SignalDelivery(system, this);
        system.blocking().setSignalCheck(this::interrupts);
    }

    /** Shows every signal a thread takes to {@code observer} (--strace, --trace). */
    public void observe(SignalObserver observer) {
        observers.add(observer);
    }

    // ---- sending ----------------------------------------------------------------------------------

    /** kill(2), and what the kernel sends a process (SIGCHLD, SIGALRM, SIGPIPE): any of its threads may take it. */
    public void send(LinuxProcess target, SignalInfo info) {
        int signal = info.signal();
        LinuxThread leader = target.leader();
        if (target.ended() || leader == null) return;
        if (signal == LinuxAbi.SIGKILL) {
            terminate(target, leader, info);
            return;
        }
        // The kernel asks the leader (the thread the pid names) whether it blocks an ignored signal.
        if (target.actions().ignores(signal) && !blocks(leader, signal)) return;
        target.pending().add(info);
        LinuxThread taker = threadTaking(target, signal);
        if (taker != null) notify(taker, info);
    }

    /** tkill and tgkill: only {@code target} may take it. */
    public void sendToThread(LinuxThread target, SignalInfo info) {
        int signal = info.signal();
        LinuxProcess process = target.process();
        if (process.ended()) return;
        if (signal == LinuxAbi.SIGKILL) {
            terminate(process, target, info);
            return;
        }
        if (process.actions().ignores(signal) && !blocks(target, signal)) return;
        target.signals().pending().add(info);
        if (!blocks(target, signal)) notify(target, info);
    }

    /**
     * A fault of {@code thread} itself (SIGSEGV, SIGILL, ...), which it cannot block or ignore away: if
     * it blocks the signal or ignores it, the default action is taken instead (the kernel's
     * force_sig_fault). True when a handler will run for it: the thread must not go on with the
     * faulting instruction, and takes the signal when it next enters user mode. False when the fault
     * ends the process, which the caller does as for any fault.
     */
    public boolean fault(LinuxThread thread, SignalInfo info) {
        int signal = info.signal();
        LinuxProcess process = thread.process();
        SignalAction action = process.actions().get(signal);
        if (!action.handled() || blocks(thread, signal)) return false;
        thread.signals().pending().add(info);
        return true;
    }

    /**
     * Whether {@code parent} asked for its children to be reaped as they end, leaving no zombie to
     * wait for: its SIGCHLD action is SIG_IGN or has SA_NOCLDWAIT.
     */
    public boolean reapsChildrenAtOnce(LinuxProcess parent) {
        SignalAction onChild = parent.actions().get(LinuxAbi.SIGCHLD);
        return onChild.handler() == LinuxAbi.SIG_IGN || onChild.has(LinuxAbi.SA_NOCLDWAIT);
    }

    /**
     * A child of {@code parent} ended ({@code killed} by signal {@code status}, or exited with code
     * {@code status}): SIGCHLD, or the signal clone asked for, or none.
     */
    public void childEnded(LinuxProcess parent, LinuxProcess child, boolean killed, int status) {
        int signal = child.exitSignal();
        if (signal <= 0 || signal > LinuxAbi.NSIG) return;
        int code = killed ? LinuxAbi.CLD_KILLED : LinuxAbi.CLD_EXITED; // CLD_DUMPED would need a core file written
        send(parent, new SignalInfo(signal, code, SignalInfo.Kind.CHILD, child.pid(), 0, status, 0));
    }

    /**
     * A signal the thread gets whatever it does with it (the kernel's force_sig): if it blocks or
     * ignores it, the default action is taken instead; otherwise its handler runs.
     */
    void force(LinuxThread thread, SignalInfo info) {
        int signal = info.signal();
        SignalActions actions = thread.process().actions();
        if (Signals.blocks(thread, signal) || actions.get(signal).handler() == LinuxAbi.SIG_IGN) {
            actions.set(signal, SignalAction.DEFAULT);
            thread.signals().setBlocked(thread.signals().blocked() & ~SignalSets.bit(signal));
        }
        thread.signals().pending().add(info);
    }

    /** The sender's side of kill-like calls: SI_USER from the calling process. */
    public static SignalInfo fromUser(Call call, int signal, int code) {
        return SignalInfo.sent(signal, code, call.process().pid());
    }

    // ---- who takes it, and waking them ---------------------------------------------------------------

    public static boolean blocks(LinuxThread thread, int signal) {
        return SignalSets.contains(thread.signals().blocked(), signal);
    }

    /**
     * The thread to take a process's signal (the kernel's complete_signal): the one on the CPU if it
     * is the process's and does not block it, else the first that does not; null when all block it.
     */
    private LinuxThread threadTaking(LinuxProcess process, int signal) {
        Tcb running = system.kernel().scheduler().current();
        LinuxThread current = running == null ? null : processes.thread(running);
        if (current != null && current.process() == process && !blocks(current, signal)) return current;
        for (LinuxThread thread : process.threads()) {
            if (thread.tcb().isAlive() && !blocks(thread, signal)) return thread;
        }
        return null;
    }

    /**
     * {@code taker} can take the signal now: a signal that ends the process does so at once (a core
     * dump's when the thread takes it, as the kernel does), and a thread waiting in a call is woken.
     */
    private void notify(LinuxThread taker, SignalInfo info) {
        LinuxProcess process = taker.process();
        int signal = info.signal();
        if (process.actions().kills(signal) && SignalSets.defaultAction(signal) == SignalSets.DefaultAction.TERMINATE) {
            taker.signals().pending().take(signal);
            process.pending().take(signal);
            terminate(process, taker, info);
            return;
        }
        if (system.blocking().interrupt(taker.tcb())) taker.signals().setCallInterrupted(true);
    }

    /** Blocking's question: a signal waits for this thread, so it must not wait in a call. */
    private boolean interrupts(Tcb tcb) {
        LinuxThread thread = processes.thread(tcb);
        return thread != null && SignalDelivery.deliverable(thread) != 0;
    }

    // ---- ends -----------------------------------------------------------------------------------------

    /**
     * The signal's default action ends {@code process}, taken by {@code thread}: status 128 + the
     * signal, as a shell shows it, and a report for the signals that dump core on Linux.
     */
    void terminate(LinuxProcess process, LinuxThread thread, SignalInfo info) {
        int signal = info.signal();
        taken(thread, info, LinuxAbi.SIG_DFL);
        String reason = "killed by " + CallFormatter.signalName(signal);
        if (SignalSets.defaultAction(signal) == SignalSets.DefaultAction.CORE) {
            system.reporter().accept(process + " " + reason);
        }
        processes.exitGroup(process, 128 + signal, reason);
    }

    /** Tells the observers that {@code thread} takes {@code info}. */
    void taken(LinuxThread thread, SignalInfo info, int handler) {
        for (SignalObserver observer : observers) observer.taken(thread.tcb(), thread.tid(), info, handler);
    }

    /**
     * The thread returns to user mode ({@code fromCall}: from a system call, r0 its result): pending
     * signals it does not block are taken now. True when its registers changed.
     */
    public boolean deliver(LinuxThread thread, boolean fromCall) {
        return delivery.deliver(thread, fromCall);
    }

    /** sigreturn and rt_sigreturn: the value for r0 (the one the frame restores). */
    public int sigreturn(Call call, boolean rt) {
        return delivery.sigreturn(call, rt);
    }

    /** The process ended: its timers and pending signals go. */
    public void processEnded(LinuxProcess process) {
        process.realTimer().cancel();
        process.pending().clear();
    }
}
