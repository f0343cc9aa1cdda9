package czemu.kernel.thread;

import czemu.kernel.abi.ThreadIds;
import czemu.kernel.container.Container;
import czemu.kernel.ipc.IpcState;
import czemu.kernel.space.AddressSpace;

/** A thread control block: identity, address space, saved registers and IPC state. */
public final class Tcb implements czemu.kernel.capability.CapabilitySubject {
    private final int tid;
    private final Container container;
    private AddressSpace space;
    private final HostedBody hostedBody;
    private ThreadState state = ThreadState.INACTIVE;
    public final ThreadContext context = new ThreadContext();
    private int utcbAddress;
    private int pagerTid = ThreadIds.NIL_THREAD;
    private int threadGroupId;
    /** A short label for reports: the program name of the task it belongs to. */
    private String name;
    /** The foreign system-call interface its svcs outside the syscall page go to, or null (Codezero only). */
    private czemu.kernel.syscall.Personality personality;

    /** Its IPC state (codezero-abi.md §2.4), owned by the ipc package. */
    public final IpcState ipc = new IpcState();

    public Tcb(int tid, Container container, AddressSpace space, HostedBody hostedBody, String name) {
        this.tid = tid;
        this.container = container;
        this.space = space;
        this.hostedBody = hostedBody;
        this.threadGroupId = tid;
        this.name = name;
    }

    @Override public int tid() { return tid; }
    @Override public int spaceId() { return space.spaceId(); }
    @Override public int containerId() { return container.id(); }
    public Container container() { return container; }
    public AddressSpace space() { return space; }
    public void setSpace(AddressSpace space) { this.space = space; }
    public boolean isHosted() { return hostedBody != null; }
    public HostedBody hostedBody() { return hostedBody; }
    public ThreadState state() { return state; }
    public void setState(ThreadState state) { this.state = state; }
    public int utcbAddress() { return utcbAddress; }
    public void setUtcbAddress(int utcbAddress) { this.utcbAddress = utcbAddress; }
    @Override public int pagerTid() { return pagerTid; }
    public void setPagerTid(int pagerTid) { this.pagerTid = pagerTid; }
    @Override public int threadGroupId() { return threadGroupId; }
    public void setThreadGroupId(int tgid) { this.threadGroupId = tgid; }
    public String name() { return name; }
    public void setName(String name) { this.name = name; }
    public boolean isAlive() { return state != ThreadState.DEAD; }
    public czemu.kernel.syscall.Personality personality() { return personality; }
    public void setPersonality(czemu.kernel.syscall.Personality personality) { this.personality = personality; }

    /**
     * thread_control DESTROY on itself: the thread stopped for good with this code (low 16 bits)
     * and stays INACTIVE until its pager reaps it with WAIT.
     */
    private boolean exited;
    private int exitCode;

    public boolean hasExited() { return exited; }
    public int exitCode() { return exitCode; }

    public void markExited(int code) {
        this.exited = true;
        this.exitCode = code;
    }

    /** What a thread blocked outside IPC waits for (a user mutex), for reports; null otherwise. */
    private String waitingOn;

    public void setWaitingOn(String what) {
        this.waitingOn = what;
    }

    /** What the thread waits for when blocked, for reports. */
    public String blockedOn() {
        return waitingOn != null ? waitingOn : ipc.describe();
    }

    @Override
    public String toString() {
        return "thread " + ThreadIds.describe(tid) + (name == null ? "" : " (" + name + ")");
    }
}
