package czemu.emulator;

import czemu.emulator.machine.MachineConfig;
import czemu.emulator.machine.RunResult;
import czemu.kernel.Capabilities;
import czemu.kernel.KernelConfig;
import czemu.kernel.capability.BootCapabilities;
import czemu.kernel.scheduler.SchedulingMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile system calls never take the emulator down (the brief's robustness rule): the sysfuzz sample calls every
 * kernel entry with random registers and sends mm0 random requests with wild pointers (samples/src/sysfuzz.c), with
 * every share, so thread_control, exchange_registers, capability_control, map and unmap are reached. Whatever it
 * does to itself (forks, exits, faults, blocks for good), each run ends by itself with a status and one-line
 * reports, never a timeout or a Java exception.
 */
class SyscallFuzzTest {
    @Test
    void randomSystemCallsAndPagerRequestsEndEveryRunCleanly() {
        int completed = 0;
        for (int seed = 1; seed <= 40; seed++) {
            SchedulingMode scheduling = seed % 3 == 0 ? SchedulingMode.FAST : SchedulingMode.DETERMINISTIC;
            MachineConfig config = MachineConfig.defaults().withTimeout(30_000)
                    .withKernel(KernelConfig.defaults().withScheduling(scheduling))
                    .withFirstBoot(new Capabilities.BootOptions(BootCapabilities.Policy.POSIX, Set.of(
                            BootCapabilities.Share.THREAD_CONTROL, BootCapabilities.Share.CAPABILITY_CONTROL,
                            BootCapabilities.Share.MEMORY), List.of()));
            Samples.Run run = Samples.run("sysfuzz", config, Integer.toString(seed));
            String seedInfo = "seed " + seed + " (" + scheduling + "), " + run.result().ending() + " " + run.status()
                    + ", reports: " + run.reports();
            assertNotEquals(RunResult.Ending.TIMEOUT, run.result().ending(), seedInfo);
            for (String report : run.reports()) {
                assertFalse(report.contains("Exception") || report.contains("engine failed"), seedInfo);
                assertEquals(1, report.lines().count(), "reports are one line: " + report);
            }
            if (run.console().contains("sysfuzz: 400 calls made")) completed++;
        }
        // Most runs end early by their own doing; enough must get through all their calls to mean something.
        assertTrue(completed >= 5, "only " + completed + " of 40 runs made all their calls");
    }
}
