package czemu.pager.linux.process;

import czemu.pager.fs.Directory;
import czemu.pager.linux.WaitQueue;
import czemu.pager.linux.fs.LinuxFiles;
import czemu.pager.linux.signal.PendingSignals;
import czemu.pager.linux.signal.SignalActions;
import czemu.pager.linux.time.RealTimer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Linux process (a thread group): its threads, parent and children, open files, current
 * directory, program break, signal state and ids. Memory is mm0's: each thread's task holds the
 * shared {@code TaskVm}.
 */
public final class LinuxProcess {
    /** How an exited child is remembered until its parent waits for it: its pid and wait status. */
    public record ChildExit(int pid, int waitStatus) {}

    private final int pid;
    private LinuxProcess parent;
    private final List<LinuxThread> threads = new ArrayList<>();
    private final List<LinuxProcess> children = new ArrayList<>();
    private final ArrayDeque<ChildExit> exitedChildren = new ArrayDeque<>();
    private final WaitQueue childEvents;
    private LinuxFiles files;
    private Directory cwd;
    private final SignalActions actions;
    /** Signals sent to the process as a whole, which any of its threads that does not block them takes. */
    private final PendingSignals pending = new PendingSignals();
    /** The signal the parent gets when this process ends (clone's low byte: SIGCHLD for fork), 0 for none. */
    private final int exitSignal;
    private RealTimer realTimer;
    private String executable;
    private int brkStart;
    private int brkEnd;
    private int processGroup;
    private int session;
    private int umask = 022;
    private boolean ended;

    LinuxProcess(int pid, LinuxProcess parent, LinuxFiles files, Directory cwd, SignalActions actions, int exitSignal,
                 WaitQueue childEvents) {
        this.pid = pid;
        this.parent = parent;
        this.files = files;
        this.cwd = cwd;
        this.actions = actions;
        this.exitSignal = exitSignal;
        this.childEvents = childEvents;
        this.processGroup = parent == null ? pid : parent.processGroup;
        this.session = parent == null ? pid : parent.session;
    }

    public int pid() { return pid; }
    /** The parent, or null when it is init (mm0, which reaps every orphan). */
    public LinuxProcess parent() { return parent; }
    void setParent(LinuxProcess parent) { this.parent = parent; }
    public List<LinuxThread> threads() { return Collections.unmodifiableList(threads); }
    void addThread(LinuxThread thread) { threads.add(thread); }
    void removeThread(LinuxThread thread) { threads.remove(thread); }
    public LinuxThread leader() { return threads.isEmpty() ? null : threads.get(0); }
    public List<LinuxProcess> children() { return Collections.unmodifiableList(children); }
    void addChild(LinuxProcess child) { children.add(child); }
    void removeChild(LinuxProcess child) { children.remove(child); }
    /** Children that exited and have not been waited for, oldest first. */
    public ArrayDeque<ChildExit> exitedChildren() { return exitedChildren; }
    /** Where wait4 parks until a child exits. */
    public WaitQueue childEvents() { return childEvents; }
    public LinuxFiles files() { return files; }
    public Directory cwd() { return cwd; }
    public void setCwd(Directory cwd) { this.cwd = cwd; }
    /** What each signal does (rt_sigaction), for every thread of the process. */
    public SignalActions actions() { return actions; }
    public PendingSignals pending() { return pending; }
    public int exitSignal() { return exitSignal; }
    /** ITIMER_REAL, which sends SIGALRM. */
    public RealTimer realTimer() { return realTimer; }
    void setRealTimer(RealTimer timer) { this.realTimer = timer; }
    /** The program's absolute path in the guest's file system (/proc/self/exe). */
    public String executable() { return executable; }
    public void setExecutable(String path) { this.executable = path; }
    public int brkStart() { return brkStart; }
    public int brkEnd() { return brkEnd; }

    public void setBreak(int start, int end) {
        this.brkStart = start;
        this.brkEnd = end;
    }

    public int processGroup() { return processGroup; }
    public void setProcessGroup(int group) { this.processGroup = group; }
    public int session() { return session; }
    public void setSession(int session) { this.session = session; }
    public int umask() { return umask; }
    public void setUmask(int umask) { this.umask = umask; }
    public boolean ended() { return ended; }
    void markEnded() { ended = true; }

    @Override
    public String toString() {
        return "process " + pid + (executable == null ? "" : " (" + executable + ")");
    }
}
