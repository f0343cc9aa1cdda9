package czemu.emulator.gdb;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One debugger connection: the remote-protocol state machine between a socket and a
 * {@link DebugTarget}. {@link #run()} serves until the client detaches, kills, disconnects or
 * the session is closed; it never throws for anything the client sends.
 *
 * <p>Two threads: the caller of {@link #run()} (the session thread) and a reader thread that
 * frames input, sends acknowledgements and queues events. Stops reported by the target are queued
 * too, so the session thread sees one ordered stream of events. While the target is stopped and
 * nothing is queued, the reader handles a packet itself rather than handing it over (a thread
 * switch per packet is most of what a single step costs gdb, which sends a score of packets per
 * step); one lock keeps the two from ever handling events at the same time, so the target is still
 * called one call at a time. While the target runs, an all-stop client sends nothing but Ctrl-C;
 * any packet that arrives then is answered with {@code E01} at once (the target is never queried
 * while it runs).
 */
final class GdbSession {

    /** Largest packet payload accepted and sent (advertised as PacketSize). */
    static final int PACKET_SIZE = 0x4000;
    /** Packets received but not yet handled; more are dropped (a flooding client; gdb itself
     *  never has more than one outstanding). */
    private static final int MAX_PENDING_PACKETS = 64;
    /** Stop reports queued but not yet handled; more are dropped (a misbehaving target). */
    private static final int MAX_PENDING_STOPS = 16;

    private sealed interface Event {}

    private record PacketEvent(String payload) implements Event {}

    private record OversizeEvent() implements Event {}

    private record InterruptEvent() implements Event {}

    private record NakEvent() implements Event {}

    private record StopReport(StopEvent stop) implements Event {}

    private record OutputReport(String text) implements Event {}

    private record ClosedEvent() implements Event {}

    private final Socket socket;
    private final DebugTarget target;
    private final Consumer<String> log;
    private final boolean trace;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Events queued and not yet handled (including one the session thread has taken and is about to handle). */
    private final AtomicInteger unhandled = new AtomicInteger();
    /** Held while an event or packet is handled, by whichever thread handles it. */
    private final Object handling = new Object();
    private final AtomicInteger pendingPackets = new AtomicInteger();
    private final AtomicInteger pendingStops = new AtomicInteger();
    /** At most one Ctrl-C and one retransmission request queued at a time (a flood coalesces). */
    private final AtomicBoolean interruptQueued = new AtomicBoolean();
    private final AtomicBoolean nakQueued = new AtomicBoolean();

    private volatile boolean noAck;
    private volatile boolean closed;
    /** The connection is going away (end of input, close, or the loop ended). */
    private volatile boolean ending;
    private byte[] lastSent;

    private boolean running;
    private boolean attached;
    private boolean detached;
    private boolean killed;
    private StopEvent lastStop;
    /** Thread for g/G/p/P/m/M/X/Z and qXfer:siginfo (Hg); always a concrete id. */
    private int generalThread;
    /** Thread for legacy c/s (Hc): -1 all, 0 any, or an id. */
    private int contThread = -1;
    private boolean gdbSwBreak;
    private boolean gdbHwBreak;
    private final ArrayDeque<Integer> threadInfoRest = new ArrayDeque<>();
    private byte[] threadsXml = new byte[0];

    GdbSession(Socket socket, DebugTarget target, Consumer<String> log, boolean trace)
            throws IOException {
        this.socket = socket;
        this.target = target;
        this.log = log;
        this.trace = trace;
        this.out = socket.getOutputStream();
    }

    /** Closes the connection; {@link #run()} then ends (detaching the target). */
    void close() {
        closed = true;
        ending = true;
        enqueue(new ClosedEvent());
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** True once the session is ending (detached, killed, disconnected or closed). */
    boolean isEnding() {
        return ending || closed;
    }

    /** Serves the connection until it ends. */
    void run() {
        Thread reader = null;
        try {
            StopEvent initial = target.attach(new StopListener() {
                @Override public void stopped(StopEvent event) { onTargetStop(event); }
                @Override public void output(String text) { onTargetOutput(text); }
            });
            attached = true;
            stoppedAt(initial != null ? initial : StopEvent.initial(firstThread()));
            reader = new Thread(this::readLoop, "gdb-rsp-reader");
            reader.setDaemon(true);
            reader.start();
            loop();
        } catch (IOException e) {
            log.accept("gdb: connection lost: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.accept("gdb: session failed: " + e);
        } finally {
            closed = true;
            ending = true;
            if (attached && !detached && !killed) {
                try {
                    target.detach();
                } catch (RuntimeException e) {
                    log.accept("gdb: detach failed: " + e);
                }
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // gone anyway
            }
            if (reader != null) {
                try {
                    reader.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void enqueue(Event event) {
        unhandled.incrementAndGet();
        events.offer(event);
    }

    // ---- input side ----------------------------------------------------------------------

    private void readLoop() {
        PacketReader reader = new PacketReader(inputStream(), PACKET_SIZE, new PacketReader.Handler() {
            @Override
            public void onPacket(String payload, boolean checksumOk) {
                if (!noAck) {
                    writeQuietly(checksumOk ? '+' : '-');
                    if (!checksumOk) return; // gdb sends it again
                }
                // In no-ack mode there is no retransmission: like gdbserver, take it as it is.
                if (trace) log.accept("gdb <- " + printable(payload));
                if (handledAtOnce(payload)) return;
                if (pendingPackets.incrementAndGet() > MAX_PENDING_PACKETS) {
                    pendingPackets.decrementAndGet();
                    log.accept("gdb: too many packets queued, dropped one");
                    return;
                }
                enqueue(new PacketEvent(payload));
            }

            @Override
            public void onOversize() {
                if (!noAck) writeQuietly('+');
                if (pendingPackets.incrementAndGet() > MAX_PENDING_PACKETS) {
                    pendingPackets.decrementAndGet();
                    return;
                }
                enqueue(new OversizeEvent());
            }

            @Override
            public void onInterrupt() {
                if (interruptQueued.compareAndSet(false, true)) enqueue(new InterruptEvent());
            }

            @Override
            public void onAck(boolean positive) {
                if (!positive && nakQueued.compareAndSet(false, true)) enqueue(new NakEvent());
            }
        });
        try {
            reader.run();
        } catch (IOException e) {
            if (!closed) log.accept("gdb: read failed: " + e.getMessage());
        } catch (RuntimeException e) {
            log.accept("gdb: reader failed: " + e);
        } finally {
            // Packets already queued (a 'k' sent just before the client hung up) are still
            // handled: the loop ends at this event, after them.
            ending = true;
            enqueue(new ClosedEvent());
        }
    }

    /** On the reader thread: handles the packet now if the target is stopped and nothing waits before it. */
    private boolean handledAtOnce(String payload) {
        synchronized (handling) {
            if (running || closed || unhandled.get() != 0) return false;
            try {
                handlePacket(payload);
            } catch (IOException e) {
                ending = true; // the reader sees the connection go too
            }
            if (closed) enqueue(new ClosedEvent()); // D or k: the session thread ends
            return true;
        }
    }

    private java.io.InputStream inputStream() {
        try {
            return socket.getInputStream();
        } catch (IOException e) {
            return java.io.InputStream.nullInputStream();
        }
    }

    private void onTargetStop(StopEvent event) {
        if (ending || closed || event == null) return;
        if (pendingStops.incrementAndGet() > MAX_PENDING_STOPS) {
            pendingStops.decrementAndGet();
            return;
        }
        enqueue(new StopReport(event));
    }

    private void onTargetOutput(String text) {
        if (ending || closed || text == null || text.isEmpty()) return;
        if (pendingStops.incrementAndGet() > MAX_PENDING_STOPS) {
            pendingStops.decrementAndGet();
            return;
        }
        enqueue(new OutputReport(text));
    }

    // ---- the event loop --------------------------------------------------------------------

    private void loop() throws IOException, InterruptedException {
        while (!closed) {
            Event ev = events.take();
            synchronized (handling) {
                try {
                    if (handle(ev)) return;
                } finally {
                    unhandled.decrementAndGet();
                }
            }
        }
    }

    /** Handles one event (holding {@link #handling}); true when the session ends. */
    private boolean handle(Event ev) throws IOException {
        if (closed) return true;
        if (ev instanceof PacketEvent p) {
            pendingPackets.decrementAndGet();
            if (running) send("E01"); // a client that does not wait for the stop
            else handlePacket(p.payload());
        } else if (ev instanceof OversizeEvent) {
            pendingPackets.decrementAndGet();
            send("E01");
        } else if (ev instanceof InterruptEvent) {
            interruptQueued.set(false);
            if (running) {
                try {
                    target.interrupt();
                } catch (RuntimeException e) {
                    log.accept("gdb: interrupt failed: " + e);
                }
            }
        } else if (ev instanceof NakEvent) {
            nakQueued.set(false);
            if (!noAck && lastSent != null) write(lastSent);
        } else if (ev instanceof StopReport s) {
            pendingStops.decrementAndGet();
            if (!running) {
                log.accept("gdb: ignored a stop reported while stopped: " + s.stop());
                return false;
            }
            running = false;
            stoppedAt(s.stop());
            send(stopReply(lastStop));
        } else if (ev instanceof OutputReport o) {
            pendingStops.decrementAndGet();
            if (running) sendOutput(o.text()); // gdb prints O packets only while it waits for a stop
        } else if (ev instanceof ClosedEvent) {
            return true;
        }
        return closed;
    }

    private void stoppedAt(StopEvent stop) {
        lastStop = stop;
        if (stop.thread() > 0) generalThread = stop.thread();
        else if (!stop.isTerminal()) generalThread = firstThread();
        threadsXml = new byte[0];
        threadInfoRest.clear();
    }

    private int firstThread() {
        try {
            List<ThreadInfo> threads = target.threads();
            return threads.isEmpty() ? 0 : threads.get(0).id();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    // ---- output side -----------------------------------------------------------------------

    private void send(String payload) throws IOException {
        if (trace) log.accept("gdb -> " + printable(payload));
        byte[] framed = Rsp.frame(payload);
        lastSent = framed;
        write(framed);
    }

    private void write(byte[] bytes) throws IOException {
        synchronized (writeLock) {
            out.write(bytes);
            out.flush();
        }
    }

    private void writeQuietly(char c) {
        try {
            synchronized (writeLock) {
                out.write(c);
                out.flush();
            }
        } catch (IOException e) {
            // the reader will see the connection end
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '.');
        }
        if (s.length() > 200) sb.append("...");
        return sb.toString();
    }

    // ---- packets ------------------------------------------------------------------------------

    private void handlePacket(String raw) throws IOException {
        String reply;
        try {
            String p = Rsp.expandRunLength(raw, PACKET_SIZE);
            reply = dispatch(p);
        } catch (Rsp.BadPacket e) {
            reply = "E01";
        } catch (RuntimeException e) {
            StackTraceElement[] where = e.getStackTrace();
            log.accept("gdb: target error: " + e + (where.length > 0 ? " at " + where[0] : ""));
            reply = "E03";
        }
        if (reply != null) send(reply);
    }

    /** Handles one packet; returns the reply, or null when there is none now. */
    private String dispatch(String p) throws IOException {
        if (p.isEmpty()) return "";
        char c = p.charAt(0);
        String args = p.substring(1);
        switch (c) {
            case '?':
                return stopReply(lastStop);
            case 'g':
                if (!stopped()) return "E01";
                return Rsp.toHex(target.readRegisters(generalThread).toBytes());
            case 'G':
                return writeAllRegisters(args);
            case 'p':
                return readRegister(args);
            case 'P':
                return writeRegister(args);
            case 'm':
                return readMemory(args);
            case 'M':
                return writeMemory(args, false);
            case 'X':
                return writeMemory(args, true);
            case 'c':
            case 's':
                return legacyResume(c == 's', 0, args);
            case 'C':
            case 'S': {
                int semi = args.indexOf(';');
                String sig = semi < 0 ? args : args.substring(0, semi);
                String addr = semi < 0 ? "" : args.substring(semi + 1);
                return legacyResume(c == 'S', (int) Rsp.parseHex(sig, 2), addr);
            }
            case 'v':
                return vPacket(p);
            case 'Z':
            case 'z':
                return breakpoint(c == 'Z', args);
            case 'H':
                return setThread(args);
            case 'T':
                return threadAlive(args);
            case 'q':
                return query(p);
            case 'Q':
                if (p.equals("QStartNoAckMode")) {
                    // Set first, so the reader does not ack gdb's next packet; gdb's '+' for
                    // this OK is then ignored like any stray '+'.
                    noAck = true;
                    return "OK";
                }
                return "";
            case 'D':
                send("OK");
                detached = true;
                target.detach();
                closed = true;
                return null;
            case 'k':
                killed = true;
                target.kill();
                closed = true;
                return null;
            default:
                return "";
        }
    }

    private boolean stopped() {
        return lastStop != null && !lastStop.isTerminal() && generalThread > 0;
    }

    private String stopReply(StopEvent stop) {
        if (stop instanceof StopEvent.Exited e) return String.format("W%02x", e.status() & 0xFF);
        if (stop instanceof StopEvent.Killed k) return String.format("X%02x", k.signal() & 0xFF);
        int sig;
        String reason = "";
        if (stop instanceof StopEvent.Signal s) {
            sig = s.signal();
        } else if (stop instanceof StopEvent.Fault f) {
            sig = f.signal();
        } else if (stop instanceof StopEvent.Breakpoint b) {
            sig = GdbSignal.TRAP;
            if (b.hardware() && gdbHwBreak) reason = "hwbreak:;";
            else if (!b.hardware() && gdbSwBreak) reason = "swbreak:;";
        } else if (stop instanceof StopEvent.Watchpoint w) {
            sig = GdbSignal.TRAP;
            reason = w.kind().stopReason + ":" + Long.toHexString(w.address() & 0xFFFFFFFFL) + ";";
        } else {
            sig = GdbSignal.TRAP;
        }
        StringBuilder sb = new StringBuilder(String.format("T%02x", sig & 0xFF));
        if (stop.thread() > 0) sb.append("thread:").append(Rsp.threadIdHex(stop.thread())).append(';');
        sb.append(reason);
        return sb.toString();
    }

    // ---- registers --------------------------------------------------------------------------

    private String writeAllRegisters(String hex) {
        if (!stopped()) return "E01";
        byte[] bytes = Rsp.fromHex(hex);
        if (bytes.length != ArmRegister.G_PACKET_BYTES) return "E01";
        target.writeRegisters(generalThread, ArmRegisters.fromBytes(bytes));
        return "OK";
    }

    private String readRegister(String args) {
        if (!stopped()) return "E01";
        ArmRegister reg = ArmRegister.byGdbNumber(Rsp.parseHex(args, 8));
        if (reg == null) return "E01";
        long v = target.readRegisters(generalThread).get(reg);
        return Rsp.toHex(littleEndian(v, reg.size()));
    }

    private String writeRegister(String args) {
        if (!stopped()) return "E01";
        int eq = args.indexOf('=');
        if (eq < 0) return "E01";
        ArmRegister reg = ArmRegister.byGdbNumber(Rsp.parseHex(args.substring(0, eq), 8));
        if (reg == null) return "E01";
        byte[] bytes = Rsp.fromHex(args.substring(eq + 1));
        if (bytes.length != reg.size()) return "E01";
        long v = 0;
        for (int i = 0; i < bytes.length; i++) v |= (bytes[i] & 0xFFL) << (8 * i);
        target.writeRegister(generalThread, reg, v);
        return "OK";
    }

    private static byte[] littleEndian(long v, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }

    // ---- memory -------------------------------------------------------------------------------

    private static final long ADDRESS_LIMIT = 1L << 32;

    private String readMemory(String args) {
        if (!stopped()) return "E01";
        int comma = args.indexOf(',');
        if (comma < 0) return "E01";
        long addr = Rsp.parseAddress(args.substring(0, comma));
        long len = Rsp.parseLength(args.substring(comma + 1));
        // Fewer bytes than asked is a valid answer: keep replies within the packet size.
        len = Math.min(len, PACKET_SIZE / 2);
        len = Math.min(len, ADDRESS_LIMIT - addr);
        if (len == 0) return "";
        byte[] data = target.readMemory(generalThread, addr, (int) len);
        if (data == null || data.length == 0) return "E14";
        return Rsp.toHex(data, 0, (int) Math.min(data.length, len));
    }

    private String writeMemory(String args, boolean binary) {
        if (!stopped()) return "E01";
        int colon = args.indexOf(':');
        int comma = args.indexOf(',');
        if (colon < 0 || comma < 0 || comma > colon) return "E01";
        long addr = Rsp.parseAddress(args.substring(0, comma));
        int len = Rsp.parseLength(args.substring(comma + 1, colon));
        String payload = args.substring(colon + 1);
        byte[] data = binary ? Rsp.unescape(payload) : Rsp.fromHex(payload);
        if (data.length != len) return "E01";
        if (len == 0) return "OK"; // gdb probes X support with an empty write
        if (addr + len > ADDRESS_LIMIT) return "E14";
        return target.writeMemory(generalThread, addr, data) ? "OK" : "E14";
    }

    // ---- breakpoints ---------------------------------------------------------------------------

    private String breakpoint(boolean insert, String args) {
        if (!stopped()) return "E01";
        // type,addr,kind[;cond_list...][;cmds:...] -- conditions are not advertised; ignore them
        int semi = args.indexOf(';');
        String main = semi < 0 ? args : args.substring(0, semi);
        String[] f = main.split(",", -1);
        if (f.length != 3) return "E01";
        long type = Rsp.parseHex(f[0], 2);
        if (type > 4) return "";
        long addr = Rsp.parseAddress(f[1]);
        int kind = Rsp.parseLength(f[2]);
        Breakpoint.Type t = Breakpoint.Type.values()[(int) type];
        if (t.isWatchpoint() && (kind == 0 || addr + kind > ADDRESS_LIMIT)) return "E01";
        Breakpoint bp = new Breakpoint(t, addr, kind);
        Breakpoint.Result r = insert ? target.insertBreakpoint(generalThread, bp)
                : target.removeBreakpoint(generalThread, bp);
        if (r == null) return "E03";
        return switch (r) {
            case OK -> "OK";
            case UNSUPPORTED -> "";
            case ERROR -> "E03";
        };
    }

    // ---- threads -----------------------------------------------------------------------------------

    private Set<Integer> threadIds() {
        Set<Integer> ids = new HashSet<>();
        for (ThreadInfo t : target.threads()) ids.add(t.id());
        return ids;
    }

    private String setThread(String args) {
        if (args.isEmpty()) return "E01";
        char op = args.charAt(0);
        int id = Rsp.parseThreadId(args.substring(1));
        if (op != 'g' && op != 'c') return "";
        if (lastStop == null || lastStop.isTerminal()) return "E01";
        if (id > 0 && !threadIds().contains(id)) return "E02";
        if (op == 'g') {
            generalThread = id > 0 ? id : currentThread();
        } else {
            contThread = id;
        }
        return "OK";
    }

    /** The thread of the last stop if it still lives, else the first thread. */
    private int currentThread() {
        if (lastStop != null && lastStop.thread() > 0 && target.isAlive(lastStop.thread())) {
            return lastStop.thread();
        }
        return firstThread();
    }

    private String threadAlive(String args) {
        int id = Rsp.parseThreadId(args);
        if (id <= 0 || lastStop == null || lastStop.isTerminal()) return "E01";
        return target.isAlive(id) ? "OK" : "E01";
    }

    private String threadListChunk() {
        if (threadInfoRest.isEmpty()) return "l";
        StringBuilder sb = new StringBuilder("m");
        while (!threadInfoRest.isEmpty() && sb.length() + 10 < PACKET_SIZE) {
            if (sb.length() > 1) sb.append(',');
            sb.append(Rsp.threadIdHex(threadInfoRest.poll()));
        }
        return sb.toString();
    }

    private byte[] buildThreadsXml() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<threads>\n");
        if (lastStop != null && !lastStop.isTerminal()) {
            for (ThreadInfo t : target.threads()) {
                x.append("<thread id=\"").append(Rsp.threadIdHex(t.id())).append('"');
                if (!t.name().isEmpty()) x.append(" name=\"").append(Rsp.xmlEscape(t.name())).append('"');
                x.append('>').append(Rsp.xmlEscape(t.extraInfo())).append("</thread>\n");
            }
        }
        x.append("</threads>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- execution ----------------------------------------------------------------------------

    private String legacyResume(boolean step, int signal, String addr) throws IOException {
        if (!stopped()) return "E01";
        Map<Integer, ResumeAction> actions = new LinkedHashMap<>();
        ResumeAction action = new ResumeAction(step, signal);
        int thread = contThread > 0 ? contThread : currentThread();
        if (contThread > 0 && !target.isAlive(contThread)) return "E02";
        if (!addr.isEmpty()) {
            target.writeRegister(thread, ArmRegister.PC, Rsp.parseAddress(addr));
        }
        ResumeRequest request;
        if (step) {
            actions.put(thread, action);
            request = new ResumeRequest(actions, null);
        } else if (contThread > 0 || signal != 0) {
            actions.put(thread, action);
            request = new ResumeRequest(actions, ResumeAction.CONTINUE);
        } else {
            request = ResumeRequest.continueAll();
        }
        return resume(request);
    }

    private String vCont(String p) throws IOException {
        // vCont;action[:thread];action[:thread]...
        if (!p.startsWith("vCont;") || p.length() == 6) return "E01";
        if (!stopped()) return "E01";
        Set<Integer> live = threadIds();
        Map<Integer, ResumeAction> actions = new LinkedHashMap<>();
        ResumeAction dflt = null;
        for (String clause : p.substring(6).split(";", -1)) {
            if (clause.isEmpty()) return "E01";
            int colon = clause.indexOf(':');
            String act = colon < 0 ? clause : clause.substring(0, colon);
            if (act.isEmpty()) return "E01";
            ResumeAction action;
            switch (act.charAt(0)) {
                case 'c' -> action = act.length() == 1 ? ResumeAction.CONTINUE : null;
                case 's' -> action = act.length() == 1 ? ResumeAction.STEP : null;
                case 'C' -> action = new ResumeAction(false, (int) Rsp.parseHex(act.substring(1), 2));
                case 'S' -> action = new ResumeAction(true, (int) Rsp.parseHex(act.substring(1), 2));
                default -> action = null;
            }
            if (action == null) return "E01";
            int thread = colon < 0 ? -1 : Rsp.parseThreadId(clause.substring(colon + 1));
            if (thread == 0) thread = currentThread();
            if (thread < 0) {
                if (dflt == null) dflt = action; // the leftmost action applies
            } else {
                if (!live.contains(thread)) return "E02";
                actions.putIfAbsent(thread, action);
            }
        }
        return resume(new ResumeRequest(actions, dflt));
    }

    private String resume(ResumeRequest request) {
        running = true;
        try {
            target.resume(request);
        } catch (RuntimeException e) {
            running = false;
            throw e;
        }
        return null; // the stop reply comes when the target stops
    }

    private String vPacket(String p) throws IOException {
        if (p.equals("vCont?")) return "vCont;c;C;s;S";
        if (p.startsWith("vCont;") || p.equals("vCont")) return vCont(p);
        if (p.equals("vMustReplyEmpty")) return "";
        if (p.equals("vKill") || p.startsWith("vKill;")) {
            target.kill();
            killed = true;
            stoppedAt(StopEvent.killed(GdbSignal.KILL));
            return "OK";
        }
        return "";
    }

    // ---- queries ---------------------------------------------------------------------------------

    private String query(String p) throws IOException {
        if (p.startsWith("qSupported")) {
            if (p.startsWith("qSupported:")) {
                for (String f : p.substring(11).split(";")) {
                    if (f.equals("swbreak+")) gdbSwBreak = true;
                    if (f.equals("hwbreak+")) gdbHwBreak = true;
                }
            }
            return "PacketSize=" + Integer.toHexString(PACKET_SIZE)
                    + ";QStartNoAckMode+;vContSupported+;swbreak+;hwbreak+"
                    + ";qXfer:features:read+;qXfer:threads:read+;qXfer:siginfo:read+";
        }
        if (p.equals("qC")) {
            if (lastStop == null || lastStop.isTerminal()) return "E01";
            return "QC" + Rsp.threadIdHex(currentThread());
        }
        if (p.equals("qfThreadInfo")) {
            threadInfoRest.clear();
            if (lastStop != null && !lastStop.isTerminal()) {
                for (ThreadInfo t : target.threads()) threadInfoRest.add(t.id());
            }
            return threadListChunk();
        }
        if (p.equals("qsThreadInfo")) return threadListChunk();
        if (p.startsWith("qThreadExtraInfo,")) {
            int id = Rsp.parseThreadId(p.substring(17));
            if (lastStop == null || lastStop.isTerminal()) return "E01";
            for (ThreadInfo t : target.threads()) {
                if (t.id() == id) return Rsp.textToHex(t.extraInfo());
            }
            return "E02";
        }
        if (p.equals("qAttached") || p.startsWith("qAttached:")) return "1";
        if (p.startsWith("qXfer:")) return xfer(p.substring(6));
        if (p.startsWith("qRcmd,")) return monitor(p.substring(6));
        if (p.startsWith("qSymbol:")) return "OK";
        return "";
    }

    private String xfer(String rest) {
        // object:read:annex:offset,length
        int c1 = rest.indexOf(':');
        if (c1 < 0) return "E00";
        String object = rest.substring(0, c1);
        int c2 = rest.indexOf(':', c1 + 1);
        if (c2 < 0) return "E00";
        String op = rest.substring(c1 + 1, c2);
        int c3 = rest.lastIndexOf(':');
        if (c3 <= c2) return "E00";
        String annex = rest.substring(c2 + 1, c3);
        String range = rest.substring(c3 + 1);
        if (!op.equals("read")) return "";
        int comma = range.indexOf(',');
        if (comma < 0) return "E00";
        int offset = Rsp.parseLength(range.substring(0, comma));
        int length = Rsp.parseLength(range.substring(comma + 1));
        byte[] data;
        switch (object) {
            case "features" -> {
                if (!annex.equals("target.xml")) return "E00";
                data = TargetDescription.TARGET_XML.getBytes(StandardCharsets.UTF_8);
            }
            case "threads" -> {
                if (!annex.isEmpty()) return "E00";
                if (offset == 0 || threadsXml.length == 0) threadsXml = buildThreadsXml();
                data = threadsXml;
            }
            case "siginfo" -> {
                if (!annex.isEmpty()) return "E00";
                if (lastStop == null || lastStop.thread() != generalThread) return "E01";
                data = Siginfo.of(lastStop);
                if (data == null) return "E01";
            }
            default -> {
                return "";
            }
        }
        return xferChunk(data, offset, length);
    }

    /** {@code m}/{@code l} + escaped bytes from offset, at most length bytes, within a packet. */
    static String xferChunk(byte[] data, int offset, int length) {
        if (offset >= data.length) return "l";
        StringBuilder sb = new StringBuilder((int) Math.min(PACKET_SIZE, 2L * length + 1));
        sb.append('m');
        int end = (int) Math.min(data.length, (long) offset + length);
        int i = offset;
        while (i < end && sb.length() + 2 <= PACKET_SIZE) Rsp.appendEscaped(sb, data[i++]);
        if (i >= data.length) sb.setCharAt(0, 'l');
        return sb.toString();
    }

    private String monitor(String hex) throws IOException {
        if (lastStop == null) return "E01";
        String command = new String(Rsp.fromHex(hex), StandardCharsets.UTF_8);
        String output;
        try {
            output = target.monitor(command);
        } catch (RuntimeException e) {
            output = "error: " + e.getMessage() + "\n";
        }
        if (output != null) sendOutput(output);
        return "OK";
    }

    /** Console text for the user, in as many {@code O} packets as it takes. */
    private void sendOutput(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int chunk = (PACKET_SIZE - 1) / 2;
        for (int off = 0; off < bytes.length; off += chunk) {
            send("O" + Rsp.toHex(bytes, off, Math.min(chunk, bytes.length - off)));
        }
    }
}
