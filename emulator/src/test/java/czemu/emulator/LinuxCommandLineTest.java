package czemu.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** {@code czemu run} of Linux programs as a user types it: the door it picks, --abi, --env, --root, the streams and status. */
class LinuxCommandLineTest {
    @TempDir
    Path dir;

    private static CommandLineTest.Outcome czemu(String... args) {
        return CommandLineTest.czemu(args);
    }

    private Path linuxSample(String name) throws IOException {
        Path file = dir.resolve(name + ".elf");
        Files.write(file, Samples.elf("gnu/" + name));
        return file;
    }

    @Test
    void aStaticGlibcProgramRunsThroughTheLinuxDoorWithItsArgumentsAndStatus() throws IOException {
        CommandLineTest.Outcome run = czemu("run", linuxSample("hello").toString(), "--", "one", "5");
        assertEquals(5, run.status(), run.err());
        assertTrue(run.out().startsWith("Hello from a static glibc program\nargc = 3\nargv[1] = one\nargv[2] = 5\n"), run.out());
    }

    @Test
    void abiCodezeroForcesTheCodezeroDoorWhoseLoaderRefusesALinuxLayout() throws IOException {
        CommandLineTest.Outcome run = czemu("run", "--abi", "codezero", linuxSample("hello").toString());
        assertEquals(125, run.status());
        assertTrue(run.err().startsWith("czemu: error: ") && run.err().contains("lies outside the task region"), run.err());
    }

    @Test
    void anUnknownAbiIsAUsageError() throws IOException {
        CommandLineTest.Outcome run = czemu("run", "--abi", "windows", linuxSample("hello").toString());
        assertEquals(125, run.status());
        assertEquals("czemu: error: --abi windows: expected linux or codezero\n", run.err());
    }

    @Test
    void aProgramUnderTheRootIsFoundThereAndItsFilesAreTheRoots() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("bin"));
        Files.write(root.resolve("bin/fileio"), Samples.elf("gnu/fileio"));
        CommandLineTest.Outcome run = czemu("run", "--root", root.toString(), "--writable", root.resolve("bin/fileio").toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(Samples.expected("gnu/fileio"), run.out());
        assertFalse(Files.exists(root.resolve("fileio.tmp")), "the host directory never changes");
    }

    @Test
    void envAddsToTheSmallDefaultEnvironment() throws IOException {
        Path busybox = BusyboxTest.Fetch.busybox();
        Assumptions.assumeTrue(busybox != null, BusyboxTest.Fetch.failure);
        CommandLineTest.Outcome run = czemu("run", "--env", "GREETING=hi there", "--env", "HOME=/root", busybox.toString(), "--", "env");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin\n"), run.out());
        assertTrue(run.out().contains("GREETING=hi there\n") && run.out().contains("HOME=/root\n") && run.out().contains("PWD=/\n"), run.out());
    }

    @Test
    void aLinuxProgramsStandardErrorIsCzemusStandardError() throws IOException {
        Path busybox = BusyboxTest.Fetch.busybox();
        Assumptions.assumeTrue(busybox != null, BusyboxTest.Fetch.failure);
        CommandLineTest.Outcome run = czemu("run", busybox.toString(), "--", "cat", "/missing");
        assertEquals(1, run.status());
        assertEquals("", run.out());
        assertEquals("cat: can't open '/missing': No such file or directory\n", run.err());
    }
}
