package czemu.emulator.trace;

import czemu.kernel.abi.ThreadIds;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a czemu trace (docs/traces.md). Built for a recorder that calls it from the engine's code
 * hook: every method takes primitives and formats into one byte buffer, so recording an
 * instruction allocates nothing once its thread has been seen.
 *
 * <p>A recorder in full mode calls {@link #beforeInstruction} as each instruction is about to
 * execute, with the thread's registers at that moment. What an instruction changed is only known
 * when its thread reaches its next instruction, so its line is written then (or at
 * {@link #taskExit} or {@link #close}); lines of one thread stay in order, and an SVC's line shows
 * the system call's results. A cheap trace calls {@link #pc} instead. Kernel events are written at
 * once, with the index the next instruction will get.
 *
 * <p>Not thread-safe: one engine thread records.
 */
public final class TraceWriter implements Closeable {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 1 << 16;
    /** Longest line a record can make, so a record never straddles a flush: 17 registers of 14 bytes and change. */
    private static final int LONGEST_LINE = 512;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int used;
    private long nextIndex;

    private final Map<Integer, ThreadState> threads = new HashMap<>();
    private ThreadState last;

    /** What the writer keeps per thread: its instruction that began and awaits its changes. */
    private static final class ThreadState {
        final int thread;
        final int[] registers = new int[Registers.COUNT];
        boolean pending;
        long index;
        int pc;
        int encoding;
        int encodingSize;
        boolean thumb;

        ThreadState(int thread) {
            this.thread = thread;
        }
    }

    public TraceWriter(OutputStream out, TraceHeader header) {
        this.out = out;
        text(CzemuTraceFormat.MAGIC).space().decimal(CzemuTraceFormat.VERSION).space()
                .text(header.granularity() == TraceHeader.Granularity.BLOCK ? CzemuTraceFormat.BLOCKS : CzemuTraceFormat.INSTRUCTIONS)
                .text(" program=").text(CzemuTraceFormat.escape(header.program())).end();
    }

    /** A trace file; a name ending in {@code .gz} is compressed. */
    public static TraceWriter create(Path file, TraceHeader header) throws IOException {
        OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
        if (file.getFileName().toString().endsWith(".gz")) stream = new GZIPOutputStream(stream, BUFFER);
        return new TraceWriter(stream, header);
    }

    /** How many instructions (or blocks) have been recorded so far: the index the next one gets. */
    public long instructions() {
        return nextIndex;
    }

    // ---- instructions

    /**
     * {@code thread} is about to execute the instruction at {@code pc}, and {@code registers}
     * (r0..r15 and cpsr, indexed as in {@link Registers}; copied) are its registers now. Writes the
     * thread's previous instruction with the registers that changed since it began.
     *
     * @param encodingSize 4 for ARM and 32-bit Thumb, 2 for 16-bit Thumb
     */
    public void beforeInstruction(int thread, int pc, int encoding, int encodingSize, boolean thumb, int[] registers) {
        ThreadState state = state(thread);
        if (state.pending) writePending(state, registers);
        state.pending = true;
        state.index = nextIndex++;
        state.pc = pc;
        state.encoding = encoding;
        state.encodingSize = encodingSize;
        state.thumb = thumb;
        System.arraycopy(registers, 0, state.registers, 0, Registers.COUNT);
    }

    /** A cheap trace's record: {@code thread} executes the instruction (or block) at {@code pc}. */
    public void pc(int thread, int pc, boolean thumb) {
        text(CzemuTraceFormat.PC_LINE).space().decimal(nextIndex++).space().thread(thread).space().hex8(pc).space()
                .letter(thumb ? 'T' : 'A').end();
    }

    private void writePending(ThreadState state, int[] now) {
        text(CzemuTraceFormat.INSTRUCTION_LINE).space().decimal(state.index).space().thread(state.thread).space()
                .hex8(state.pc).space();
        encoding(state.encoding, state.encodingSize).space().letter(state.thumb ? 'T' : 'A');
        if (now != null) {
            for (int r = 0; r < Registers.COUNT; r++) {
                if (r != Registers.PC && now[r] != state.registers[r]) {
                    space().text(Registers.name(r)).letter('=').hex8(now[r]);
                }
            }
        }
        end();
        state.pending = false;
    }

    /** Writes the thread's begun instruction without changes: nothing after it will say what it did. */
    private void finish(ThreadState state) {
        if (state.pending) writePending(state, null);
    }

    /**
     * {@code thread} stopped running with {@code registers} (r0..r15, cpsr; the end of an engine
     * slice). If they are exactly those its begun instruction started with, at its pc, the engine
     * stopped after the instruction's hook but before it executed (a budget or a stop request), and
     * it is dropped: it is recorded again when the thread goes on. (The only instruction that
     * executes and changes nothing, not even pc, is a branch to itself, which waits for something
     * else to happen anyway.)
     */
    public void stopped(int thread, int[] registers) {
        ThreadState state = threads.get(thread);
        if (state == null || !state.pending || state.pc != registers[Registers.PC]) return;
        for (int r = 0; r < Registers.COUNT; r++) {
            if (state.registers[r] != registers[r]) return;
        }
        drop(state);
    }

    /** Writes the thread's begun instruction with what it changed by now, and begins none: recording ends for it. */
    public void complete(int thread, int[] registers) {
        ThreadState state = threads.get(thread);
        if (state != null && state.pending) writePending(state, registers);
    }

    /** The thread is gone; its begun instruction is written as it is (nothing will say what it did). */
    public void threadEnded(int thread) {
        ThreadState state = threads.remove(thread);
        if (state != null) finish(state);
        if (last == state) last = null;
    }

    /** Forgets a begun instruction that did not execute, giving its index back when nothing took a later one. */
    private void drop(ThreadState state) {
        state.pending = false;
        if (state.index == nextIndex - 1) nextIndex--;
    }

    // ---- kernel events

    /** A system call returned {@code result} to {@code thread}. */
    public void syscall(int thread, String name, int result) {
        event("syscall", thread).space().text(name).text(" result=").decimal(result).end();
    }

    /** {@code thread} went to sleep in a system call; its result comes later. */
    public void syscallBlocked(int thread, String name) {
        event("syscall", thread).space().text(name).space().text(CzemuTraceFormat.BLOCKED).end();
    }

    /** An ipc of {@code thread} completed: to and from as it asked (NILTHREAD for none), the tag in MR0. */
    public void ipc(int thread, int to, int from, int tag, int result) {
        ipcFields(thread, to, from, tag).text(" result=").decimal(result).end();
    }

    /** An ipc of {@code thread} is waiting for its peer. */
    public void ipcBlocked(int thread, int to, int from, int tag) {
        ipcFields(thread, to, from, tag).space().text(CzemuTraceFormat.BLOCKED).end();
    }

    private TraceWriter ipcFields(int thread, int to, int from, int tag) {
        return event("ipc", thread).text(" to=").thread(to).text(" from=").thread(from).text(" tag=")
                .text(CzemuTraceFormat.tag(tag));
    }

    /**
     * A data or prefetch abort of {@code thread} at {@code pc} ({@code 0} for the kernel's own
     * access to user memory), resolved as {@code resolution} (one word: mapped, copy-on-write,
     * device, sigsegv, efault...). The faulting instruction did not complete: when it began at
     * {@code pc}, it is dropped, since it is recorded again when the thread retries it.
     */
    public void pageFault(int thread, int pc, int address, FaultAccess access, String resolution) {
        ThreadState state = state(thread);
        // Nothing else ran between the fault and the instruction that caused it, so its index is the last one given.
        if (state.pending && state.pc == pc) drop(state);
        faultLine(thread, pc, address, access, resolution);
    }

    /**
     * A load or store of {@code thread} at {@code pc} reached a device page, and the kernel performed
     * it: unlike a page fault, the instruction completed (its line shows what it loaded).
     */
    public void deviceAccess(int thread, int pc, int address, FaultAccess access) {
        faultLine(thread, pc, address, access, "device");
    }

    private void faultLine(int thread, int pc, int address, FaultAccess access, String resolution) {
        event("fault", thread).space().text(access.word()).text(" addr=").hex8(address).text(" pc=").hex8(pc).space()
                .text(resolution).end();
    }

    /** The CPU passes from thread {@code from} to thread {@code to}. */
    public void contextSwitch(int from, int to) {
        event("switch", to).text(" from=").thread(from).end();
    }

    /** {@code thread} executed an undefined instruction; the kernel reports it to the pager. */
    public void undefinedInstruction(int thread, int pc, int encoding) {
        event("undef", thread).text(" pc=").hex8(pc).text(" enc=").hex8(encoding).end();
    }

    /** A Linux thread takes a signal: into its handler, or ({@code byDefault}) its process ends by it. */
    public void signal(int thread, int signal, int code, int handler, boolean byDefault) {
        signalFields(event("signal", thread), signal, code, handler, byDefault).end();
    }

    private TraceWriter signalFields(TraceWriter line, int signal, int code, int handler, boolean byDefault) {
        line.space().text(CzemuTraceFormat.signal(signal)).text(" code=").decimal(code);
        return byDefault ? line.text(" default") : line.text(" handler=").hex8(handler);
    }

    /** A task begins: its first thread and the program it runs. */
    public void taskStart(int thread, String program) {
        event("start", thread).space().text(CzemuTraceFormat.escape(program)).end();
    }

    /** {@code thread}'s task ended with {@code status}; its last begun instruction is written first. */
    public void taskExit(int thread, int status) {
        ThreadState state = threads.get(thread);
        if (state != null) finish(state);
        event("exit", thread).text(" status=").decimal(status).end();
    }

    private TraceWriter event(String kind, int thread) {
        return text(kind).space().decimal(nextIndex).space().thread(thread);
    }

    // ---- records from another source (trace show, conversions)

    /** Writes a record as it is, with its own index. */
    public void write(TraceRecord record) {
        if (record instanceof Instruction i) {
            boolean full = i.registersRecorded();
            text(full ? CzemuTraceFormat.INSTRUCTION_LINE : CzemuTraceFormat.PC_LINE).space().decimal(i.index()).space()
                    .thread(i.thread()).space().hex8(i.pc()).space();
            if (full) encoding(i.encoding(), i.encodingSize()).space();
            letter(i.thumb() ? 'T' : 'A');
            if (full) {
                for (int r = 0; r < Registers.COUNT; r++) {
                    if (i.writes().has(r)) space().text(Registers.name(r)).letter('=').hex8(i.writes().value(r));
                }
            }
            end();
            return;
        }
        TraceEvent event = (TraceEvent) record;
        text(event.kind()).space().decimal(event.index()).space().thread(event.thread());
        if (event instanceof TraceEvent.Syscall s) {
            space().text(s.name());
            if (s.blocked()) space().text(CzemuTraceFormat.BLOCKED);
            else text(" result=").decimal(s.result());
        } else if (event instanceof TraceEvent.Ipc ipc) {
            text(" to=").thread(ipc.to()).text(" from=").thread(ipc.from()).text(" tag=").text(CzemuTraceFormat.tag(ipc.tag()));
            if (ipc.blocked()) space().text(CzemuTraceFormat.BLOCKED);
            else text(" result=").decimal(ipc.result());
        } else if (event instanceof TraceEvent.PageFault f) {
            space().text(f.access().word()).text(" addr=").hex8(f.address()).text(" pc=").hex8(f.pc()).space()
                    .text(f.resolution());
        } else if (event instanceof TraceEvent.ContextSwitch s) {
            text(" from=").thread(s.from());
        } else if (event instanceof TraceEvent.UndefinedInstruction u) {
            text(" pc=").hex8(u.pc()).text(" enc=").hex8(u.encoding());
        } else if (event instanceof TraceEvent.Signal g) {
            signalFields(this, g.signal(), g.code(), g.handler(), g.byDefault());
        } else if (event instanceof TraceEvent.TaskStart s) {
            space().text(CzemuTraceFormat.escape(s.program()));
        } else if (event instanceof TraceEvent.TaskExit x) {
            text(" status=").decimal(x.status());
        }
        end();
    }

    // ---- output

    /** Pushes what is buffered out to the file; instructions still awaiting their changes stay pending. */
    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (ThreadState state : threads.values()) finish(state);
        drain();
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ThreadState state(int thread) {
        ThreadState state = last;
        if (state == null || state.thread != thread) {
            state = threads.computeIfAbsent(thread, ThreadState::new);
            last = state;
        }
        return state;
    }

    private void drain() {
        try {
            out.write(buffer, 0, used);
            used = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TraceWriter text(String s) {
        if (used + s.length() >= BUFFER - LONGEST_LINE) drain();
        if (s.length() >= BUFFER - LONGEST_LINE) { // only a program name could be this long
            try {
                out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
        for (int i = 0; i < s.length(); i++) buffer[used++] = (byte) s.charAt(i);
        return this;
    }

    private TraceWriter letter(char c) {
        buffer[used++] = (byte) c;
        return this;
    }

    private TraceWriter space() {
        return letter(' ');
    }

    private TraceWriter end() {
        letter('\n');
        if (used >= BUFFER - LONGEST_LINE) drain();
        return this;
    }

    private TraceWriter hex8(int value) {
        for (int shift = 28; shift >= 0; shift -= 4) buffer[used++] = HEX[(value >>> shift) & 0xF];
        return this;
    }

    private TraceWriter encoding(int encoding, int size) {
        if (size == 0) return letter('-');
        for (int shift = size * 8 - 4; shift >= 0; shift -= 4) buffer[used++] = HEX[(encoding >>> shift) & 0xF];
        return this;
    }

    private TraceWriter decimal(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) return text(Long.toString(value));
            letter('-');
            value = -value;
        }
        int start = used;
        do {
            buffer[used++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = used - 1; i < j; i++, j--) {
            byte t = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = t;
        }
        return this;
    }

    private TraceWriter thread(int tid) {
        // Container 0's ids are the common case and print as plain numbers; the rest are rare enough to format as text.
        return ThreadIds.containerOf(tid) == 0 ? decimal(tid) : text(CzemuTraceFormat.thread(tid));
    }
}
