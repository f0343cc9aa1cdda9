package czemu.emulator.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import czemu.emulator.debug.DebuggedSample;
import czemu.emulator.machine.RunResult;
import czemu.loader.ElfLoader;
import czemu.loader.TaskRegion;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random, mutated, truncated and hostile input against the stub attached to a real machine running
 * {@code debugme spin}: breakpoints and watchpoints at random addresses and lengths, reads of any
 * memory, steps and continues, Ctrl-C, detaches, bad checksums, oversize packets. After every
 * round a fresh connection must find the stub answering; at the end a clean session reads the
 * program's memory, ends its loop by writing {@code spinning = 0}, and sees it exit with status 0:
 * the stub, the machine and the program all came through. Packets that legitimately end or rewrite
 * the program (k, vKill, G, P, M, X) are left out. Seeded: rerun with {@code -Dczemu.gdb.fuzzSeed=SEED}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MachineFuzzTest {
    static final int ROUNDS = 8;
    static final int PACKETS_PER_ROUND = 400;

    @Test
    void randomPacketsLeaveTheStubTheMachineAndTheProgramIntact() throws Exception {
        long seed = Long.getLong("czemu.gdb.fuzzSeed", System.nanoTime());
        try {
            fuzz(seed);
        } catch (Throwable t) {
            throw new AssertionError("fuzz failed with seed " + seed + " (rerun with -Dczemu.gdb.fuzzSeed=" + seed + "): " + t, t);
        }
    }

    /**
     * The packets that end the program or change its registers or memory, which a fuzz of the stub
     * leaves out: k, vKill, G, P, M, X, and c/s/C/S with an address (they set the PC).
     */
    static boolean harmless(String payload) {
        String body = payload.indexOf('#') >= 0 ? payload.substring(0, payload.indexOf('#')) : payload;
        if (body.startsWith("k") || body.startsWith("vKill")) return false;
        if (!body.isEmpty() && "GPMX".indexOf(body.charAt(0)) >= 0) return false;
        if (body.startsWith("c") || body.startsWith("s")) return body.length() == 1;
        if (body.startsWith("C") || body.startsWith("S")) return body.indexOf(';') < 0;
        return true;
    }

    void fuzz(long seed) throws Exception {
        Random rnd = new Random(seed);
        int spinning = ElfLoader.load("debugme", Files.readAllBytes(DebuggedSample.elf("debugme")), TaskRegion.CODEZERO_POSIX)
                .symbols().lookup("spinning").orElseThrow().address();
        try (DebuggedSample sample = DebuggedSample.start("debugme", "spin")) {
            for (int round = 0; round < ROUNDS; round++) {
                RspFuzz.Conn conn = new RspFuzz.Conn(sample.port());
                for (int i = 0; i < PACKETS_PER_ROUND; i++) {
                    if (conn.eof) { // D, or a refused connection while the last one was ending
                        conn.close();
                        conn = new RspFuzz.Conn(sample.port());
                    }
                    try {
                        conn.write(RspFuzz.randomInput(rnd, MachineFuzzTest::harmless));
                    } catch (IOException e) {
                        conn.close();
                        conn = new RspFuzz.Conn(sample.port());
                    }
                    if (rnd.nextInt(100) == 0) conn.awaitQuiet();
                }
                conn.close(); // the stub detaches: breakpoints and watchpoints go, the machine runs on
                try (RspClient check = connect(sample)) {
                    String stop = check.request("?");
                    assertTrue(stop.matches("T[0-9a-f]{2}thread:2;.*"), "after round " + round + " ? answered " + stop + "\n" + sample.diagnostics());
                    assertEquals("QC2", check.request("qC"), sample.diagnostics());
                    check.send("D");
                }
                assertFalse(sample.reports().stream().anyMatch(r -> r.contains("halted") || r.contains("killed")),
                        sample.reports().toString());
            }
            try (RspClient clean = connect(sample)) {
                clean.noAck();
                assertTrue(clean.request("?").startsWith("T"));
                assertEquals("01000000", clean.request("m" + Integer.toHexString(spinning) + ",4"), "spinning is still 1\n" + sample.diagnostics());
                assertEquals("OK", clean.request("M" + Integer.toHexString(spinning) + ",4:00000000"));
                assertEquals("W00", clean.request("vCont;c"), "the loop ends and debugme exits with 0");
            }
            RunResult result = sample.awaitEnd();
            assertEquals(0, result.exitStatus(), sample.diagnostics());
            for (String line : sample.stubLog()) {
                // a target error is an exception the stub caught: none may happen for any input
                assertFalse(line.contains("session failed") || line.contains("reader failed") || line.contains("interrupt failed")
                        || line.contains("target error"), line);
            }
        }
    }

    /** A new connection; the stub refuses one while the last is still ending, so this tries again. */
    static RspClient connect(DebuggedSample sample) throws Exception {
        List<Exception> failures = new CopyOnWriteArrayList<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            RspClient client = new RspClient(sample.port());
            try {
                client.request("qSupported");
                return client;
            } catch (IOException | AssertionError e) {
                failures.add(new IOException(e.toString()));
                client.close();
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the stub refused every connection: " + failures);
    }
}
