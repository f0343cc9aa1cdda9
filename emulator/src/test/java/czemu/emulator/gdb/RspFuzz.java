package czemu.emulator.gdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The fuzz tests' hostile client: random, mutated, truncated and oversize packets, raw bytes,
 * Ctrl-C and acknowledgements, and a connection that writes without waiting for replies.
 */
final class RspFuzz {
    private RspFuzz() {}

    /** A client that writes without waiting and drains every reply on its own thread. */
    static final class Conn implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>(10_000);
        volatile boolean eof;
        volatile long lastByteNanos = System.nanoTime();

        Conn(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            Thread t = new Thread(this::drain, "fuzz-drain");
            t.setDaemon(true);
            t.start();
        }

        private void drain() {
            try {
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream frame = null;
                int c;
                while ((c = in.read()) >= 0) {
                    lastByteNanos = System.nanoTime();
                    if (c == '$') {
                        frame = new ByteArrayOutputStream();
                    } else if (c == '#' && frame != null) {
                        in.read();
                        in.read();
                        frames.offer(frame.toString(StandardCharsets.ISO_8859_1));
                        frame = null;
                    } else if (frame != null) {
                        frame.write(c);
                    }
                }
            } catch (IOException e) {
                // closed
            } finally {
                eof = true;
            }
        }

        void write(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** Waits (bounded) until the stub has sent nothing for a while. Pacing, not an assertion. */
        void awaitQuiet() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && !eof
                    && System.nanoTime() - lastByteNanos < TimeUnit.MILLISECONDS.toNanos(60)) {
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // ---- generators ---------------------------------------------------------------------------

    static final String[] TEMPLATES = {
        "?", "g", "G%H", "p%N", "P%N=%H", "m%A,%L", "M%A,%L:%H", "X%A,%L:%B", "c", "s", "c%A",
        "C%S", "S%S;%A", "vCont;%V", "vCont;%V;%V", "vCont?", "Z%Z,%A,%L", "z%Z,%A,%L",
        "Z0,%A,%L;X2,%H", "Hg%T", "Hc%T", "T%T", "qC", "qfThreadInfo", "qsThreadInfo",
        "qThreadExtraInfo,%T", "qXfer:features:read:target.xml:%N,%N", "qXfer:threads:read::%N,%N",
        "qXfer:siginfo:read::%N,%N", "qXfer:%W:%W:%W:%N,%N", "qRcmd,%H", "qSupported:%W+;%W-",
        "QStartNoAckMode", "vMustReplyEmpty", "qAttached", "qAttached:%N", "qOffsets",
        "qSymbol::", "qTStatus", "!", "vKill;%N", "D", "D;%N", "k", "vFile:open:%H", "%W",
    };

    static final String[] NUMBERS = {
        "0", "1", "-1", "8000", "8ffe", "9000", "17ffc", "ffff", "7fffffff", "80000000", "ffffffff",
        "100000000", "fffffffffffffffff", "0000000000000000001", "", "x", "1g", "-", ",", "p1.2", "p1",
        "p-1.-1", "2", "3", "4", "19", "1a", "3a", "3b",
    };

    /**
     * One random input; one in which a packet that {@code allowed} refuses may start is drawn again
     * (a test against a real program leaves out the packets that end or rewrite it). Every '$'
     * starts a packet for the stub, also one inside another, so each is checked.
     */
    static byte[] randomInput(Random rnd, Predicate<String> allowed) {
        while (true) {
            byte[] input = randomInput(rnd);
            String text = new String(input, StandardCharsets.ISO_8859_1);
            boolean ok = true;
            for (int dollar = text.indexOf('$'); ok && dollar >= 0; dollar = text.indexOf('$', dollar + 1)) {
                int end = text.indexOf('$', dollar + 1);
                ok = allowed.test(text.substring(dollar + 1, end < 0 ? text.length() : end));
            }
            if (ok) return input;
        }
    }

    private static byte[] randomInput(Random rnd) {
        int kind = rnd.nextInt(100);
        String p;
        if (kind < 55) {
            p = frameString(fill(TEMPLATES[rnd.nextInt(TEMPLATES.length)], rnd));
        } else if (kind < 70) {
            p = frameString(mutate(fill(TEMPLATES[rnd.nextInt(TEMPLATES.length)], rnd), rnd));
        } else if (kind < 78) {
            String f = frameString(fill(TEMPLATES[rnd.nextInt(TEMPLATES.length)], rnd));
            p = f.substring(0, rnd.nextInt(f.length())); // truncated
        } else if (kind < 84) {
            String f = frameString(fill(TEMPLATES[rnd.nextInt(TEMPLATES.length)], rnd));
            p = f.substring(0, f.length() - 2) + "zz"; // bad checksum
        } else if (kind < 92) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            return b;
        } else if (kind < 95) {
            p = "\u0003";
        } else if (kind < 97) {
            p = rnd.nextBoolean() ? "-" : "+";
        } else if (kind < 99) {
            p = "$" + "a".repeat(GdbSession.PACKET_SIZE + rnd.nextInt(20_000)) + "#00"; // oversize
        } else {
            p = frameString("m8000,4" + "*".repeat(1 + rnd.nextInt(3)) + (char) (29 + rnd.nextInt(100)));
        }
        return p.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String frameString(String payload) {
        return new String(Rsp.frame(payload), StandardCharsets.ISO_8859_1);
    }

    static String fill(String template, Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 >= template.length()) {
                sb.append(c);
                continue;
            }
            char k = template.charAt(++i);
            switch (k) {
                case 'N', 'A', 'L', 'T' -> sb.append(number(rnd));
                case 'H' -> {
                    int n = rnd.nextInt(8) == 0 ? rnd.nextInt(700) : rnd.nextInt(20);
                    for (int j = 0; j < n; j++) sb.append(Rsp.HEX[rnd.nextInt(16)]);
                    if (rnd.nextInt(10) == 0) sb.append('q');
                }
                case 'B' -> {
                    int n = rnd.nextInt(40);
                    for (int j = 0; j < n; j++) Rsp.appendEscaped(sb, rnd.nextInt(256));
                    if (rnd.nextInt(10) == 0) sb.append('}');
                }
                case 'S' -> sb.append(rnd.nextBoolean() ? "0b" : number(rnd));
                case 'Z' -> sb.append(rnd.nextInt(7));
                case 'V' -> {
                    String[] acts = {"c", "s", "C0b", "S05", "t", "r8000,8004", "C", "x", ""};
                    sb.append(acts[rnd.nextInt(acts.length)]);
                    if (rnd.nextBoolean()) sb.append(':').append(number(rnd));
                }
                case 'W' -> {
                    String[] words = {"features", "threads", "siginfo", "read", "write", "target.xml",
                        "", "libraries", "exec-file", "swbreak", "multiprocess"};
                    sb.append(words[rnd.nextInt(words.length)]);
                }
                default -> sb.append(k);
            }
        }
        return sb.toString();
    }

    static String number(Random rnd) {
        if (rnd.nextInt(4) == 0) return Long.toHexString(rnd.nextLong() >>> rnd.nextInt(64));
        return NUMBERS[rnd.nextInt(NUMBERS.length)];
    }

    static String mutate(String s, Random rnd) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + rnd.nextInt(4);
        String specials = "#$}*\u0003:;,=-+0f";
        for (int e = 0; e < edits; e++) {
            int pos = sb.length() == 0 ? 0 : rnd.nextInt(sb.length() + 1);
            int op = rnd.nextInt(3);
            char c = rnd.nextBoolean() ? specials.charAt(rnd.nextInt(specials.length()))
                    : (char) rnd.nextInt(256);
            if (op == 0 || sb.length() == 0) sb.insert(pos, c);
            else if (op == 1 && pos < sb.length()) sb.deleteCharAt(pos);
            else if (pos < sb.length()) sb.setCharAt(pos, c);
        }
        return sb.toString();
    }
}
