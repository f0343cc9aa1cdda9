package czemu.emulator;

import czemu.emulator.machine.MachineConfig;
import czemu.emulator.machine.RunResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Our own static glibc programs (samples/gnu, built with arm-linux-gnueabi-gcc) through the Linux door:
 * each prints its committed expected output and exits with its status, and where qemu-arm is installed
 * it prints exactly what the same binary prints under qemu-arm, with the same status.
 */
class LinuxProgramsTest {
    /** What every program of the table gets on its standard input. */
    static final String STDIN = "some input\nfor hello\n";

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} {1} prints its expected output and exits with {2}")
    @CsvSource(delimiter = '|', value = {
        "hello     | - 7 | 7", "fileio    |     | 0", "forkexec |     | 3", "pipes     |     | 0", "mmap      |     | 0",
        "badargs   |     | 0", "cpubench  | 2   | 0", "cpubench-thumb | 2 | 0", "sysbench | 300 | 0", "zombies |  | 0",
        "signals   |     | 134", "signals-thumb | | 134", "sigedge |  | 0",
        "sigbench | 300 | 0"})
    void printsItsExpectedOutput(String name, String args, int status) {
        LinuxGuest.Run run = LinuxGuest.sample(name, STDIN, split(args));
        assertEquals(Samples.expected("gnu/" + name), run.stdout(), () -> "stderr: " + run.stderr() + " reports: " + run.reports());
        assertEquals(status, run.status(), () -> "reports: " + run.reports());
    }

    @ParameterizedTest(name = "{0} {1} prints what qemu-arm prints")
    @CsvSource(delimiter = '|', value = {
        "hello     | - 7", "fileio    |    ", "pipes     |    ", "mmap      |    ", "badargs   |    ", "cpubench  | 2  ",
        "cpubench-thumb | 2", "sysbench | 300", "zombies |   ", "signals |   ", "signals-thumb |   ", "sigedge |   ",
        "sigedge | threads", "sigedge | queue", "sigbench | 300"})
    void printsWhatQemuArmPrints(String name, String args) throws Exception {
        QemuReference.assumeInstalled();
        QemuReference.install(work, name + ".elf", Samples.elf("gnu/" + name));
        QemuReference.Outcome qemu = QemuReference.run(work, "./" + name + ".elf", STDIN, split(args));
        LinuxGuest.Run czemu = LinuxGuest.sample(name, STDIN, split(args));
        assertEquals(qemu.stdout(), czemu.stdout());
        assertEquals(qemu.status(), czemu.status());
    }

    @Test
    void forkExecPrintsWhatQemuArmPrintsWhereQemuCanExec() throws Exception {
        QemuReference.assumeInstalled();
        Assumptions.assumeTrue(QemuReference.canExecArmPrograms(), "qemu-arm cannot execve an ARM program here (no binfmt_misc "
                + "entry hands ARM ELFs to it), so forkexec is checked against its expected output only");
        QemuReference.install(work, "forkexec.elf", Samples.elf("gnu/forkexec"));
        QemuReference.Outcome qemu = QemuReference.run(work, "./forkexec.elf", "");
        LinuxGuest.Run czemu = LinuxGuest.run("./forkexec.elf", Samples.elf("gnu/forkexec"), MachineConfig.defaults(), "", m -> { });
        assertEquals(qemu.stdout(), czemu.stdout());
        assertEquals(qemu.status(), czemu.status());
    }

    @Test
    void aChildKilledBySigsegvIsReportedLikeACodezeroTaskAndItsParentSeesSignal11() {
        LinuxGuest.Run run = LinuxGuest.sample("forkexec", "");
        assertTrue(run.stdout().contains("faulting child: pid ok 1, killed by signal 11\n"), run.stdout());
        assertTrue(run.reports().stream().anyMatch(line -> line.matches("task \\d+ \\(/forkexec\\) killed by SIGSEGV: write at "
                + "0x00000000 from pc 0x[0-9a-f]{8} <main\\+0x[0-9a-f]+>: no vm_area covers it")), () -> run.reports().toString());
    }

    @Test
    void aWaitForAChildThatNeverExitsEndsTheRunAsStuckWithStatus125() {
        LinuxGuest.Run run = LinuxGuest.sample("forkexec", "", "stuck");
        assertEquals("waiting for a child that never exits\n", run.stdout());
        assertEquals(RunResult.Ending.STUCK, run.result().ending());
        assertEquals(RunResult.STATUS_STUCK, run.status());
        assertTrue(run.reports().stream().anyMatch(line -> line.contains("is blocked for good: waiting on wait4 for child")),
                () -> run.reports().toString());
    }

    @Test
    void unknownCallsAnswerEnosysAndAreReportedOnceEach() {
        LinuxGuest.Run run = LinuxGuest.sample("badargs", "");
        assertTrue(run.stdout().contains("unknown call 9999                    -1 Function not implemented\n"
                + "unknown call 9999 again              -1 Function not implemented\n"), run.stdout());
        assertEquals(List.of("process 2 (/badargs): unknown Linux system call 9999 (syscall_9999), answered -ENOSYS"), run.reports());
    }

    @Test
    void randomSystemCallsNeverCrashOrHangTheEmulator() {
        for (String seed : List.of("1", "2", "3")) {
            LinuxGuest.Run run = LinuxGuest.sample("sysfuzz", "", "2000", seed);
            assertTrue(run.stdout().matches("2000 calls made, \\d+ unknown\n"), () -> "seed " + seed + ": " + run.stdout() + run.reports());
            assertEquals(0, run.status(), () -> "seed " + seed + ": " + run.reports());
            Set<String> seen = new HashSet<>();
            for (String report : run.reports()) {
                assertTrue(report.contains("unknown Linux system call"), report);
                assertTrue(seen.add(report), () -> "reported twice: " + report);
            }
        }
    }

    @Test
    void abortEndsTheSignalsSampleWithAReportAsACoreDumpingSignalDoes() {
        LinuxGuest.Run run = LinuxGuest.sample("signals", "");
        assertEquals(128 + 6, run.status());
        assertEquals(RunResult.Ending.KILLED, run.result().ending());
        assertEquals(List.of("process 2 (/signals) killed by SIGABRT"), run.reports());
    }

    /**
     * threads: a signal to the process, blocked by the main thread, is taken by the other; queue: a
     * real-time signal sent three times while blocked runs its handler three times, a standard one once.
     */
    @ParameterizedTest(name = "sigedge {0}")
    @ValueSource(strings = {"threads", "queue"})
    void signalsReachTheRightThreadAndQueueAsLinuxSays(String variant) {
        LinuxGuest.Run run = LinuxGuest.sample("sigedge", "", variant);
        assertEquals(Samples.expected("gnu/sigedge." + variant), run.stdout(), () -> "reports: " + run.reports());
        assertEquals(0, run.status());
    }

    /**
     * A corrupt signal frame ends the program that returns through it with SIGSEGV, as the kernel's
     * checks do, and never the emulator: here a handler left a privileged mode in its saved CPSR
     * (qemu-arm keeps user mode and goes on, so this is czemu's and Linux's answer alone).
     */
    @Test
    void aFrameWithAPrivilegedCpsrIsASigsegv() {
        LinuxGuest.Run run = LinuxGuest.sample("sigedge", "", "cpsr");
        assertEquals("a handler's frame with a privileged CPSR: killed by signal 11\n", run.stdout(), () -> "reports: " + run.reports());
        assertEquals(0, run.status());
        assertTrue(run.reports().stream().anyMatch(r -> r.matches("thread 3 of process 3 \\(/sigedge\\): rt_sigreturn found no sound "
                + "signal frame at sp 0x[0-9a-f]{8}: SIGSEGV")), () -> run.reports().toString());
        assertTrue(run.reports().contains("process 3 (/sigedge) killed by SIGSEGV"), () -> run.reports().toString());
    }

    @Test
    void theSameProgramRunsIdenticallyInDeterministicMode() {
        MachineConfig deterministic = MachineConfig.defaults().withKernel(czemu.kernel.KernelConfig.defaults()
                .withScheduling(czemu.kernel.scheduler.SchedulingMode.DETERMINISTIC));
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            outputs.add(LinuxGuest.run("/pipes", Samples.elf("gnu/pipes"), deterministic, "", m -> { }).stdout());
        }
        assertEquals(Samples.expected("gnu/pipes"), outputs.get(0));
        assertEquals(outputs.get(0), outputs.get(1));
    }

    @Test
    void straceShowsLinuxCallsDecodedAsQemuUserDoes() {
        List<String> lines = new ArrayList<>();
        LinuxGuest.run("/fileio", Samples.elf("gnu/fileio"), MachineConfig.defaults(), "",
                machine -> machine.pager().linux().observe((thread, tid, call, result) -> lines.add(tid + " " + call + " = " + result)));
        assertTrue(lines.get(0).matches("2 brk\\(0x0\\) = 0x000[0-9a-f]{5}"), lines.get(0));
        assertTrue(lines.contains("2 mkdir(\"fileio.tmp\",0755) = 0"), () -> String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("2 openat(AT_FDCWD,\"a.txt\",O_WRONLY|O_CREAT|O_TRUNC") && l.endsWith(") = 3")),
                () -> String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("2 openat(AT_FDCWD,\"missing\",O_RDONLY")
                && l.endsWith(" = -1 errno=2 (No such file or directory)")), () -> String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.matches("2 write\\(1,0x[0-9a-f]+,\\d+\\) = \\d+")), () -> String.join("\n", lines));
    }

    @Test
    void aProgramReadingStandardInputGetsWhatTheHostGives() {
        LinuxGuest.Run run = LinuxGuest.sample("hello", "three\nshort\nlines\n", "-");
        assertTrue(run.stdout().contains("standard input: 18 bytes, 3 lines\n"), run.stdout());
    }

    private static String[] split(String args) {
        return args == null || args.isBlank() ? new String[0] : args.trim().split(" ");
    }
}
