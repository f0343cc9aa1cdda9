package czemu.emulator.gdb;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The GDB remote stub of czemu: listens on 127.0.0.1 and serves one debugger connection at a time
 * over a {@link DebugTarget}.
 *
 * <pre>{@code
 * GdbServer server = GdbServer.listen(port, target);   // port 0 picks a free one
 * System.err.println("czemu: waiting for gdb on 127.0.0.1:" + server.port());
 * server.start();                                      // accepts and serves in the background
 * server.awaitFirstSession();                          // optional: block until gdb connected
 * ... the machine runs when the debugger resumes the target ...
 * server.close();
 * }</pre>
 *
 * <p>Nothing runs until a debugger resumes the target: the stub only calls
 * {@link DebugTarget#attach} when gdb connects, and {@link DebugTarget#resume} when it continues
 * or steps, so a machine that waits for its first {@code resume} starts stopped before its first
 * instruction. When a debugger leaves ({@code detach}, or the connection drops) the stub calls
 * {@link DebugTarget#detach}; a later connection attaches again. A connection that arrives while
 * another is being served is closed at once.
 */
public final class GdbServer implements Closeable {

    private final DebugTarget target;
    private final ServerSocket serverSocket;
    private final CountDownLatch firstSession = new CountDownLatch(1);
    private volatile Consumer<String> log = s -> {};
    private volatile boolean trace;
    private volatile boolean closed;
    private volatile GdbSession active;
    private volatile Thread activeThread;
    private Thread acceptThread;

    private GdbServer(DebugTarget target, ServerSocket serverSocket) {
        this.target = target;
        this.serverSocket = serverSocket;
    }

    /**
     * Binds a server for {@code target} to 127.0.0.1:{@code port} (0 = a free port, see
     * {@link #port()}). Nothing is accepted until {@link #start()} or {@link #serveOne()}.
     */
    public static GdbServer listen(int port, DebugTarget target) throws IOException {
        Objects.requireNonNull(target, "target");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port);
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            ss.close();
            throw e;
        }
        return new GdbServer(target, ss);
    }

    /** The port actually listened on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Where diagnostics go (one line each); by default nowhere. */
    public GdbServer log(Consumer<String> log) {
        this.log = Objects.requireNonNull(log);
        return this;
    }

    /** Also log every packet received and sent (to the log). */
    public GdbServer trace(boolean trace) {
        this.trace = trace;
        return this;
    }

    /**
     * Accepts connections in a background (daemon) thread, serving each in its own thread,
     * one at a time, until {@link #close()}.
     */
    public synchronized void start() {
        if (acceptThread != null) throw new IllegalStateException("already started");
        acceptThread = new Thread(this::acceptLoop, "gdb-accept");
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    /**
     * Accepts one connection and serves it on the calling thread until the debugger leaves.
     * Returns false if the server was closed before a debugger connected.
     */
    public boolean serveOne() throws IOException {
        Socket s;
        try {
            s = serverSocket.accept();
        } catch (SocketException e) {
            if (closed) return false;
            throw e;
        }
        GdbSession session = open(s);
        if (session == null) return false;
        serve(session);
        return true;
    }

    /** Blocks until the first debugger has connected. */
    public void awaitFirstSession() throws InterruptedException {
        firstSession.await();
    }

    /** Like {@link #awaitFirstSession()} with a time limit; false on timeout. */
    public boolean awaitFirstSession(long timeout, TimeUnit unit) throws InterruptedException {
        return firstSession.await(timeout, unit);
    }

    /** Whether a debugger is connected now. */
    public boolean hasSession() {
        return active != null;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) log.accept("gdb: accept failed: " + e.getMessage());
                return;
            }
            GdbSession previous = active;
            Thread previousThread = activeThread;
            if (previous != null && !previous.isEnding()) {
                log.accept("gdb: refused a second connection from " + s.getRemoteSocketAddress());
                closeQuietly(s);
                continue;
            }
            if (previousThread != null) {
                try {
                    previousThread.join(5000); // a session that is ending: let it detach first
                } catch (InterruptedException e) {
                    closeQuietly(s);
                    return;
                }
            }
            GdbSession session = open(s);
            if (session == null) continue;
            Thread t = new Thread(() -> serve(session), "gdb-session");
            t.setDaemon(true);
            activeThread = t;
            t.start();
        }
    }

    /** Makes the session of a new connection the active one; null if closed or failing. */
    private GdbSession open(Socket s) {
        GdbSession session;
        try {
            s.setTcpNoDelay(true);
            session = new GdbSession(s, target, log, trace);
        } catch (IOException e) {
            closeQuietly(s);
            return null;
        }
        synchronized (this) {
            if (closed) {
                closeQuietly(s);
                return null;
            }
            active = session;
        }
        log.accept("gdb: debugger connected from " + s.getRemoteSocketAddress());
        firstSession.countDown();
        return session;
    }

    private void serve(GdbSession session) {
        try {
            session.run();
        } finally {
            synchronized (this) {
                if (active == session) active = null;
            }
            log.accept("gdb: debugger disconnected");
        }
    }

    /** Stops listening and ends the current session (which detaches the target). */
    @Override
    public void close() {
        GdbSession session;
        synchronized (this) {
            closed = true;
            session = active;
        }
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (session != null) session.close();
        Thread t = activeThread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
