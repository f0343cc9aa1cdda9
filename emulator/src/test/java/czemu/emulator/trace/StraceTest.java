package czemu.emulator.trace;

import static org.junit.jupiter.api.Assertions.*;

import czemu.emulator.machine.Machine;
import czemu.emulator.machine.MachineConfig;
import czemu.kernel.Capabilities;
import czemu.kernel.capability.BootCapabilities;
import czemu.kernel.scheduler.SchedulingMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --strace}: every system call and IPC of every thread, decoded, as it returns, and again when a blocked one completes. */
class StraceTest {
    /** What --strace prints for a deterministic run of a sample, and the run's exit status. */
    private static List<String> strace(String name, Set<BootCapabilities.Share> shares, String... args) throws Exception {
        MachineConfig config = MachineConfig.defaults().withTimeout(60_000)
                .withKernel(MachineConfig.defaults().kernel().withScheduling(SchedulingMode.DETERMINISTIC))
                .withFirstBoot(new Capabilities.BootOptions(BootCapabilities.Policy.POSIX, shares, List.of()));
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (Machine machine = new Machine(config, new ByteArrayOutputStream(), line -> { })) {
            machine.kernel().observe(new Strace(new PrintStream(lines, true, StandardCharsets.UTF_8)));
            int status = machine.run("/" + name, Files.readAllBytes(TraceRecorderTest.sample(name)), List.of(args)).exitStatus();
            assertEquals(0, status);
        }
        return lines.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void everyBlockedCallOfBothProcessesIsShownAgainWhenItCompletes() throws Exception {
        List<String> lines = strace("mutexloop", Set.of(), "50");
        assertTrue(lines.contains("2 ipc(to=1, from=1, SHORT, tag=FORK, mr2..5=0x0 0x0 0x0 0x0) = 0 [mr0=3]"), lines.toString());
        Pattern lock = Pattern.compile("([23]) mutex_control\\(mutex=0x[0-9a-f]+, (LOCK|UNLOCK contenders=\\d+)\\) = (.*)");
        int blocked = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = lock.matcher(lines.get(i));
            if (!m.matches() || !m.group(3).equals("<blocked>")) continue;
            blocked++;
            String resumed = m.group(1) + " <... mutex_control resumed> = 0";
            String thread = m.group(1) + " ";
            // The thread's next line is its call completing: it made no other call while asleep.
            String next = lines.subList(i + 1, lines.size()).stream().filter(l -> l.startsWith(thread)).findFirst().orElseThrow();
            assertEquals(resumed, next);
        }
        assertTrue(blocked > 10, "contended locks sleep: " + blocked);
        assertTrue(lines.stream().anyMatch(l -> l.matches("3 ipc\\(to=2, from=NILTHREAD, SHORT, tag=SYNC, .*\\) = 0")),
                "the child tells its parent it is done (tag 5)");
        assertTrue(lines.stream().anyMatch(l -> l.equals("2 <... ipc resumed> = 0 [mr0=5]")) ||
                lines.stream().anyMatch(l -> l.startsWith("2 ipc(to=NILTHREAD, from=3, SHORT) = 0 [mr0=5]")),
                "the parent receives the child's tag 5, at once or after sleeping");
    }

    @Test
    void threadControlAndExchangeRegistersAreDecodedByName() throws Exception {
        List<String> lines = strace("threads", Set.of(BootCapabilities.Share.THREAD_CONTROL));
        assertTrue(lines.stream().anyMatch(l -> l.matches("2 thread_control\\(action=CREATE\\|SHARE_SPACE.*, ids=0x[0-9a-f]+\\) = 0")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.matches("2 thread_control\\(action=RUN, ids=0x[0-9a-f]+\\) = 0")));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+ getid\\(ids=0x[0-9a-f]+\\) = 0")));
    }
}
