package czemu.emulator;

import czemu.emulator.machine.Machine;
import czemu.emulator.machine.MachineConfig;
import czemu.emulator.machine.RunResult;
import czemu.kernel.Capabilities;
import czemu.kernel.KernelConfig;
import czemu.kernel.capability.BootCapabilities;
import czemu.kernel.scheduler.SchedulingMode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

/** Every committed sample, run through loader, kernel, pager and CPU, prints exactly its expected output. */
class SampleProgramsTest {

    @ParameterizedTest(name = "{0} prints its expected output and exits with {1}")
    @CsvSource({"hello, 0", "bss, 0", "pages, 0", "fileio, 0", "cpuloop, 0", "exitcode, 42", "segv, 139", "ipcerrors, 0", "undef, 0", "forkloop, 0", "mmaploop, 0", "cat, 2", "ipcpingpong, 0", "cowloop, 0", "mutexloop, 0", "threads, 0", "ipcswitch, 0", "capipc, 0", "forbidden, 0", "mapmem, 0", "guestpager, 0", "forgefault, 0"})
    void samplePrintsExpectedOutput(String name, int status) {
        Samples.Run run = Samples.run(name);
        assertEquals(Samples.expected(name), run.console());
        assertEquals(status, run.status(), () -> "reports: " + run.reports());
    }

    /**
     * With wall-clock preemption the interleaving varies; test0 itself is sensitive to it in one place
     * (an exec'd copy may reuse a freed thread id and find its exec file taken), so this checks what
     * every interleaving must give: all twelve sub-tests and the exec test pass, and the run ends idle.
     */
    @Test
    void posixtestRunsAllTwelveSubTestsAndEndsIdleLikeTest0() {
        Samples.Run run = Samples.run("posixtest");
        assertEquals(RunResult.Ending.IDLE, run.result().ending(), () -> "reports: " + run.reports());
        assertEquals(0, run.status());
        for (String line : Samples.expected("posixtest").lines().filter(l -> l.endsWith("-- PASSED --")).toList()) {
            assertTrue(run.console().contains(line + "\n"), () -> "missing '" + line + "' in:\n" + run.console());
        }
        assertFalse(run.console().contains("FAILED"), run.console());
        assertTrue(run.console().endsWith("Thread (2): Continues to sync with the pager...\n\n"), run.console());
    }

    @Test
    void posixtestInterleavesIdenticallyInDeterministicMode() {
        assertTwoDeterministicRunsPrintTheExpectedOutput("posixtest");
    }

    private static void assertTwoDeterministicRunsPrintTheExpectedOutput(String name) {
        MachineConfig deterministic = MachineConfig.defaults()
                .withKernel(KernelConfig.defaults().withScheduling(SchedulingMode.DETERMINISTIC));
        Samples.Run first = Samples.run(name, Samples.configFor(name, deterministic));
        Samples.Run second = Samples.run(name, Samples.configFor(name, deterministic));
        assertEquals(Samples.expected(name), first.console());
        assertEquals(first.console(), second.console());
        assertEquals(first.reports(), second.reports());
        assertTrue(first.instructions() > 0, "deterministic runs count instructions");
        assertEquals(first.instructions(), second.instructions(), "the same instruction count in both runs");
    }

    @Test
    void firstTaskIsThreadTwoWithArgvZeroAsItsPathAndPagerIdOne() {
        Samples.Run run = Samples.run("hello", "first", "second arg");
        assertTrue(run.console().startsWith("Hello from czemu sample: thread id 2\nargc = 3\n"), run.console());
        assertTrue(run.console().contains("argv[0] = /hello\nargv[1] = first\nargv[2] = second arg\nenvp[0] = pagerid=1\n"),
                run.console());
    }

    @Test
    void bssStartingMidPageIsZeroWhileDataOfThatPageSurvives() {
        Samples.Run run = Samples.run("bss");
        assertTrue(run.console().contains("BSS TEST            -- PASSED --"), run.console());
    }

    @Test
    void faultOutsideEveryAreaKillsTheTaskWithAReportNamingTaskPcAddressAndAccess() {
        Samples.Run run = Samples.run("segv");
        assertEquals(RunResult.Ending.KILLED, run.result().ending());
        assertFalse(run.console().contains("still alive"));
        assertEquals(1, run.reports().size(), run.reports().toString());
        String report = run.reports().get(0);
        assertTrue(report.contains("task 2 (/segv) killed by SIGSEGV"), report);
        assertTrue(report.contains("write at 0x10000000"), report);
        assertTrue(report.matches(".*from pc 0x4000[0-9a-f]{4} <main\\+0x[0-9a-f]+>.*"), report);
        assertTrue(report.endsWith("no vm_area covers it"), report);
    }

    @ParameterizedTest(name = "{0} {1} leaves the frame count where it started")
    @CsvSource({"pages, 512", "forkloop, 1000", "mmaploop, 50", "threads, all"})
    void runsReturnEveryFrameTheyTook(String name, String argument) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> reports = new ArrayList<>();
        try (Machine machine = new Machine(Samples.configFor(name, MachineConfig.defaults().withTimeout(120_000)), console, reports::add)) {
            int before = machine.kernel().frames().framesInUse();
            RunResult result = machine.run("/" + name, Samples.elf(name), List.of(argument));
            assertEquals(0, result.exitStatus(), reports::toString);
            int pageCache = (Samples.elf(name).length + 4095) / 4096; // the program file stays cached in memfs
            int after = machine.kernel().frames().framesInUse();
            assertTrue(after <= before + pageCache, "frames before " + before + ", after " + after);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aProcessForkingInALoopDoesNotGrowWhileItRuns() throws Exception {
        assertTrue(peakFramesOfForkloop(1000) <= peakFramesOfForkloop(10) + 16,
                "peak frames must not grow with the number of fork cycles (shadow objects are merged)");
    }

    private static int peakFramesOfForkloop(int cycles) throws Exception {
        try (Machine machine = new Machine(MachineConfig.defaults().withTimeout(120_000), new ByteArrayOutputStream(), line -> { })) {
            int[] peak = {0};
            machine.pager().onTaskExit(exit -> peak[0] = Math.max(peak[0], machine.kernel().frames().framesInUse()));
            assertEquals(0, machine.run("/forkloop", Samples.elf("forkloop"), List.of(Integer.toString(cycles))).exitStatus());
            return peak[0];
        }
    }

    @Test
    void underStrictCapabilitiesTasksMustAskThePagerBeforeTheyIpcEachOther() {
        MachineConfig strict = MachineConfig.defaults()
                .withFirstBoot(new Capabilities.BootOptions(BootCapabilities.Policy.STRICT, java.util.Set.of(), List.of()));
        Samples.Run run = Samples.run("capipc", strict);
        assertEquals(0, run.status(), run.reports()::toString);
        assertEquals(Samples.expected("capipc.strict"), run.console(), "each send refused with -134 until the pager grants a cap");
    }

    @Test
    void withACapCapabilityEachForbiddenStepGetsItsOwnError() {
        MachineConfig shared = MachineConfig.defaults().withFirstBoot(new Capabilities.BootOptions(BootCapabilities.Policy.POSIX,
                java.util.Set.of(BootCapabilities.Share.CAPABILITY_CONTROL), List.of()));
        Samples.Run run = Samples.run("forbidden", shared);
        assertEquals(0, run.status(), run.reports()::toString);
        assertEquals(Samples.expected("forbidden.capctl"), run.console(),
                "immutable: -134 to replicate, deduce, split, destroy; -1 to share or grant; the pager's cap is not ours");
    }

    @Test
    void aUserProgramPagesTheThreadsItMakesAndTheKernelStopsTheOneWhoseFaultItRefuses() {
        Samples.Run run = Samples.run("guestpager");
        assertTrue(run.console().contains("7 faults served (1 of them prefetch aborts), 1 undefined instruction, 1 refused"),
                run.console());
        assertTrue(run.reports().stream().anyMatch(line -> line.matches(
                        "thread \\d+ \\(/guestpager\\) halted: page fault at 0xa0000000 \\(write, pc 0x[0-9a-f]+\\) refused by its pager: -14")),
                () -> "reports: " + run.reports());
        assertEquals(0, run.status());
    }

    @Test
    void threadControlWithoutTheSharedCapabilityIsRefusedWithENOCAP() {
        Samples.Run run = Samples.run("threads", MachineConfig.defaults()); // posix alone shares no TCTRL cap
        assertEquals(1, run.status());
        assertTrue(run.console().contains("CREATE returned -134"), run.console());
    }

    @Test
    void aTaskThatExitsTakesTheThreadsItCreatedWithIt() throws Exception {
        try (Machine machine = new Machine(Samples.configFor("threads", MachineConfig.defaults().withTimeout(60_000)),
                new ByteArrayOutputStream(), line -> { })) {
            RunResult result = machine.run("/threads", Samples.elf("threads"), List.of("orphan"));
            assertEquals(RunResult.Ending.EXITED, result.ending());
            assertEquals(List.of(), machine.kernel().threads().all().stream().filter(t -> !t.isHosted()).toList(),
                    "the spinner it started must be gone with it, not run on in a space its pager freed");
        }
    }

    @ParameterizedTest(name = "{0} gives the same output and instruction count in two deterministic runs")
    @CsvSource({"fileio", "mutexloop", "threads"})
    void deterministicModeGivesTheSameOutputAndInstructionCount(String name) {
        assertTwoDeterministicRunsPrintTheExpectedOutput(name);
    }

    @Test
    void deterministicClockCountsInstructionsSoEveryRunReadsTheSameTimes() {
        MachineConfig deterministic = MachineConfig.defaults().withKernel(KernelConfig.defaults().withScheduling(SchedulingMode.DETERMINISTIC));
        Samples.Run first = Samples.run("clock", deterministic);
        Samples.Run second = Samples.run("clock", deterministic);
        assertEquals(0, first.status(), first.console());
        assertEquals(Samples.expected("clock"), first.console());
        assertEquals(first.console(), second.console());
        // 100,000 iterations of at least one instruction each, at 100 instructions a microsecond.
        String[] words = first.console().split(" ");
        assertTrue(Long.parseLong(words[4]) - Long.parseLong(words[1]) >= 100_000 / 100, first.console());
    }

    @Test
    void programThatNeedsMoreRamThanTheMachineHasIsKilledNotTheEmulator() {
        MachineConfig small = MachineConfig.defaults().withKernel(KernelConfig.defaults().withRam(16 << 20));
        Samples.Run run = Samples.run("pages", small); // 16 MiB of bss in a 16 MiB machine
        assertNotEquals(0, run.status());
        assertTrue(run.reports().stream().anyMatch(r -> r.contains("out of memory")), run.reports().toString());
    }
}
