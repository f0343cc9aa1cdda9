package czemu.emulator;

import czemu.emulator.machine.MachineConfig;
import czemu.kernel.Capabilities;
import czemu.kernel.KernelConfig;
import czemu.kernel.capability.BootCapabilities;
import czemu.kernel.scheduler.SchedulingMode;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The capability rules end to end (issue #4): the capfuzz sample's three tasks, under the strict policy, make
 * random IPCs, capability requests and capability_control calls, and check each IPC's answer against the caps
 * they read around it (samples/src/capfuzz.c). Over many seeds no task may reach a thread no cap of its own
 * names, none may be refused one that a cap names, and no control request of an ordinary task may change
 * what it holds.
 */
class CapabilityFuzzTest {
    private static final Pattern IPC_COUNTS = Pattern.compile(
            "capfuzz: task \\d: ipc allowed (\\d+), refused (\\d+), unjudged \\d+, mismatches (\\d+); caps changed by control (\\d+)");
    private static final Pattern OP_COUNTS = Pattern.compile("(\\w+) (\\d+)/(\\d+)");

    private static MachineConfig strict(SchedulingMode scheduling) {
        return MachineConfig.defaults()
                .withKernel(KernelConfig.defaults().withScheduling(scheduling))
                .withFirstBoot(new Capabilities.BootOptions(BootCapabilities.Policy.STRICT,
                        Set.of(BootCapabilities.Share.THREAD_CONTROL, BootCapabilities.Share.CAPABILITY_CONTROL), List.of()));
    }

    @Test
    void randomOperationsFromThreeTasksNeverReachBeyondTheirCapabilities() {
        long allowed = 0, refused = 0, requestsGranted = 0;
        for (int seed = 1; seed <= 40; seed++) {
            SchedulingMode scheduling = seed % 4 == 0 ? SchedulingMode.FAST : SchedulingMode.DETERMINISTIC;
            Samples.Run run = Samples.run("capfuzz", strict(scheduling), Integer.toString(seed), "300");
            String seedInfo = "seed " + seed + " (" + scheduling + "):\n" + run.console() + "reports: " + run.reports();
            assertEquals(0, run.status(), seedInfo);
            assertTrue(run.console().endsWith("CAPFUZZ TEST -- PASSED --\n"), seedInfo);
            Matcher ipc = IPC_COUNTS.matcher(run.console());
            int tasks = 0;
            while (ipc.find()) {
                tasks++;
                allowed += Long.parseLong(ipc.group(1));
                refused += Long.parseLong(ipc.group(2));
                assertEquals("0", ipc.group(3), seedInfo);
                assertEquals("0", ipc.group(4), seedInfo);
            }
            assertEquals(3, tasks, seedInfo);
            for (String line : run.console().lines().filter(l -> l.contains(": ops ")).toList()) {
                Matcher op = OP_COUNTS.matcher(line.substring(line.indexOf(": ops ") + 6));
                while (op.find()) {
                    String name = op.group(1);
                    int succeeded = Integer.parseInt(op.group(3));
                    if (name.equals("request")) requestsGranted += succeeded;
                    // Whole-list shares succeed and move nothing; everything else on immutable caps is refused.
                    if (!List.of("ipc", "request", "share").contains(name)) {
                        assertEquals(0, succeeded, name + " succeeded for an ordinary task; " + seedInfo);
                    }
                }
            }
        }
        // The oracle must have had both kinds of case to judge, and the pager must have granted caps.
        assertTrue(allowed > 1000 && refused > 1000, "allowed " + allowed + ", refused " + refused);
        assertTrue(requestsGranted > 500, "requests granted " + requestsGranted);
    }
}
