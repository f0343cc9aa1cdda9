package czemu.emulator.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real client: gdb-multiarch in batch mode against the fake target, proving that it accepts
 * the target description, the register layout, memory, threads, breakpoints, stepping, monitor
 * commands and {@code $_siginfo}. Skipped when gdb-multiarch is not installed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GdbMultiarchTest {
    FakeTarget target;
    GdbServer server;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        GdbBatch.assumeInstalled();
        target = new FakeTarget();
        server = GdbServer.listen(0, target).log(log::add).trace(Boolean.getBoolean("czemu.gdb.trace"));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** Runs gdb-multiarch with these commands after connecting; returns stdout + stderr. */
    String gdb(String... commands) throws Exception {
        return gdbWhile(null, commands);
    }

    /** Like {@link #gdb}, calling {@code during} with the gdb process once it is started. */
    String gdbWhile(GdbBatch.ProcessAction during, String... commands) throws Exception {
        return new GdbBatch(server.port()).diagnostics(() -> "log: " + log).runWhile(during, commands);
    }

    static void contains(String out, String regex) {
        GdbBatch.contains(out, regex);
    }

    @Test
    void registersMemoryAndThreads() throws Exception {
        target.registers.get(1).d[2] = Double.doubleToRawLongBits(3.25);
        String out = gdb(
                "info registers",
                "p/x $cpsr",
                "p $d2",
                "p $fpscr",
                "p $s5",
                "x/4xw 0x8000",
                "info threads",
                "thread 2",
                "p/x $r3",
                "set var $r5 = 0x1234",
                "p/x $r5",
                "set var $d7 = 2.5",
                "set var *(int*)0x8100 = 0x55aa55aa",
                "x/1xw 0x8100",
                "x/1xw 0x100",
                "monitor caps",
                "detach");
        contains(out, "^r0\\s+0x100\\s+256");
        contains(out, "^r12\\s+0x10c\\s");
        contains(out, "^sp\\s+0x17ef0\\s");
        contains(out, "^lr\\s+0x8100\\s");
        contains(out, "^pc\\s+0x8000\\s");
        contains(out, "^cpsr\\s+0x60000010\\s");
        contains(out, "= 0x60000010");
        contains(out, "= 3.25");
        contains(out, "= 50331648"); // fpscr 0x03000000
        contains(out, "= 2.15625");   // s5: the high half of d2, synthesized by gdb
        String m = bytesWords(target, 0x8000, 4);
        contains(out, "^0x8000:\\s+" + m);
        contains(out, "Thread 1 \"main\" \\(container 0, task 1, thread 0: running\\)");
        contains(out, "Thread 2 \"worker\" \\(container 0, task 1, thread 1: blocked in IPC receiving from 1\\)");
        contains(out, "= 0x203");
        contains(out, "= 0x1234");
        contains(out, "^0x8100:\\s+0x55aa55aa");
        contains(out, "Cannot access memory at address 0x100");
        contains(out, "monitor says: caps");
        assertEquals(0x1234, target.registers.get(2).r[5]);
        assertEquals(Double.doubleToRawLongBits(2.5), target.registers.get(2).d[7]);
        assertTrue(target.detached.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("caps"), target.monitorCommands);
    }

    @Test
    void breakpointStepAndWatchpoint() throws Exception {
        String out = gdb(
                "break *0x8040",
                "continue",
                "p/x $pc",
                "stepi",
                "p/x $pc",
                "delete",
                "watch *(int*)0x9000",
                "monitor watch-next",
                "continue",
                "delete",
                "detach");
        contains(out, "Breakpoint 1 at 0x8040");
        contains(out, "Breakpoint 1, 0x00008040 in \\?\\? \\(\\)");
        contains(out, "= 0x8040");
        contains(out, "= 0x8044");
        contains(out, "Hardware watchpoint 2: \\*\\(int\\*\\)0x9000");
        contains(out, "Old value = ");
        contains(out, "New value = ");
        assertTrue(target.breakpointLog().contains(
                "insert 1 Breakpoint[type=SOFTWARE, address=32832, kind=4]"), target.breakpointLog().toString());
        assertTrue(target.breakpointLog().contains(
                "insert 1 Breakpoint[type=WRITE_WATCH, address=36864, kind=4]"), target.breakpointLog().toString());
    }

    @Test
    void faultAndSiginfo() throws Exception {
        String out = gdb(
                "monitor fault-next",
                "continue",
                "p $_siginfo.si_signo",
                "p $_siginfo.si_code",
                "p/x $_siginfo._sifields._sigfault.si_addr",
                "kill");
        contains(out, "received signal SIGSEGV, Segmentation fault");
        contains(out, "= 11");
        contains(out, "= 1\\b");
        contains(out, "= 0xdeadbeef");
        contains(out, "\\[Inferior 1 \\(Remote target\\) killed\\]");
        assertTrue(target.killed.await(10, TimeUnit.SECONDS));
        assertEquals(0, target.detaches);
    }

    @Test
    void ctrlCInterruptsARunningTarget() throws Exception {
        String out = gdbWhile(p -> {
            // Once the target runs (gdb is waiting in "continue"), press Ctrl-C: SIGINT to gdb,
            // which sends 0x03 to the stub.
            for (int i = 0; i < 600 && !target.isRunning() && p.isAlive(); i++) Thread.sleep(50);
            assertTrue(target.isRunning(), "gdb never continued the target");
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
        }, "continue", "p/x $pc", "info threads", "detach");
        contains(out, "received signal SIGINT");
        contains(out, "= 0x8000");
        assertEquals(1, target.interrupts);
        assertTrue(target.detached.await(10, TimeUnit.SECONDS));
    }

    static String bytesWords(FakeTarget t, long addr, int words) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < words; w++) {
            int off = (int) (addr - FakeTarget.MEM_BASE) + 4 * w;
            long v = 0;
            for (int i = 0; i < 4; i++) v |= (t.memory[off + i] & 0xFFL) << (8 * i);
            if (w > 0) sb.append("\\s+");
            sb.append(String.format("0x%08x", v));
        }
        return sb.toString();
    }
}
