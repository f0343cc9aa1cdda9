package czemu.emulator.gdb;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * An in-memory {@link DebugTarget} for the stub's tests: two threads, register files, 64 KiB of
 * memory at 0x8000, recorded breakpoints, and a resume that produces scripted stop events on a
 * separate "machine" thread. Without a script, a step advances the PC by 4 and reports
 * {@link StopEvent#stepped}; a continue stops at the first inserted software breakpoint (jumping
 * the PC there) or else runs until {@link #interrupt()}.
 */
final class FakeTarget implements DebugTarget {
    static final long MEM_BASE = 0x8000;
    static final int MEM_SIZE = 0x10000;
    /** Breakpoints at this address fail with an error. */
    static final long BAD_BREAKPOINT = 0x8ffe;

    final byte[] memory = new byte[MEM_SIZE];
    final Map<Integer, ThreadInfo> threads = new LinkedHashMap<>();
    final Map<Integer, ArmRegisters> registers = new LinkedHashMap<>();
    final List<String> breakpointLog = new CopyOnWriteArrayList<>();
    final List<Breakpoint> inserted = new CopyOnWriteArrayList<>();
    final List<ResumeRequest> resumes = new CopyOnWriteArrayList<>();
    final List<String> monitorCommands = new CopyOnWriteArrayList<>();
    final Queue<Function<ResumeRequest, StopEvent>> script = new ArrayDeque<>();
    /** Breakpoint types answered UNSUPPORTED. */
    final List<Breakpoint.Type> unsupported = new CopyOnWriteArrayList<>(List.of(Breakpoint.Type.ACCESS_WATCH));

    volatile int attaches;
    volatile int detaches;
    volatile int kills;
    volatile int interrupts;
    volatile CountDownLatch detached = new CountDownLatch(1);
    volatile CountDownLatch killed = new CountDownLatch(1);
    /** Reset registers and memory on every attach (for the fuzz test). */
    boolean reviveOnAttach;

    private volatile StopListener listener;
    private volatile boolean running;
    private volatile boolean reportInFlight;
    private volatile boolean dead;
    private int runningThread = 1;
    private boolean stopReported;
    private final Object lock = new Object();

    FakeTarget() {
        reset();
    }

    private void reset() {
        threads.clear();
        registers.clear();
        addThread(1, "main", "container 0, task 1, thread 0: running");
        addThread(2, "worker", "container 0, task 1, thread 1: blocked in IPC receiving from 1");
        for (int i = 0; i < MEM_SIZE; i++) memory[i] = (byte) (i * 7 + 3);
        inserted.clear();
        dead = false;
        running = false;
    }

    void addThread(int id, String name, String extra) {
        threads.put(id, new ThreadInfo(id, name, extra));
        ArmRegisters r = new ArmRegisters();
        for (int i = 0; i < 13; i++) r.r[i] = id * 0x100 + i;
        r.r[13] = 0x17ff0 - id * 0x100;
        r.r[14] = 0x8100;
        r.r[15] = (int) MEM_BASE;
        r.cpsr = 0x60000010;
        for (int i = 0; i < 32; i++) r.d[i] = Double.doubleToRawLongBits(i + 0.5 + id);
        r.fpscr = 0x03000000;
        registers.put(id, r);
    }

    void script(StopEvent event) {
        synchronized (lock) {
            script.add(req -> event);
        }
    }

    void script(Function<ResumeRequest, StopEvent> step) {
        synchronized (lock) {
            script.add(step);
        }
    }

    boolean isRunning() {
        return running;
    }

    /** Running, or a stop not yet handed to the listener. */
    boolean busy() {
        return running || reportInFlight;
    }

    // ---- DebugTarget ---------------------------------------------------------------------------

    @Override
    public StopEvent attach(StopListener listener) {
        attaches++;
        if (reviveOnAttach) {
            reset();
            detached = new CountDownLatch(1);
            killed = new CountDownLatch(1);
            synchronized (lock) {
                script.clear();
            }
        }
        this.listener = listener;
        if (dead) return StopEvent.killed(GdbSignal.KILL);
        if (running) {
            running = false;
            return StopEvent.interrupted(runningThread);
        }
        return StopEvent.initial(1);
    }

    @Override
    public void detach() {
        detaches++;
        listener = null;
        inserted.clear();
        detached.countDown();
    }

    @Override
    public void kill() {
        kills++;
        dead = true;
        running = false;
        killed.countDown();
    }

    @Override
    public void interrupt() {
        interrupts++;
        if (running) report(StopEvent.interrupted(runningThread));
    }

    @Override
    public List<ThreadInfo> threads() {
        check();
        return dead ? List.of() : new ArrayList<>(threads.values());
    }

    @Override
    public ArmRegisters readRegisters(int thread) {
        check();
        ArmRegisters r = registers.get(thread);
        if (r == null) throw new IllegalArgumentException("no thread " + thread);
        return new ArmRegisters(r);
    }

    @Override
    public void writeRegisters(int thread, ArmRegisters regs) {
        check();
        if (!registers.containsKey(thread)) throw new IllegalArgumentException("no thread " + thread);
        registers.put(thread, new ArmRegisters(regs));
    }

    @Override
    public byte[] readMemory(int thread, long address, int length) {
        check();
        if (length <= 0) throw new IllegalStateException("stub passed length " + length);
        if (address + length > (1L << 32)) throw new IllegalStateException("stub passed a range past 4 GiB");
        if (address < MEM_BASE || address >= MEM_BASE + MEM_SIZE) return new byte[0];
        int off = (int) (address - MEM_BASE);
        int n = Math.min(length, MEM_SIZE - off);
        return Arrays.copyOfRange(memory, off, off + n);
    }

    @Override
    public boolean writeMemory(int thread, long address, byte[] data) {
        check();
        if (address < MEM_BASE || address + data.length > MEM_BASE + MEM_SIZE) return false;
        System.arraycopy(data, 0, memory, (int) (address - MEM_BASE), data.length);
        return true;
    }

    @Override
    public Breakpoint.Result insertBreakpoint(int thread, Breakpoint bp) {
        check();
        breakpointLog.add("insert " + thread + " " + bp);
        if (unsupported.contains(bp.type())) return Breakpoint.Result.UNSUPPORTED;
        if (bp.address() == BAD_BREAKPOINT) return Breakpoint.Result.ERROR;
        if (!inserted.contains(bp)) inserted.add(bp);
        return Breakpoint.Result.OK;
    }

    @Override
    public Breakpoint.Result removeBreakpoint(int thread, Breakpoint bp) {
        check();
        breakpointLog.add("remove " + thread + " " + bp);
        if (unsupported.contains(bp.type())) return Breakpoint.Result.UNSUPPORTED;
        inserted.remove(bp);
        return Breakpoint.Result.OK;
    }

    @Override
    public void resume(ResumeRequest request) {
        check();
        if (running) throw new IllegalStateException("resumed while running");
        resumes.add(request);
        synchronized (lock) {
            stopReported = false;
        }
        running = true;
        Function<ResumeRequest, StopEvent> scripted;
        synchronized (lock) {
            scripted = script.poll();
        }
        runningThread = firstResumed(request);
        StopEvent stop = scripted != null ? scripted.apply(request) : natural(request);
        if (stop != null) report(stop);
    }

    private int firstResumed(ResumeRequest request) {
        for (int id : threads.keySet()) if (request.actionFor(id) != null) return id;
        return 1;
    }

    /** No script: steps step, continues hit the first software breakpoint or run forever. */
    private StopEvent natural(ResumeRequest request) {
        for (int id : threads.keySet()) {
            ResumeAction a = request.actionFor(id);
            if (a != null && a.step()) {
                ArmRegisters r = registers.get(id);
                r.r[15] += 4;
                return StopEvent.stepped(id);
            }
        }
        for (Breakpoint bp : inserted) {
            if (bp.type() == Breakpoint.Type.SOFTWARE || bp.type() == Breakpoint.Type.HARDWARE) {
                int id = runningThread;
                registers.get(id).r[15] = (int) bp.address();
                return new StopEvent.Breakpoint(id, bp.type() == Breakpoint.Type.HARDWARE);
            }
        }
        return null; // runs until interrupted
    }

    /** Reports from another thread, the way the machine thread would. */
    private void report(StopEvent stop) {
        synchronized (lock) {
            if (stopReported) return; // one stop per resume, even if interrupted twice
            stopReported = true;
        }
        StopListener l = listener;
        reportInFlight = true;
        Thread t = new Thread(() -> {
            running = false;
            if (stop.isTerminal()) dead = true;
            if (l != null) l.stopped(stop);
            reportInFlight = false;
        }, "fake-machine");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public String monitor(String command) {
        check();
        monitorCommands.add(command);
        if (command.equals("big")) return "x".repeat(20000) + "\n";
        if (command.equals("silent")) return "";
        if (command.equals("fault-next")) {
            script(req -> StopEvent.segmentationFault(runningThread, 0xdeadbeefL, false));
            return "the next continue faults at 0xdeadbeef\n";
        }
        if (command.equals("watch-next")) {
            script(req -> {
                memory[0x1000] ^= 0x55; // the watched word at 0x9000 changes
                return StopEvent.watchpoint(runningThread, StopEvent.WatchKind.WRITE, 0x9000);
            });
            return "the next continue writes 0x9000\n";
        }
        return "monitor says: " + command + "\n";
    }

    /** The stub must only query while stopped. */
    private void check() {
        if (running) throw new IllegalStateException("target queried while running");
    }

    List<String> breakpointLog() {
        return Collections.unmodifiableList(breakpointLog);
    }
}
