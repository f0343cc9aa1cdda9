package czemu.emulator;

import czemu.emulator.machine.HostFiles;
import czemu.emulator.machine.MachineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Debian's own armel busybox-static, a program nobody wrote for czemu, through the Linux door with a
 * host directory as the guest's root: echo, ls, cat, sh with a pipe, wc on standard input. Each prints
 * what a user expects and, where qemu-arm is installed, what it prints under qemu-arm on the same files.
 * The package is fetched (apt-get download busybox-static:armel, which needs dpkg's armel architecture)
 * into ~/.cache/czemu once, never committed; without it the tests are skipped with a message.
 */
class BusyboxTest {
    private static Path busybox;

    @TempDir
    Path work;
    private Path root;

    @BeforeAll
    static void fetchBusybox() {
        busybox = Fetch.busybox();
    }

    @BeforeEach
    void rootDirectory() throws IOException {
        Assumptions.assumeTrue(busybox != null, Fetch.failure);
        root = work.resolve("root");
        QemuReference.install(root, "bin/busybox", Files.readAllBytes(busybox));
        Files.writeString(root.resolve("file.txt"), "some text\n");
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("dir/inner.txt"), "inside\n");
    }

    @Test
    void echoPrintsItsArguments() throws Exception {
        check("hello busybox\n", "", new String[] {"echo", "hello", "busybox"}, new String[] {"echo", "hello", "busybox"});
    }

    @Test
    void lsListsTheHostDirectoryGivenAsRoot() throws Exception {
        check("bin\ndir\nfile.txt\n", "", new String[] {"ls", "/"}, new String[] {"ls", root.toString()});
    }

    @Test
    void catPrintsAFileOfTheRoot() throws Exception {
        check("some text\n", "", new String[] {"cat", "/file.txt"}, new String[] {"cat", root.resolve("file.txt").toString()});
    }

    @Test
    void shellPipesEchoIntoCat() throws Exception {
        check("a\n", "", new String[] {"sh", "-c", "echo a | cat"}, new String[] {"sh", "-c", "echo a | cat"});
    }

    @Test
    void shellPipesLsIntoWc() throws Exception {
        check("3\n", "", new String[] {"sh", "-c", "ls / | wc -l"}, new String[] {"sh", "-c", "ls " + root + " | wc -l"});
    }

    @Test
    void wcCountsItsStandardInput() throws Exception {
        check("12\n", "twelve bytes", new String[] {"wc", "-c"}, new String[] {"wc", "-c"});
    }

    /** The shell's trap runs its handler: kill to itself is taken on the way back from kill, and the trap's command runs. */
    @Test
    void shellTrapRunsWhenTheShellSignalsItself() throws Exception {
        String[] script = {"sh", "-c", "trap \"echo caught\" USR1; kill -USR1 $$; echo after"};
        check("caught\nafter\n", "", script, script);
    }

    /**
     * A background sleep killed by SIGTERM: its default action ends it at once (a sleep that ran out
     * would show 0), and the shell, waiting for it in sigsuspend with a SIGCHLD handler, gets the
     * status a shell shows for it (128 + 15).
     */
    @Test
    void shellWaitsForAKilledBackgroundJobAndShowsItsSignal() throws Exception {
        String[] script = {"sh", "-c", "sleep 5 & kill $!; wait $!; echo $?"};
        check("143\n", "", script, script);
    }

    @Test
    void aMissingFileIsAnErrorOnStandardErrorAndStatusOne() {
        LinuxGuest.Run run = czemu("", "cat", "/missing");
        assertEquals("", run.stdout());
        assertEquals("cat: can't open '/missing': No such file or directory\n", run.stderr());
        assertEquals(1, run.status());
    }

    /** czemu prints {@code expected} for {@code args} with the root dir as its root; qemu-arm the same for {@code hostArgs}. */
    private void check(String expected, String stdin, String[] args, String[] hostArgs) throws Exception {
        LinuxGuest.Run run = czemu(stdin, args);
        assertEquals(expected, run.stdout(), () -> "stderr: " + run.stderr() + " reports: " + run.reports());
        assertEquals(0, run.status());
        if (QemuReference.installed()) {
            QemuReference.Outcome qemu = QemuReference.run(work, root.resolve("bin/busybox").toString(), stdin, hostArgs);
            assertEquals(qemu.stdout(), run.stdout(), "czemu and qemu-arm differ");
            assertEquals(qemu.status(), run.status());
        }
    }

    private LinuxGuest.Run czemu(String stdin, String... args) {
        try {
            byte[] program = Files.readAllBytes(busybox);
            return LinuxGuest.run("/bin/busybox", program, MachineConfig.defaults(), stdin, machine -> {
                try {
                    new HostFiles(machine.pager(), false).importTree(root);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fetches busybox-static:armel once into ~/.cache/czemu/busybox-armel (apt-get download, dpkg-deb -x). */
    static final class Fetch {
        static String failure = "busybox-static:armel was not fetched";

        static Path busybox() {
            Path cache = Paths.get(System.getProperty("user.home"), ".cache", "czemu", "busybox-armel");
            Path program = cache.resolve("bin/busybox");
            if (Files.isRegularFile(program)) return program;
            try {
                Path download = Files.createTempDirectory("czemu-busybox");
                String log = run(download, "apt-get", "download", "busybox-static:armel");
                Path deb;
                try (Stream<Path> files = Files.list(download)) {
                    deb = files.filter(f -> f.toString().endsWith(".deb")).findFirst().orElse(null);
                }
                if (deb == null) {
                    failure = "apt-get download busybox-static:armel fetched nothing (needs network and "
                            + "'dpkg --add-architecture armel && apt-get update'): " + log.strip();
                    return null;
                }
                Files.createDirectories(cache);
                run(cache, "dpkg-deb", "-x", deb.toString(), cache.toString());
                if (Files.isRegularFile(program)) return program;
                failure = "dpkg-deb -x of " + deb + " gave no bin/busybox";
            } catch (IOException | InterruptedException e) {
                failure = "busybox-static:armel could not be fetched (apt-get download, dpkg-deb): " + e.getMessage();
            }
            return null;
        }

        private static String run(Path directory, String... command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 300 s");
            }
            return output;
        }
    }
}
