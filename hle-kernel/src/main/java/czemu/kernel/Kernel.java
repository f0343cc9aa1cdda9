package czemu.kernel;

import czemu.kernel.abi.MemoryLayout;
import czemu.kernel.abi.ThreadIds;
import czemu.kernel.arch.Cpu;
import czemu.kernel.arch.unicorn.UnicornCpu;
import czemu.kernel.container.Container;
import czemu.kernel.debug.DebugControl;
import czemu.kernel.debug.DebugStop;
import czemu.kernel.device.ConsoleSink;
import czemu.kernel.device.DeviceTrap;
import czemu.kernel.device.Pl011Uart;
import czemu.kernel.fault.FaultPath;
import czemu.kernel.fault.PagerCall;
import czemu.kernel.fault.UserMemory;
import czemu.kernel.ipc.Ipc;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.FramePool;
import czemu.kernel.memory.FrameQuota;
import czemu.kernel.memory.PagePermissions;
import czemu.kernel.memory.PageTable;
import czemu.kernel.memory.PhysicalMemory;
import czemu.kernel.mutex.UserMutexes;
import czemu.kernel.scheduler.Scheduler;
import czemu.kernel.space.AddressSpace;
import czemu.kernel.syscall.Kip;
import czemu.kernel.syscall.SystemCalls;
import czemu.kernel.thread.HostedBody;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;
import czemu.kernel.thread.ThreadTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The microkernel: owns the CPU, physical memory, threads, spaces and containers, and offers the
 * pager the privileged operations Codezero gives it through system calls (thread_control,
 * exchange_registers, map, unmap). Guests reach it only through the syscall page and exceptions.
 */
public final class Kernel implements AutoCloseable {
    /** The kernel's own space id, reserved by the thread table; its table is the one the MMU boots with. */
    private static final int KERNEL_SPACE_ID = 0;
    private final PhysicalMemory memory;
    private final FrameAllocator frames;
    private final UnicornCpu cpu;
    private final ThreadTable threads = new ThreadTable();
    private final List<Container> containers = new ArrayList<>();
    private final UserMemory userMemory;
    private final DeviceTrap devices = new DeviceTrap();
    private final Kip kip;
    private final int syscallPageFrame;
    private final Scheduler scheduler;
    private final Ipc ipc;
    private final FaultPath faults;
    private final UserMutexes mutexes;
    private final TrapHandler traps;
    private final Reporter reporter;
    private final ThreadLifecycle lifecycle;
    private final Capabilities capabilities;
    private final DebugControl debug;
    private final KernelObservers observers = new KernelObservers();
    private final InstructionTracing tracing;

    public Kernel(KernelConfig config, ConsoleSink console, Reporter reporter) {
        this.reporter = reporter;
        this.memory = new PhysicalMemory(config.ramBytes());
        this.frames = new FrameAllocator(memory.size());
        this.cpu = new UnicornCpu(memory.hostAddress(), memory.size());
        if (config.scheduling() == czemu.kernel.scheduler.SchedulingMode.DETERMINISTIC) {
            cpu.enableInstructionCounting(); // without a native counter the budget still holds, uncounted
        }
        this.kip = new Kip(memory, frames.allocate());
        this.syscallPageFrame = frames.allocate();
        Kip.fillSyscallPage(memory, syscallPageFrame);
        devices.attach(MemoryLayout.UART0, new Pl011Uart(console));
        this.userMemory = new UserMemory(memory);
        this.scheduler = new Scheduler(cpu, kip, config.scheduling(), config.instructionBudget(), config.quantumMillis(),
                space -> space.drainCodeToInvalidate((address, length) -> invalidateMappedCode(space, address, length)));
        this.ipc = new Ipc(threads, userMemory, scheduler);
        this.mutexes = new UserMutexes(scheduler);
        FaultPath.Halting halting = new FaultPath.Halting() {
            @Override public void halt(Tcb thread, String reason) { Kernel.this.halt(thread, reason); }
            @Override public void halt(Tcb thread, String reason, int signal, int address) { Kernel.this.halt(thread, reason, signal, address); }
        };
        PagerCall pagers = new PagerCall(ipc, threads, scheduler);
        this.faults = new FaultPath(memory, ipc, pagers, devices, halting, (thread, address) -> invalidateTlbEntry(thread.space(), address),
                (thread, pc, thumb, length, then) -> scheduler.afterSlice(() -> {
                    if (thread.isAlive()) then.accept(cpu.probeAccesses(pc, thumb, length));
                }));
        userMemory.setPageIn(faults::pageIn);
        this.capabilities = new Capabilities(threads);
        ipc.setSendCheck(capabilities::checkIpc);
        mutexes.setQuota(capabilities.mutexQuota());
        this.lifecycle = new ThreadLifecycle(scheduler, ipc, mutexes, this::destroy, this::unmapUserRange, observers);
        this.traps = new TrapHandler(scheduler, SystemCalls.table(this), faults, pagers, halting);
        traps.setObservers(observers);
        scheduler.setObserver(observers);
        faults.setObserver(observers);
        cpu.setExceptionHandler(traps);
        this.tracing = new InstructionTracing(cpu);
        this.debug = new DebugControl(cpu, scheduler, threads, memory, faults::pageIn,
                (thread, address, length) -> codeWritten(thread.space(), address, length), devices::isDevicePage, traps::abortsTaken);
        faults.setFaultStop(debug::holdPageFault);
        faults.setNarrowing(debug);
        AddressSpace boot = newSpace(KERNEL_SPACE_ID); // the MMU needs a table before the first thread runs
        if (boot == null) throw new IllegalStateException("not enough RAM for the first page table");
        cpu.enableMmu(boot.pageTable().l1PhysicalAddress());
    }

    // ---- containers and threads (thread_control) -------------------------------------------------

    /** A container whose pager may use all of the machine's RAM. */
    public Container createContainer(String name) {
        return addContainer(name, frames);
    }

    /** A container with a memory region of {@code frames} frames: its tasks cannot take RAM the others need. */
    public Container createContainer(String name, int regionFrames) {
        return addContainer(name, new FrameQuota(frames, regionFrames));
    }

    private Container addContainer(String name, FramePool pool) {
        Container container = new Container(containers.size(), name, pool);
        containers.add(container);
        return container;
    }

    /** A thread whose code is Java (mm0), with a real id; it gets an id but no page tables. */
    public Tcb createHostedThread(Container container, String name, HostedBody body) {
        int tid = ThreadIds.of(container.id(), threads.allocateRawId());
        Tcb thread = new Tcb(tid, container, new AddressSpace(threads.allocateSpaceId(), null), body, name);
        thread.setState(ThreadState.BLOCKED); // always waiting to receive from any thread
        thread.setPagerTid(tid); // a pager is its own pager (capabilities-2009.md §6)
        threads.add(thread);
        return thread;
    }

    /**
     * thread_control CREATE with TC_NEW_SPACE: an inactive thread in a new space that already maps
     * the KIP, the syscall page and the UART. Null when RAM for its page tables is exhausted.
     */
    public Tcb createThreadInNewSpace(Container container, String name) {
        AddressSpace space = newSpace();
        if (space == null) return null;
        return addThread(container, name, space);
    }

    /**
     * thread_control CREATE with TC_COPY_SPACE (a new, empty space the pager fills) or
     * TC_SHARE_SPACE ({@code shareWith}'s space): the new thread starts from a copy of
     * {@code creator}'s saved syscall frame — its registers, with PC at the creator's LR — as
     * Codezero's arch_setup_new_thread does (codezero-abi.md §2.7). Null when RAM is exhausted.
     */
    public Tcb createThreadFrom(Tcb creator, String name, AddressSpace shareWith) {
        Tcb thread = createThread(creator.container(), name, shareWith, creator);
        if (thread != null) thread.setPagerTid(creator.pagerTid());
        return thread;
    }

    /**
     * A new inactive thread of {@code container}: in {@code shareWith}'s space, or in a new one
     * when that is null; with {@code copyFrom}'s registers, or a clean user-mode state when that
     * is null. Its pager is the container's until the caller says otherwise. Null when RAM is exhausted.
     */
    public Tcb createThread(Container container, String name, AddressSpace shareWith, Tcb copyFrom) {
        AddressSpace space = shareWith != null ? shareWith : newSpace();
        if (space == null) return null;
        Tcb thread = addThread(container, name, space);
        if (copyFrom != null) thread.context.copyFrom(copyFrom.context);
        return thread;
    }

    /**
     * Gives a thread a fresh, empty address space (execve recycles the thread id, §3.3); the old space
     * goes when no thread uses it any more. Null when RAM is exhausted, leaving the thread as it was.
     */
    public AddressSpace replaceSpace(Tcb thread) {
        AddressSpace fresh = newSpace();
        if (fresh == null) return null;
        leaveSpace(thread.space());
        fresh.addUser();
        thread.setSpace(fresh);
        scheduler.spaceChanged(thread);
        return fresh;
    }

    /**
     * After execve: the thread waits for no reply any more and continues from its fresh registers;
     * if it is on the CPU, the KIP shows its new UTCB at once.
     */
    public void restartAfterExec(Tcb thread) {
        ipc.cancelReceive(thread);
        scheduler.utcbChanged(thread);
        observers.programStarted(thread);
    }

    private Tcb addThread(Container container, String name, AddressSpace space) {
        int tid = ThreadIds.of(container.id(), threads.allocateRawId());
        Tcb thread = new Tcb(tid, container, space, null, name);
        space.addUser();
        thread.context.core[Cpu.CPSR] = Cpu.CPSR_MODE_USER;
        thread.setPagerTid(container.pagerTid());
        threads.add(thread);
        return thread;
    }

    /** thread_control RUN. */
    public void start(Tcb thread) {
        lifecycle.run(thread);
    }

    /** The space with this id among the threads of {@code container}, or null (space ids are looked up per container). */
    public AddressSpace findSpace(Container container, int spaceId) {
        for (Tcb thread : threads.all()) {
            if (thread.container() == container && !thread.isHosted() && thread.space().spaceId() == spaceId) return thread.space();
        }
        return null;
    }

    /**
     * thread_control DESTROY: the thread leaves IPC (senders queued on it get -ESRCH) and the CPU;
     * when its space has no thread left, the page tables are freed (its frames are the pager's).
     * Threads it created and still pages go with it, as Codezero's exiting pager destroys its
     * children: left behind, they would run on in a space whose pages its pager has freed.
     */
    public void destroy(Tcb thread) {
        if (!thread.isAlive()) return;
        thread.setState(ThreadState.DEAD);
        if (!thread.isHosted()) {
            for (Tcb child : new ArrayList<>(threads.all())) {
                if (child != thread && child.pagerTid() == thread.tid()) destroy(child);
            }
        }
        scheduler.remove(thread);
        ipc.threadDied(thread);
        mutexes.threadDied(thread);
        lifecycle.removed(thread);
        capabilities.threadRemoved(thread);
        threads.remove(thread);
        leaveSpace(thread.space());
        faults.threadEnding(thread);
        observers.threadEnded(thread);
        if (thread == scheduler.current()) scheduler.endSlice();
    }

    private void leaveSpace(AddressSpace space) {
        if (space != null && space.pageTable() != null && space.removeUser() == 0) {
            space.pageTable().release();
            capabilities.spaceRemoved(space.spaceId());
            threads.releaseSpaceId(space.spaceId());
        }
    }

    /** Stops a thread that cannot go on (a fault nobody resolves) and says why; the rest keep running. */
    public void halt(Tcb thread, String reason) {
        halt(thread, reason, DebugStop.SIGSEGV, thread.context.core[Cpu.PC]);
    }

    /**
     * As {@link #halt(Tcb, String)}; with a debugger attached the thread is held instead, and shown
     * to it as {@code signal} at {@code address} (the signal Linux would send the process).
     */
    public void halt(Tcb thread, String reason, int signal, int address) {
        if (!thread.isAlive()) return;
        if (debug.holdFatal(thread, signal, address, reason, () -> haltNow(thread, reason))) return;
        haltNow(thread, reason);
    }

    private void haltNow(Tcb thread, String reason) {
        if (!thread.isAlive()) return;
        thread.setState(ThreadState.HALTED);
        scheduler.remove(thread);
        reporter.report(thread + " halted: " + reason);
        observers.threadEnded(thread);
        if (thread == scheduler.current()) scheduler.endSlice();
    }

    // ---- memory (map / unmap) --------------------------------------------------------------------

    /**
     * map: one page of {@code space}; false when RAM for an L2 table is exhausted. Replacing a valid
     * entry invalidates its TLB entry; filling an empty one needs no flush, because neither ARMv7
     * nor Unicorn's TLB keeps a translation that faulted (this saves a third of a demand fault).
     */
    public boolean map(AddressSpace space, int virtualAddress, int frame, PagePermissions permissions) {
        boolean replacing = space.pageTable().entry(virtualAddress) != 0;
        if (!space.pageTable().map(virtualAddress, frame, permissions)) return false;
        if (replacing) invalidateTlbEntry(space, virtualAddress);
        return true;
    }

    public void unmap(AddressSpace space, int virtualAddress) {
        space.pageTable().unmap(virtualAddress);
        invalidateTlbEntry(space, virtualAddress);
    }

    /** Edits a space's mappings in bulk (thread_control RECYCLE). */
    interface SpaceEditor {
        void unmapUserRange(AddressSpace space, int start, int end);
    }

    /** Removes every mapping of a space in [start, end), a range below the global mappings (KIP, syscall page, UART). */
    void unmapUserRange(AddressSpace space, int start, int end) {
        space.pageTable().unmapRange(start, end, page -> invalidateTlbEntry(space, page));
    }

    /**
     * Java wrote code into a mapped page behind the engine's back: drop translations of that range.
     * The engine finds them through the live space's tables, so a space that is not on the CPU
     * keeps the range until it next goes live.
     */
    public void codeWritten(AddressSpace space, int virtualAddress, int length) {
        if (scheduler.isLive(space)) {
            cpu.invalidateCode(virtualAddress, length);
        } else {
            space.codeWrittenWhileAway(virtualAddress, length);
        }
    }

    /**
     * Unicorn finds the code to drop by translating the address; a page that was unmapped in the
     * meantime must be skipped (the lookup would fault outside emulation) and holds no code anyway.
     */
    private void invalidateMappedCode(AddressSpace space, int virtualAddress, int length) {
        for (int page = virtualAddress & ~0xFFF; Integer.compareUnsigned(page, virtualAddress + length) < 0; page += 4096) {
            if (space.pageTable().permits(page, czemu.kernel.memory.Access.EXECUTE)) cpu.invalidateCode(page, 4096);
        }
    }

    private void invalidateTlbEntry(AddressSpace space, int virtualAddress) {
        if (scheduler.isLive(space)) cpu.invalidateTlbEntry(virtualAddress);
    }

    private AddressSpace newSpace() {
        return newSpace(threads.allocateSpaceId());
    }

    /** A space with the global mappings (KIP, syscall page, devices), or null when RAM is exhausted. */
    private AddressSpace newSpace(int spaceId) {
        PageTable table = PageTable.create(memory, frames);
        if (table == null) return null;
        boolean mapped = table.map(MemoryLayout.KIP, kip.frame(), PagePermissions.READ_ONLY)
                && table.map(MemoryLayout.SYSCALL_PAGE, syscallPageFrame, PagePermissions.READ_EXECUTE);
        for (int page : devices.devicePages()) {
            // No user access at all: every access traps and is emulated (DESIGN.md §2).
            mapped = mapped && table.map(page, kip.frame(), PagePermissions.NONE);
        }
        if (!mapped) {
            table.release();
            if (spaceId != KERNEL_SPACE_ID) threads.releaseSpaceId(spaceId);
            return null;
        }
        return new AddressSpace(spaceId, table);
    }

    // ---- running ---------------------------------------------------------------------------------

    /** Runs every thread until none can run (all exited, halted or blocked) or {@link #shutdown()}. */
    public void run() {
        scheduler.run((thread, detail) -> halt(thread, "the CPU engine failed: " + detail));
        for (Tcb thread : threads.all()) {
            if (!thread.isHosted() && thread.state() == ThreadState.BLOCKED && !scheduler.isShutdown()) {
                reporter.report(thread + " is blocked for good: waiting on " + thread.blockedOn());
            }
        }
    }

    /** Shows the kernel's events to {@code observer} (traces, --strace), besides the observers added before. */
    public void observe(KernelObserver observer) {
        observers.add(observer);
    }

    /**
     * The pager says how it resolved the page fault it is answering (mapped, zero, copy-on-write),
     * for the observers' fault event; without it a resolved fault shows as mapped.
     */
    public void faultResolvedAs(czemu.kernel.fault.FaultResolution resolution) {
        faults.pagerResolvedAs(resolution);
    }

    /** The engine's hooks for instruction traces. */
    public InstructionTracing tracing() {
        return tracing;
    }

    /** Ends {@link #run()} soon; safe from any thread. */
    public void shutdown() {
        scheduler.shutdown();
    }

    /** Instructions the guests ran (inside a system call, up to it), counted in DETERMINISTIC mode only; -1 otherwise. */
    public long instructionsExecuted() {
        return cpu.instructionsExecuted();
    }

    /**
     * The kernel's clock (the time call): the host's, or in DETERMINISTIC mode the guests'
     * instructions at {@value czemu.kernel.scheduler.GuestClock#INSTRUCTIONS_PER_MICROSECOND} a microsecond plus the time
     * the machine slept through, so that every run reads the same times and replays (traces) stay
     * identical ({@link czemu.kernel.scheduler.GuestClock}).
     */
    public long microsecondsSinceBoot() {
        return scheduler.clock().microsecondsSinceBoot();
    }

    /** The guests' time and timers (a Linux sleep, a futex timeout). */
    public czemu.kernel.scheduler.GuestClock clock() {
        return scheduler.clock();
    }

    public PhysicalMemory memory() { return memory; }
    public FrameAllocator frames() { return frames; }
    public ThreadTable threads() { return threads; }
    public Ipc ipc() { return ipc; }
    public UserMutexes mutexes() { return mutexes; }
    public UserMemory userMemory() { return userMemory; }
    public Scheduler scheduler() { return scheduler; }
    public Reporter reporter() { return reporter; }
    public ThreadLifecycle lifecycle() { return lifecycle; }
    public Capabilities capabilities() { return capabilities; }
    /** The debugger's hold on the machine (idle unless a debugger is set up). */
    public DebugControl debug() { return debug; }

    @Override
    public void close() {
        scheduler.shutdown();
        cpu.close();
        memory.close();
    }
}
