package czemu.emulator.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A minimal raw remote-protocol client for the tests; every read has a timeout. */
public final class RspClient implements Closeable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    boolean ackMode = true;

    public RspClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    static String frame(String payload) {
        return new String(Rsp.frame(payload), StandardCharsets.ISO_8859_1);
    }

    void sendRaw(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void sendRaw(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** Sends a packet; in ack mode expects the stub's '+'. */
    public void send(String payload) throws IOException {
        sendRaw(frame(payload));
        if (ackMode) {
            int c = in.read();
            assertEquals('+', c, "ack for " + payload);
        }
    }

    /** Reads one packet (skipping anything before '$'); acks it in ack mode. */
    String receive() throws IOException {
        int c;
        do {
            c = in.read();
            if (c < 0) throw new IOException("connection closed");
        } while (c != '$');
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int sum = 0;
        while ((c = in.read()) != '#') {
            if (c < 0) throw new IOException("connection closed in a packet");
            payload.write(c);
            sum += c;
        }
        int hi = Rsp.hexValue(in.read()), lo = Rsp.hexValue(in.read());
        assertEquals(sum & 0xFF, hi << 4 | lo, "checksum of " + payload);
        if (ackMode) sendRaw("+");
        return payload.toString(StandardCharsets.ISO_8859_1);
    }

    public String request(String payload) throws IOException {
        send(payload);
        return receive();
    }

    public void noAck() throws IOException {
        assertEquals("OK", request("QStartNoAckMode"));
        ackMode = false;
    }

    /** True if nothing arrives within {@code millis} (used only to check that no reply came). */
    boolean quietFor(int millis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            int c = in.read();
            if (c < 0) return true;
            fail("unexpected byte from the stub: " + (char) c);
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    /** Waits for the stub to close the connection. */
    void awaitClosed() throws IOException {
        while (true) {
            int c = in.read();
            if (c < 0) return;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
