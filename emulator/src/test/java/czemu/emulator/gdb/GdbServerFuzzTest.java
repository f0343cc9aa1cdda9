package czemu.emulator.gdb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of random, mutated, truncated and hostile packets and raw bytes against the stub with
 * the fake target. Nothing may escape the stub's loop (no internal error in its log, the fake
 * target never queried while running), and after every round the stub still answers a
 * well-formed {@code ?} and {@code qC}. Seeded: the seed is in the failure message; rerun with
 * {@code -Dczemu.gdb.fuzzSeed=SEED}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GdbServerFuzzTest {
    static final int ROUNDS = 12;
    static final int PACKETS_PER_ROUND = 400;
    int pings;

    @Test
    void randomPacketsNeverBreakTheStub() throws Exception {
        long seed = Long.getLong("czemu.gdb.fuzzSeed", System.nanoTime());
        try {
            fuzz(seed);
        } catch (Throwable t) {
            throw new AssertionError("fuzz failed with seed " + seed
                    + " (rerun with -Dczemu.gdb.fuzzSeed=" + seed + "): " + t, t);
        }
    }

    void fuzz(long seed) throws Exception {
        Random rnd = new Random(seed);
        FakeTarget target = new FakeTarget();
        target.reviveOnAttach = true;
        List<String> log = new CopyOnWriteArrayList<>();
        java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();
        java.util.function.Consumer<String> sink = line -> {
            if (!line.startsWith("gdb <-") && !line.startsWith("gdb ->")) log.add(line);
            synchronized (recent) {
                recent.add(line);
                if (recent.size() > 400) recent.poll();
            }
        };
        try (GdbServer server = GdbServer.listen(0, target).log(sink).trace(true)) {
            server.start();
            RspFuzz.Conn conn = new RspFuzz.Conn(server.port());
            int sent = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < PACKETS_PER_ROUND; i++) {
                    if (conn.eof) {
                        conn.close();
                        conn = new RspFuzz.Conn(server.port());
                    }
                    try {
                        conn.write(RspFuzz.randomInput(rnd, packet -> true));
                        sent++;
                    } catch (IOException e) {
                        conn.close();
                        conn = new RspFuzz.Conn(server.port());
                    }
                    if (rnd.nextInt(100) == 0) conn.awaitQuiet();
                }
                try {
                    conn = checkAlive(conn, server, target);
                } catch (AssertionError e) {
                    synchronized (recent) {
                        throw new AssertionError(e.getMessage() + "; running=" + target.isRunning()
                                + "; last log lines:\n" + String.join("\n", recent), e);
                    }
                }
                for (String line : log) {
                    assertFalse(line.contains("session failed") || line.contains("target error")
                            || line.contains("reader failed") || line.contains("interrupt failed"),
                            line);
                }
            }
            assertTrue(sent > ROUNDS * PACKETS_PER_ROUND / 2);
            conn.close();
        }
    }

    /**
     * Brings the stub to a known state and checks that it answers ?, a monitor ping and qC. The
     * stub may still hold unprocessed fuzz input (a continue that runs the target until Ctrl-C,
     * with packets answered E01 meanwhile), so this interrupts and retries until the ping is
     * answered; every read is bounded.
     */
    RspFuzz.Conn checkAlive(RspFuzz.Conn conn, GdbServer server, FakeTarget target) throws Exception {
        for (int attempt = 0; attempt < 30; attempt++) {
            if (conn.eof) {
                conn.close();
                conn = new RspFuzz.Conn(server.port());
            }
            try {
                // End whatever frame or checksum the fuzz left open: a frame cut in its payload needs three
                // characters ('#' and two checksum characters), else the '$' of the ? below is taken for one.
                conn.write("###".getBytes(StandardCharsets.ISO_8859_1));
                if (target.busy()) conn.write(new byte[] {3});
                // Let the stub work off what the fuzz queued: beyond 64 waiting packets it drops new ones,
                // the ping's among them (a loaded machine makes that likely).
                conn.awaitQuiet();
                String nonce = "ping-" + (++pings);
                conn.write(Rsp.frame("?"));
                conn.write(Rsp.frame("qRcmd," + Rsp.textToHex(nonce)));
                conn.write(Rsp.frame("qC"));
                String expectO = "O" + Rsp.textToHex("monitor says: " + nonce + "\n");
                String previous = null;
                String frame;
                int seen = 0;
                while ((frame = conn.frames.poll(attempt < 5 ? 1 : 5, TimeUnit.SECONDS)) != null && !frame.equals(expectO)) {
                    previous = frame;
                    assertTrue(++seen < 100_000, "endless replies");
                }
                if (frame == null) continue; // answered E01 while running, or the connection ended
                assertNotNull(previous, "no answer to ?");
                // A resume the fuzz queued just before the ping may still run the target when ? arrives:
                // the stub then answers E01 by design, and the ping is tried again.
                if (previous.equals("E01")) continue; // stale answers are skipped: each ping has its own nonce
                assertTrue(previous.matches("T[0-9a-f]{2}.*|W[0-9a-f]{2}|X[0-9a-f]{2}"), "? answered " + previous);
                assertTrue("OK".equals(conn.frames.poll(10, TimeUnit.SECONDS)), "monitor did not end with OK");
                String qc = conn.frames.poll(10, TimeUnit.SECONDS);
                assertNotNull(qc, "no answer to qC");
                assertTrue(qc.matches("QC[0-9a-f]+|E01"), "qC answered " + qc);
                return conn;
            } catch (IOException e) {
                conn.close();
                conn = new RspFuzz.Conn(server.port());
            }
        }
        throw new AssertionError("the stub never answered the monitor ping");
    }

}
