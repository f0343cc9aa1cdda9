package czemu.pager;

import czemu.kernel.memory.FramePool;
import czemu.kernel.Kernel;
import czemu.kernel.debug.DebugStop;
import czemu.kernel.Reporter;
import czemu.kernel.abi.Errno;
import czemu.kernel.abi.IpcTags;
import czemu.kernel.container.Container;
import czemu.kernel.fault.FaultPath;
import czemu.kernel.ipc.IpcMessage;
import czemu.kernel.memory.Access;
import czemu.kernel.thread.HostedBody;
import czemu.kernel.thread.Tcb;
import czemu.pager.exec.ExecException;
import czemu.pager.exec.ProgramLoader;
import czemu.pager.exec.UtcbPool;
import czemu.pager.fault.PageFaultHandler;
import czemu.pager.exit.TaskTeardown;
import czemu.pager.fork.ForkRequests;
import czemu.pager.fs.MemFs;
import czemu.pager.mmap.AddressRanges;
import czemu.pager.mmap.MmapRequests;
import czemu.pager.shm.SharedMemory;
import czemu.pager.fs.RegularFile;
import czemu.pager.linux.LinuxDoor;
import czemu.pager.exec.ExecRequest;
import czemu.pager.posix.DirectoryRequests;
import czemu.pager.posix.FileRequests;
import czemu.pager.posix.Replies;
import czemu.pager.posix.Request;
import czemu.pager.task.Task;
import czemu.pager.task.TaskExit;
import czemu.pager.vm.FilePages;
import czemu.pager.vm.ZeroPages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The pager mm0 of one container, in Java (DESIGN.md §3): a hosted thread with a real id that
 * receives page faults from the kernel and POSIX requests from tasks by IPC tag, and answers them
 * as Codezero's mm0 does (codezero-abi.md §3, §4).
 */
public final class Mm0 implements HostedBody {
    private final Kernel kernel;
    private final Container container;
    private final Reporter reporter;
    private final Tcb self;
    private final MemFs fs = new MemFs();
    private final UtcbPool utcbs = new UtcbPool();
    private final Map<Integer, Task> tasks = new LinkedHashMap<>();
    private final Map<RegularFile, FilePages> pageCaches = new HashMap<>();
    private final Map<Integer, Request> requests = new HashMap<>();
    private final PageFaultHandler faults;
    private final ProgramLoader loader;
    private final List<Consumer<TaskExit>> exitListeners = new ArrayList<>();
    private final TaskTeardown teardown;
    /**
     * How many SYNCs in a row each task has sent with nothing else in between. A task that does
     * nothing but SYNC while no other thread can run is idle for good: test0's last state (§6.3).
     */
    private final Map<Integer, Integer> syncStreaks = new HashMap<>();
    static final int IDLE_SYNCS = 64;
    private final List<Consumer<Task>> idleListeners = new ArrayList<>();
    /** The Linux EABI front door: Linux programs this mm0 runs beside its Codezero tasks. */
    private final LinuxDoor linux;

    public Mm0(Kernel kernel, Container container, Reporter reporter) {
        this.kernel = kernel;
        this.container = container;
        this.reporter = reporter;
        this.self = kernel.createHostedThread(container, "mm0", this);
        container.setPagerTid(self.tid());
        self.setUtcbAddress(utcbs.allocatePage()); // mm0's own UTCB comes first, at 0xF8100000
        FramePool frames = container.frames();
        int zeroFrame = frames.allocate();
        kernel.memory().zero(zeroFrame, 4096);
        ZeroPages zeroPages = new ZeroPages(kernel.memory(), frames, zeroFrame);
        this.faults = new PageFaultHandler(kernel, frames);
        this.teardown = new TaskTeardown(kernel, frames, utcbs, task -> tasks.remove(task.tid()),
                exit -> exitListeners.forEach(listener -> listener.accept(exit)));
        ForkRequests processes = new ForkRequests(kernel, frames, utcbs, zeroPages, task -> tasks.put(task.tid(), task));
        requests.put(IpcTags.FORK, processes::fork);
        requests.put(IpcTags.CLONE, processes::clone);
        this.loader = new ProgramLoader(kernel, fs, utcbs, this::pageCache, zeroPages);
        FileRequests files = new FileRequests(fs, kernel.userMemory(), this::pageCache, this::say);
        requests.put(IpcTags.OPEN, files::open);
        requests.put(IpcTags.READ, files::read);
        requests.put(IpcTags.WRITE, files::write);
        requests.put(IpcTags.LSEEK, files::lseek);
        requests.put(IpcTags.CLOSE, files::close);
        requests.put(IpcTags.FSYNC, files::fsync);
        SharedMemory shm = new SharedMemory(kernel, frames);
        MmapRequests mappings = new MmapRequests(kernel.userMemory(), shm, new AddressRanges(kernel, frames), zeroPages, this::pageCache, this::say);
        requests.put(IpcTags.MMAP, mappings::mmap);
        requests.put(IpcTags.MUNMAP, mappings::munmap);
        requests.put(IpcTags.MSYNC, mappings::msync);
        requests.put(IpcTags.SHMGET, (task, m) -> shm.shmget(m.mr(2), m.mr(3), m.mr(4)));
        requests.put(IpcTags.SHMAT, (task, m) -> shm.shmat(task, m.mr(2), m.mr(3), m.mr(4)));
        requests.put(IpcTags.SHMDT, mappings::shmdt);
        DirectoryRequests directories = new DirectoryRequests(fs, replies);
        requests.put(IpcTags.MKDIR, directories::mkdir);
        requests.put(IpcTags.CHDIR, directories::chdir);
        requests.put(IpcTags.READDIR, directories::readdir);
        requests.put(IpcTags.SYNC_FULL, (task, message) -> {
            // mm0 zeroes its MR2..MR59 and answers with a full send of tag 0 (§3.3 ipc_test_full_sync).
            replies.full(task, message, 0, new int[IpcMessage.MR_REST_COUNT]);
            return Request.NO_REPLY;
        });
        ExecRequest exec = new ExecRequest(kernel, loader, teardown, task -> tasks.put(task.tid(), task), reporter::report);
        requests.put(IpcTags.EXECVE, exec::execve);
        requests.put(IpcTags.SYNC, (task, message) -> {
            noteSync(task);
            return Request.NO_REPLY;
        });
        requests.put(IpcTags.REQUEST_CAPABILITY, this::requestCapability);
        requests.put(IpcTags.EXIT, (task, message) -> {
            teardown.exit(task, message.mr(2), null);
            return Request.NO_REPLY;
        });
        this.linux = new LinuxDoor(kernel, new LinuxDoor.Mm0Parts(container, self.tid(), frames, fs, this::pageCache, zeroPages,
                teardown, processes, loader, task -> tasks.put(task.tid(), task), reporter::report));
        exitListeners.add(linux::taskExited);
    }

    /** The Linux front door of this mm0 (czemu run of a Linux program, --abi linux). */
    public LinuxDoor linux() {
        return linux;
    }

    /** mm0's own thread: the container's pager. */
    /** The task {@code thread} belongs to (its own, or the one whose space it shares), or null if mm0 does not page it. */
    public Task taskOf(Tcb thread) {
        Task own = tasks.get(thread.tid());
        if (own != null) return own;
        for (Task task : tasks.values()) {
            if (task.thread().space() == thread.space()) return task;
        }
        return null;
    }

    public Tcb thread() {
        return self;
    }

    /**
     * Tag 50 (capabilities-2009.md §5): MR2 points to a 44-byte struct capability in the client's
     * memory, read through the fault path; the kernel's rules decide what mm0 can grant.
     */
    private long requestCapability(Task task, IpcMessage message) {
        byte[] bytes = new byte[czemu.kernel.capability.Capability.SIZE];
        czemu.kernel.capability.Capability wanted = kernel.userMemory().read(task.thread(), message.mr(2), bytes, 0, bytes.length)
                ? czemu.kernel.capability.Capability.decode(bytes) : null;
        return kernel.capabilities().request(self, task.tid(), wanted);
    }

    public void onTaskExit(Consumer<TaskExit> listener) {
        exitListeners.add(listener);
    }

    /** Told when the machine has become idle: a task only sends SYNC and nothing else can run. */
    public void onIdle(Consumer<Task> listener) {
        idleListeners.add(listener);
    }

    private void noteSync(Task task) {
        int streak = syncStreaks.merge(task.tid(), 1, Integer::sum);
        if (streak >= IDLE_SYNCS && kernel.scheduler().othersRunnable() == 0) {
            syncStreaks.clear();
            idleListeners.forEach(listener -> listener.accept(task));
        }
    }

    /** Installs a file (a program, usually) in memfs at an absolute path, making its directories. */
    public void installFile(String path, byte[] content) {
        installFile(path, content, false);
    }

    /** As {@link #installFile(String, byte[])}; a read-only file refuses WRITE with -EACCES. */
    public void installFile(String path, byte[] content, boolean readOnly) {
        int slash = path.lastIndexOf('/');
        MemFs.Lookup parent = fs.makeDirectories(slash <= 0 ? "/" : path.substring(0, slash));
        MemFs.Lookup created = parent.error() != 0 ? parent : fs.createFile(fs.root(), path);
        if (created.error() != 0) throw new IllegalArgumentException(path + ": cannot create it in memfs (error " + created.error() + ")");
        RegularFile file = (RegularFile) created.node();
        file.write(0, content, 0, content.length);
        file.setReadOnly(readOnly);
    }

    /** Whether memfs holds a regular file at the absolute {@code path}. */
    public boolean hasFile(String path) {
        MemFs.Lookup found = fs.lookup(fs.root(), path);
        return found.error() == 0 && found.node() instanceof RegularFile;
    }

    /** Makes a directory and its parents in memfs (importing a host tree). */
    public void installDirectory(String path) {
        MemFs.Lookup made = fs.makeDirectories(path);
        if (made.error() != 0) throw new IllegalArgumentException(path + ": cannot create it in memfs (error " + made.error() + ")");
    }

    /** Starts a program from memfs as mm0's init_execve does, with {@code pagerid=<mm0>} in its environment. */
    public Task spawn(String path, List<String> argv, List<String> extraEnv) throws ExecException {
        List<String> env = new ArrayList<>(extraEnv);
        env.add("pagerid=" + self.tid());
        Task task = loader.load(container, self.tid(), path, argv, env, t -> tasks.put(t.tid(), t));
        kernel.start(task.thread());
        return task;
    }

    // ---- the request loop ------------------------------------------------------------------------

    @Override
    public void receive(Tcb me, IpcMessage message) {
        int sender = message.sender();
        Task task = tasks.get(sender);
        switch (message.tag()) {
            case IpcTags.PFAULT -> pageFault(task, message);
            case IpcTags.UNDEF_FAULT -> {
                Tcb thread = kernel.threads().find(sender);
                if (thread != null && linux.runs(thread)) {
                    if (linux.undefinedInstruction(thread)) reply(sender, message, 0); // SIGILL to its handler; else it ended
                } else {
                    reply(sender, message, 0); // mm0 ignores it and the thread goes on (§4.2)
                }
            }
            default -> {
                if (task == null) {
                    reply(sender, message, -Errno.ESRCH);
                    return;
                }
                Request request = requests.get(message.tag());
                if (request == null) {
                    say("Unrecognised ipc tag (" + message.tag() + ") received from (" + sender + ")");
                    reply(sender, message, -Errno.ENOSYS);
                    return;
                }
                if (message.tag() != IpcTags.SYNC) syncStreaks.remove(sender);
                long result = request.handle(task, message);
                if (result != Request.NO_REPLY && task.thread().isAlive()) reply(sender, message, (int) result);
            }
        }
    }

    /**
     * MR1 is the faulting thread, MR2 its pc (0 for the kernel's own access), MR3 the status, MR4
     * the address. A fault the pager cannot resolve kills the task (SIGSEGV) when the CPU made it;
     * a kernel access gets -EFAULT, which its system call returns.
     */
    private void pageFault(Task task, IpcMessage message) {
        // The kernel sends a fault on the faulting thread's behalf, so the sender is that thread; MR1 says the
        // same, but a task can send tag 0 itself, and must not make mm0 answer or judge another thread.
        int tid = message.sender(), pc = message.mr(2), fsr = message.mr(3), address = message.mr(4);
        if (task == null) {
            reply(tid, message, -Errno.ESRCH);
            return;
        }
        Access access = (fsr & FaultPath.FSR_PREFETCH) != 0 ? Access.EXECUTE
                : (fsr & FaultPath.FSR_WRITE) != 0 ? Access.WRITE : Access.READ;
        String unresolved = faults.resolve(task, address, access);
        if (unresolved == null) {
            reply(tid, message, 0);
        } else if (pc == 0 && (fsr & FaultPath.FSR_PREFETCH) == 0) {
            // The kernel's own access (pc 0, §4.1); a prefetch abort at 0 is a jump to address 0, the program's own fault.
            reply(tid, message, PageFaultHandler.errnoFor(unresolved));
        } else {
            String reason = access.describe() + " at " + String.format("0x%08x", address) + " from pc " + task.describe(pc)
                    + ": " + unresolved;
            Runnable kill = () -> {
                reporter.report(task + " killed by SIGSEGV: " + reason);
                teardown.exit(task, 128 + TaskExit.SIGSEGV, reason);
            };
            Tcb faulting = kernel.threads().find(tid);
            if (faulting != null && linux.pageFaultHandled(faulting, address, task.vm().find(address) != null)) {
                kernel.faultResolvedAs(czemu.kernel.fault.FaultResolution.SIGNAL); // a Linux program's SIGSEGV handler runs instead
                reply(tid, message, 0);
                return;
            }
            // A debugger sees the SIGSEGV first; the task dies only if the debugger lets the signal through.
            if (faulting != null && kernel.debug().holdFatal(faulting, DebugStop.SIGSEGV, address, reason, kill)) {
                reply(tid, message, -Errno.EFAULT);
            } else {
                kill.run();
            }
        }
    }

    private final Replies replies = new Replies() {
        @Override
        public void extended(Task to, IpcMessage request, int result, byte[] data) {
            send(to.tid(), request, result, IpcMessage.extendedFlags(2, data.length), null, data);
        }

        @Override
        public void full(Task to, IpcMessage request, int result, int[] rest) {
            int[] mrs = new int[IpcMessage.MR_COUNT]; // MR2..MR5 zeroed too
            mrs[0] = result;
            mrs[1] = to.tid();
            kernel.ipc().sendFromHost(self, to.tid(), new IpcMessage(self.tid(), IpcMessage.TYPE_FULL, mrs, rest, null));
        }
    };

    private void send(int to, IpcMessage request, int result, int flags, int[] rest, byte[] extended) {
        int[] mrs = request.mrs().clone();
        mrs[0] = result;
        mrs[1] = to;
        kernel.ipc().sendFromHost(self, to, new IpcMessage(self.tid(), flags, mrs, rest, extended));
    }

    /** l4_ipc_return: MR0 = the result, the rest as the request left them, MR1 the client (§2.4). */
    private void reply(int to, IpcMessage request, int result) {
        send(to, request, result, IpcMessage.TYPE_SHORT, null, null);
    }

    private FilePages pageCache(RegularFile file) {
        return pageCaches.computeIfAbsent(file, f -> new FilePages(kernel.memory(), container.frames(), f));
    }

    private void say(String line) {
        reporter.report("mm0: " + line);
    }
}
