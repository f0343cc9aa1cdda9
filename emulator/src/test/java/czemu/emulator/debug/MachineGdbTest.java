package czemu.emulator.debug;

import static czemu.emulator.gdb.GdbBatch.contains;
import static czemu.emulator.gdb.GdbBatch.lacks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import czemu.emulator.machine.RunResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real gdb-multiarch against czemu running the samples, one user scenario per test, each
 * checking what the user sees in gdb's output (and what the program printed). The program is
 * {@code debugme} (built -g -O0) unless said otherwise. Skipped when gdb-multiarch is absent.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MachineGdbTest {

    @Test
    void breakAtAFunctionShowsWhereAndTheBacktrace() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme")) {
            String out = sample.gdb().run("break bump", "continue", "bt", "continue", "p by", "hbreak debugme.c:57",
                    "delete 1", "continue", "info breakpoints", "kill");
            contains(out, "^Breakpoint 1 at 0x[0-9a-f]+: file src/debugme.c, line 21\\.");
            contains(out, "^Breakpoint 1, bump \\(by=1\\) at src/debugme.c:21\\n21\\s+int before = counter;");
            contains(out, "^#0  bump \\(by=1\\) at src/debugme.c:21\\n#1  0x[0-9a-f]+ in main \\(argc=1, argv=0x[0-9a-f]+\\) at src/debugme.c:57");
            contains(out, "^Hardware assisted breakpoint 2 at 0x[0-9a-f]+: file src/debugme.c, line 57\\.");
            contains(out, "^Breakpoint 2, main \\(argc=1, argv=0x[0-9a-f]+\\) at src/debugme.c:57");
            contains(out, "^2\\s+hw breakpoint\\s+keep y\\s+0x[0-9a-f]+ in main at src/debugme.c:57\\n\\s+breakpoint already hit 1 time");
            assertEquals("debugme: counter = 1\ndebugme: counter = 2\n", sample.console(),
                    "two bumps returned; the third call's line has the hardware breakpoint");
            assertEquals(RunResult.STATUS_KILLED_BY_DEBUGGER, sample.awaitEnd().exitStatus());
        }
    }

    @Test
    void stepAndNextWalkTheSourceLines() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme")) {
            String out = sample.gdb().run("break 57", "continue", "step", "next", "next", "stepi",
                    "finish", "next", "next", "kill");
            contains(out, "^Breakpoint 1, main \\(argc=1, argv=0x[0-9a-f]+\\) at src/debugme.c:57\\n57\\s+printf\\(\"debugme: counter = %d\\\\n\", bump\\(1\\)\\);");
            contains(out, "^bump \\(by=1\\) at src/debugme.c:21\\n21\\s+int before = counter;");
            contains(out, "^22\\s+counter = before \\+ by;");
            contains(out, "^23\\s+return counter;");
            contains(out, "^0x[0-9a-f]+\\s+23\\s+return counter;"); // stepi: the middle of line 23
            contains(out, "^0x[0-9a-f]+ in main \\(argc=1, argv=0x[0-9a-f]+\\) at src/debugme.c:57\\n57\\s+printf"); // finish
            contains(out, "^Value returned is \\$1 = 1");
            contains(out, "^56\\s+while \\(counter < limit\\)"); // next over the printf: back to the loop's test
            assertEquals("debugme: counter = 1\n", sample.console(), "the printf that next stepped over ran");
        }
    }

    @Test
    void registersAndMemoryReadAsTheProgramHasThem() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme")) {
            String out = sample.gdb().run("break *bump", "continue", "info registers", "p $pc == bump", "p/x $cpsr & 0x1f",
                    "x/2dw &limit", "p limit", "p &counter", "up", "p argv[0]", "x/4xb argv[0]", "kill");
            contains(out, "^Breakpoint 1, bump \\(by=0\\) at src/debugme.c:20|^Breakpoint 1, bump \\(by=[0-9-]+\\) at src/debugme.c:20|^Breakpoint 1, 0x[0-9a-f]+ in bump");
            contains(out, "^r0\\s+0x1\\s+1$");
            contains(out, "^sp\\s+0x7fff[0-9a-f]{4}\\s");
            contains(out, "^lr\\s+0x4000[0-9a-f]{4}\\s+1073[0-9]+$");
            contains(out, "^pc\\s+0x4000[0-9a-f]{4}\\s+0x4000[0-9a-f]{4} <bump>$");
            contains(out, "^cpsr\\s+0x[0-9a-f]+\\s");
            contains(out, "^\\$1 = 1$");
            contains(out, "^\\$2 = 0x10$");
            contains(out, "^0x40002[0-9a-f]{3} <limit>:\\s+3\\s+1$"); // limit, then spinning
            contains(out, "^\\$3 = 3$");
            contains(out, "^\\$4 = \\(int \\*\\) 0x40002[0-9a-f]{3} <counter>$");
            contains(out, "^\\$5 = 0x7fff[0-9a-f]{4} \"/debugme\"$"); // main's argv[0], on the stack mm0 set up
            contains(out, "^0x7fff[0-9a-f]{4}:\\s+0x2f\\s+0x64\\s+0x65\\s+0x62$");
        }
    }

    /** undef's Thumb function: a Thumb breakpoint, then steps across the undefined instruction its pager skips. */
    @Test
    void nextOverALinuxProgramsSleepEndsWhenTheCallReturns() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("gnu/hello")) {
            // main sleeps 20 ms in nanosleep: the step waits for the host timer instead of stopping the machine
            String out = sample.gdb().run("break main", "continue", "next", "p $pc", "continue");
            contains(out, "^Breakpoint 1, 0x[0-9a-f]+ in main \\(\\)");
            lacks(out, "SIGSTOP");
            contains(out, "^\\$1 = .*<__libc_start_call_main\\+[0-9]+>");
            contains(out, "exited normally");
            sample.awaitEnd();
            assertTrue(sample.console().contains("nanosleep of 20 ms: 0"), sample.console());
        }
    }

    @Test
    void thumbCodeBreaksAndStepsAcrossAnUndefinedInstruction() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("undef")) {
            String out = sample.gdb().run("break undef_thumb", "continue", "x/i $pc", "p/x $cpsr & 0x20", "stepi", "x/i $pc",
                    "stepi", "p $r0", "continue");
            contains(out, "^Breakpoint 1, 0x40000036 in undef_thumb \\(\\)$");
            contains(out, "^=> 0x40000036 <undef_thumb\\+2>:\\s+udf\\s+#237");
            contains(out, "^\\$1 = 0x20$");
            contains(out, "^=> 0x40000038 <undef_thumb\\+4>:\\s+adds\\s+r0, #1");
            contains(out, "^\\$2 = 41$"); // 40, then one add: the instruction after the udf ran once
            contains(out, "exited normally");
            sample.awaitEnd();
            assertTrue(sample.console().endsWith("UNDEF THUMB TEST    -- PASSED --\n"), sample.console());
        }
    }

    @Test
    void writingARegisterChangesWhatTheProgramDoes() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme")) {
            String out = sample.gdb().run("break *bump", "continue", "set var $r0 = 2", "p $r0", "delete", "continue");
            contains(out, "^\\$1 = 2$");
            contains(out, "\\[Inferior 1 \\(Remote target\\) exited normally\\]");
            RunResult result = sample.awaitEnd();
            assertEquals(0, result.exitStatus());
            assertEquals("debugme: counter = 2\ndebugme: counter = 3\ndebugme: done\n", sample.console(),
                    "bump(1) became bump(2): the count skips 1");
        }
    }

    @Test
    void writingMemoryChangesWhatTheProgramDoes() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme")) {
            String out = sample.gdb().run("break main", "continue", "set var limit = 1", "p limit", "continue");
            contains(out, "^\\$1 = 1$");
            contains(out, "exited normally");
            sample.awaitEnd();
            assertEquals("debugme: counter = 1\ndebugme: done\n", sample.console());
        }
    }

    @Test
    void aWatchpointOnCounterShowsTheOldAndNewValueAtEachWrite() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme")) {
            String out = sample.gdb().run("break main", "continue", "watch counter", "rwatch limit", "continue", "continue",
                    "continue", "delete", "continue");
            contains(out, "^Hardware watchpoint 2: counter$");
            contains(out, "^Hardware read watchpoint 3: limit$");
            // main reads limit before the first bump, then bump writes counter: 0 -> 1, each stop before the next access
            contains(out, "^Hardware read watchpoint 3: limit\\n\\nValue = 3\\n");
            contains(out, "^Hardware watchpoint 2: counter\\n\\nOld value = 0\\nNew value = 1\\nbump \\(by=1\\) at src/debugme.c:23");
            contains(out, "exited normally");
            sample.awaitEnd();
            assertEquals("debugme: counter = 1\ndebugme: counter = 2\ndebugme: counter = 3\ndebugme: done\n", sample.console());
        }
    }

    @Test
    void aWatchpointCoversEveryTaskAndCatchesTheForkedChildsWrite() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme", "fork")) {
            String out = sample.gdb().run("break main", "continue", "awatch counter", "watch limit", "continue", "bt 1",
                    "continue", "kill");
            contains(out, "^Hardware access \\(read/write\\) watchpoint 2: counter$");
            contains(out, "^Hardware watchpoint 3: limit$");
            contains(out, "^\\[Switching to Thread 3\\]\\n\\nThread 2 \"/debugme\" hit Hardware access \\(read/write\\) watchpoint 2: counter\\n\\n"
                    + "Old value = 0\\nNew value = 100\\nchild_work \\(parent=2\\) at src/debugme.c:29");
            contains(out, "^#0  child_work \\(parent=2\\) at src/debugme.c:29");
            // then the parent reads its own counter (its copy, still 0) in the loop test: gdb compares it with the child's 100
            contains(out, "^Thread 1 \"/debugme\" hit Hardware access \\(read/write\\) watchpoint 2: counter\\n\\nOld value = 100\\n"
                    + "New value = 0\\n0x[0-9a-f]+ in main \\(argc=2, argv=0x[0-9a-f]+\\) at src/debugme.c:56");
        }
    }

    /**
     * A read watchpoint narrows its page to no access, so a watch on code makes every instruction
     * of that page a prefetch abort that is stepped over: fetches are not reads, the program runs
     * as before, and a breakpoint on the same page still stops it.
     */
    @Test
    void aReadWatchpointOnCodeLeavesTheProgramAndItsBreakpointsAlone() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme")) {
            String out = sample.gdb().run("rwatch *(int*)bump", "break 57", "continue", "continue", "delete 2", "continue");
            contains(out, "^Hardware read watchpoint 1: \\*\\(int\\*\\)bump$");
            contains(out, "^Breakpoint 2, main \\(argc=1, argv=0x[0-9a-f]+\\) at src/debugme.c:57\\n57.*\\n\\nBreakpoint 2, main");
            lacks(out, "Value = ");
            contains(out, "exited normally");
            sample.awaitEnd();
            assertEquals("debugme: counter = 1\ndebugme: counter = 2\ndebugme: counter = 3\ndebugme: done\n", sample.console());
        }
    }

    @Test
    void threadsAppearWithTheForkAndTheBlockedParentSaysWhomItWaitsOn() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme", "fork")) {
            String out = sample.gdb().run("info threads", "break child_work", "continue", "info threads", "break 54",
                    "continue", "info threads", "kill");
            Matcher before = Pattern.compile("^\\* 1\\s+Thread 2 \"/debugme\" \\(container posix, task /debugme, thread 2, running\\) 0x40000000 in _start \\(\\)$",
                    Pattern.MULTILINE).matcher(out);
            assertTrue(before.find(), out);
            contains(out, "^\\[New Thread 3\\]$");
            contains(out, "^Thread 2 \"/debugme\" hit Breakpoint 1, child_work \\(parent=2\\) at src/debugme.c:28");
            contains(out, "^  1\\s+Thread 2 \"/debugme\" \\(container posix, task /debugme, thread 2, blocked: receive from 3\\) 0x[0-9a-f]+ in l4_ipc \\(\\)$");
            contains(out, "^\\* 2\\s+Thread 3 \"/debugme\" \\(container posix, task /debugme, thread 3, running\\)\\s+child_work \\(parent=2\\)");
            // the child has exited: only the parent is left
            String last = out.substring(out.lastIndexOf("Id   Target Id"));
            contains(last, "^\\* 1\\s+Thread 2 \"/debugme\" \\(container posix, task /debugme, thread 2, running\\) main");
            lacks(last, "Thread 3");
        }
    }

    /** Without qXfer:threads:read gdb asks qThreadExtraInfo for each thread: the same text. */
    @Test
    void qThreadExtraInfoSaysWhomABlockedThreadWaitsOn() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme", "fork")) {
            String out = sample.gdb().beforeConnecting("set remote threads-packet off")
                    .run("break child_work", "continue", "info threads", "kill");
            contains(out, "^  1\\s+Thread 2 \\(container posix, task /debugme, thread 2, blocked: receive from 3\\) 0x[0-9a-f]+ in l4_ipc \\(\\)$");
            contains(out, "^\\* 2\\s+Thread 3 \\(container posix, task /debugme, thread 3, running\\)\\s+child_work");
        }
    }

    @Test
    void threadsOfEveryContainerAreListed() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start(List.of(DebuggedSample.Program.of("debugme"),
                DebuggedSample.Program.inContainer("second", "debugme", "spin")))) {
            String out = sample.gdb().run("info threads", "thread 2", "p/x $pc", "kill");
            contains(out, "^\\* 1\\s+Thread 2 \"/debugme\" \\(container posix, task /debugme, thread 2, running\\)");
            contains(out, "^  2\\s+Thread 16777220 \"/debugme\" \\(container second, task /debugme, thread 1:4, running\\)");
            contains(out, "^\\[Switching to thread 2 \\(Thread 16777220\\)\\]");
            contains(out, "^\\$1 = 0x40000000$");
        }
    }

    @Test
    void faultStopWalksTheFaultsOfBssWithAddressAccessAndPc() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("bss")) {
            String out = sample.gdb().run("monitor fault-stop on", "continue", "continue",
                    "p/x $_siginfo._sifields._sigfault.si_addr", "continue", "continue", "continue", "continue", "continue",
                    "monitor fault-stop off", "continue");
            contains(out, "^fault-stop is on: every page fault stops the machine before its pager sees it$");
            Matcher faults = Pattern.compile("^czemu: page fault in thread 2 \\(/bss\\): (read|write) at (0x[0-9a-f]{8}) from pc "
                    + "(0x[0-9a-f]{8}) <(\\w+)\\+0x[0-9a-f]+>, the page is (not mapped|mapped without that access); its pager has not seen it yet", Pattern.MULTILINE)
                    .matcher(out);
            int count = 0;
            StringBuilder seen = new StringBuilder();
            while (faults.find()) {
                count++;
                seen.append(faults.group(1)).append(' ').append(faults.group(2)).append(' ').append(faults.group(4)).append('\n');
            }
            assertEquals(7, count, "one report before each of the seven stops:\n" + out);
            // the bss pages past the data page fault in order as main's loop first reads them
            assertTrue(seen.toString().contains("read 0x40003000 main\nread 0x40004000 main\nread 0x40005000 main\n"
                    + "read 0x40006000 main\nread 0x40007000 main\nwrite 0x40003000 main\n"), seen.toString());
            contains(out, "^Program received signal SIGSEGV, Segmentation fault\\.\\n0x[0-9a-f]+ in main \\(\\)");
            contains(out, "^\\$1 = 0x40003000$");
            contains(out, "exited normally");
            sample.awaitEnd();
            assertTrue(sample.console().contains("BSS TEST            -- PASSED --"), sample.console());
        }
    }

    @Test
    void aFaultThePagerCannotResolveStopsWithSigsegvAndItsAddress() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme", "crash")) {
            String out = sample.gdb().run("continue", "p $_siginfo.si_signo", "p $_siginfo._sifields._sigfault.si_addr",
                    "info threads", "continue");
            contains(out, "^czemu: thread 2 \\(/debugme\\) is held instead of ending: write at 0x00000000 from pc 0x[0-9a-f]{8} "
                    + "<main\\+0x[0-9a-f]+>: no vm_area covers it");
            contains(out, "^Program received signal SIGSEGV, Segmentation fault\\.\\n0x[0-9a-f]+ in main \\(argc=2, argv=0x[0-9a-f]+\\) "
                    + "at src/debugme.c:45\\n45\\s+\\*nothing = limit;");
            contains(out, "^\\$1 = 11$");
            contains(out, "^\\$2 = \\(void \\*\\) 0x0$");
            contains(out, "thread 2, faulting: write at 0x00000000");
            contains(out, "^Program terminated with signal SIGSEGV, Segmentation fault\\.");
            assertEquals(139, sample.awaitEnd().exitStatus(), "passing the signal ends the task as it would have ended");
        }
    }

    @Test
    void aHeldFaultCanBeRepairedAndTheInstructionRunAgain() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme", "crash")) {
            // str r2, [r3] with r3 = 0: point r3 at counter instead and let the store run again
            String out = sample.gdb().run("continue", "x/i $pc", "set var $r3 = &counter", "break 46", "signal 0", "p counter",
                    "continue");
            contains(out, "=> 0x[0-9a-f]+ <main\\+\\d+>:\\s+str\\s+r2, \\[r3\\]");
            contains(out, "^Breakpoint 1, main \\(argc=2, argv=0x[0-9a-f]+\\) at src/debugme.c:46\\n46\\s+return 1;");
            contains(out, "^\\$1 = 3$"); // the store wrote limit into counter
            contains(out, "\\[Inferior 1 \\(Remote target\\) exited with code 01\\]");
            assertEquals(1, sample.awaitEnd().exitStatus(), "main went on to return 1 after the repaired store");
        }
    }

    @Test
    void schedulerLockingRunsOnlyTheChosenThread() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme", "fork")) {
            String out = sample.gdb().run("break child_work", "continue", "set scheduler-locking on", "thread 1", "continue",
                    "thread 2", "next", "next", "info threads", "set scheduler-locking off", "delete", "continue");
            // the parent alone waits for the child, which may not run: the machine stops instead of hanging
            contains(out, "^Thread 1 \"/debugme\" received signal SIGSTOP, Stopped \\(signal\\)\\.\\n0x[0-9a-f]+ in l4_ipc \\(\\)");
            contains(out, "^29\\s+printf\\(\"debugme: child %u running\\\\n\", l4_raw_tid\\(getpid\\(\\)\\)\\);\\n30\\s+l4_send");
            contains(out, "^  1\\s+Thread 2 .*thread 2, blocked: receive from 3\\)");
            contains(out, "exited normally");
            sample.awaitEnd();
            assertTrue(sample.console().startsWith("debugme: child 3 running\ndebugme: child 3 done\n"), sample.console());
        }
    }

    @Test
    void ctrlCStopsASpinningProgram() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme", "spin")) {
            String out = sample.gdb().runWhile(DebuggedSample.ctrlCWhenRunning(sample), "continue", "p counter > 1000",
                    "set var spinning = 0", "continue");
            contains(out, "^Program received signal SIGINT, Interrupt\\.\\n(0x[0-9a-f]+ in )?main \\(argc=2, argv=0x[0-9a-f]+\\) at src/debugme.c:(39|40)");
            contains(out, "^\\$1 = 1$");
            contains(out, "exited normally");
            assertEquals(0, sample.awaitEnd().exitStatus());
        }
    }

    @Test
    void monitorCommandsShowCapabilitiesAreasAndWhoWaitsOnWhom() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme", "fork")) {
            String out = sample.gdb().run("break child_work", "continue", "monitor caps", "monitor vm", "monitor ipc",
                    "monitor help", "monitor frobnicate", "kill");
            contains(out, "^thread 2 \\(/debugme\\)");
            contains(out, "IPC");
            contains(out, "^vm_areas of /debugme \\(thread 3 \\(/debugme\\)\\):$");
            contains(out, "^  0x40000000-0x40002000 rwx private file debugme \\(segment 0\\)");
            contains(out, "^  0x7fff8000-0x80000000 rw- private .*anonymous \\(stack\\)");
            contains(out, "^thread 1 \\(mm0\\) \\[pager, in Java\\]: serves requests$");
            contains(out, "^thread 2 \\(/debugme\\): container posix, task /debugme, thread 2, blocked: receive from 3$");
            contains(out, "^thread 3 \\(/debugme\\): container posix, task /debugme, thread 3, running$");
            contains(out, "^  fault-stop \\[on\\|off\\]");
            contains(out, "^unknown monitor command 'frobnicate'");
        }
    }

    @Test
    void detachLetsTheProgramFinishAndKillEndsIt() throws Exception {
        try (DebuggedSample sample = DebuggedSample.start("debugme")) {
            String out = sample.gdb().run("break bump", "watch counter", "continue", "detach");
            contains(out, "^\\[Inferior 1 \\(Remote target\\) detached\\]$");
            RunResult result = sample.awaitEnd();
            assertEquals(0, result.exitStatus());
            assertEquals("debugme: counter = 1\ndebugme: counter = 2\ndebugme: counter = 3\ndebugme: done\n", sample.console(),
                    "no breakpoint or watchpoint is left behind");
        }
        try (DebuggedSample sample = DebuggedSample.start("debugme")) {
            String out = sample.gdb().run("break bump", "continue", "kill");
            contains(out, "^\\[Inferior 1 \\(Remote target\\) killed\\]$");
            assertEquals(RunResult.STATUS_KILLED_BY_DEBUGGER, sample.awaitEnd().exitStatus());
            assertEquals("", sample.console(), out + "\n" + sample.diagnostics());
        }
    }
}
