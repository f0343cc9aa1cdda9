package czemu.emulator.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import czemu.emulator.cli.Main;
import czemu.emulator.gdb.RspClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code czemu run --gdb=0} as a user starts it: it says on which port of 127.0.0.1 it waits, runs
 * nothing until a debugger resumes it, and exits with the program's status (or 137 when the
 * debugger kills it). Driven with raw protocol packets, so it needs no gdb.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunWithGdbTest {
    private static final Pattern WAITING = Pattern.compile("czemu: waiting for gdb on 127\\.0\\.0\\.1:(\\d+) ");

    /** czemu running in the background, its output readable while it runs. */
    private record Background(CompletableFuture<Integer> status, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        int port() throws InterruptedException {
            for (int i = 0; i < 1000; i++) {
                Matcher waiting = WAITING.matcher(err.toString(StandardCharsets.UTF_8));
                if (waiting.find()) return Integer.parseInt(waiting.group(1));
                Thread.sleep(10);
            }
            throw new AssertionError("czemu never said where it waits: " + err);
        }
    }

    private static Background czemu(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8), errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new Background(CompletableFuture.supplyAsync(() -> Main.execute(args, outStream, errStream)), out, err);
    }

    @Test
    void itWaitsForTheDebuggerBeforeTheFirstInstructionAndExitsWithTheProgramsStatus() throws Exception {
        Background run = czemu("run", "--gdb=0", DebuggedSample.elf("debugme").toString());
        int port = run.port();
        Thread.sleep(200);
        assertEquals("", run.out().toString(StandardCharsets.UTF_8), "nothing ran before a debugger resumed it");
        try (RspClient gdb = new RspClient(port)) {
            gdb.noAck();
            assertEquals("T05thread:2;", gdb.request("?"), "stopped before the first instruction, in thread 2");
            assertEquals("00000040", gdb.request("p0f"), "at _start, 0x40000000");
            assertEquals("W00", gdb.request("vCont;c"));
        }
        assertEquals(0, run.status().get(30, TimeUnit.SECONDS));
        assertEquals("debugme: counter = 1\ndebugme: counter = 2\ndebugme: counter = 3\ndebugme: done\n",
                run.out().toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDebuggerThatKillsTheProgramEndsTheRunWith137() throws Exception {
        Background run = czemu("run", "--gdb=0", DebuggedSample.elf("debugme").toString(), "--", "spin");
        try (RspClient gdb = new RspClient(run.port())) {
            gdb.noAck();
            gdb.send("k");
        }
        assertEquals(137, run.status().get(30, TimeUnit.SECONDS));
        assertTrue(run.err().toString(StandardCharsets.UTF_8).contains("czemu: killed by the debugger"), run.err().toString());
    }
}
