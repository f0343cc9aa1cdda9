package czemu.emulator;

import czemu.emulator.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** {@code czemu} as a user types it: what it prints and the status it exits with. */
class CommandLineTest {
    @TempDir
    Path dir;

    record Outcome(int status, String out, String err) {}

    static Outcome czemu(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path sample(String name) throws IOException {
        Path file = dir.resolve(name + ".elf");
        Files.write(file, Samples.elf(name));
        return file;
    }

    @Test
    void runWithoutFileRunsTheBuiltInPosixTestToItsSection63Transcript() {
        Outcome run = czemu("run", "--deterministic");
        assertEquals(0, run.status(), run.err());
        assertEquals(Samples.expected("posixtest"), run.out()); // the §6.3 transcript, line for line
        assertTrue(run.err().contains("is idle"), run.err());
    }

    @Test
    void exitStatusIsTheGuests() throws IOException {
        Outcome run = czemu("run", sample("exitcode").toString());
        assertEquals(42, run.status());
        assertEquals("exitcode: exiting with 42\n", run.out());
    }

    @Test
    void fileIsInstalledAsSlashNameWithoutElfAndArgumentsFollowArgvZero() throws IOException {
        Outcome run = czemu("run", sample("hello").toString(), "--", "-x", "two");
        assertTrue(run.out().contains("argv[0] = /hello\nargv[1] = -x\nargv[2] = two\n"), run.out());
    }

    @Test
    void missingFileIsOneLineErrorNotAStackTrace() {
        Outcome run = czemu("run", dir.resolve("nothere.elf").toString());
        assertEquals(125, run.status());
        assertEquals("czemu: error: " + dir.resolve("nothere.elf") + ": no such file\n", run.err());
    }

    @Test
    void notAnElfIsOneLineErrorNamingTheFileAndProblem() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not an ELF file at all");
        Outcome run = czemu("run", text.toString());
        assertEquals(125, run.status());
        assertTrue(run.err().startsWith("czemu: error: /notes.txt: not an ELF file"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void truncatedElfIsOneLineError() throws IOException {
        byte[] hello = Samples.elf("hello");
        Path cut = dir.resolve("cut.elf");
        Files.write(cut, java.util.Arrays.copyOf(hello, 200));
        Outcome run = czemu("run", cut.toString());
        assertEquals(125, run.status());
        assertTrue(run.err().startsWith("czemu: error: /cut: truncated"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void faultingProgramReportsOnStderrAndExitsLikeASignalledProcess() throws IOException {
        Outcome run = czemu("run", sample("segv").toString());
        assertEquals(139, run.status());
        assertEquals("segv: about to touch an unmapped address\n", run.out());
        assertTrue(run.err().startsWith("czemu: task 2 (/segv) killed by SIGSEGV: write at 0x10000000"), run.err());
    }

    @Test
    void timeoutStopsARunningProgram() throws IOException {
        Outcome run = czemu("run", "--timeout", "0.3", sample("cpuloop").toString(), "--", "2000000000");
        assertEquals(124, run.status(), run.err());
        assertTrue(run.err().contains("--timeout"), run.err());
    }

    @Test
    void rootImportsAHostTreeReadOnlyAndFollowsNoLinkOutOfIt() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/motd"), "hello from the host\n");
        Path outside = Files.writeString(dir.resolve("secret.txt"), "secret\n");
        Files.createSymbolicLink(root.resolve("etc/link"), outside);
        Outcome read = czemu("run", "--root", root.toString(), sample("cat").toString(), "--", "/etc/motd");
        assertEquals(0, read.status(), read.err());
        assertEquals("hello from the host\ncat: write: errno 13\n", read.out()); // EACCES: imports are read-only
        Outcome link = czemu("run", "--root", root.toString(), sample("cat").toString(), "--", "/etc/link");
        assertEquals("cat: /etc/link: open failed, errno 2\n", link.out());
        assertEquals("hello from the host\n", Files.readString(root.resolve("etc/motd")), "the host file never changes");
    }

    @Test
    void fileImportsOneHostFileAndWritableLetsTheGuestWriteItsCopy() throws IOException {
        Path data = Files.writeString(dir.resolve("data.txt"), "some data\n");
        Outcome run = czemu("run", "--writable", "--file", data + ":/home/data.txt", sample("cat").toString(), "--", "/home/data.txt");
        assertEquals("some data\ncat: write: ok\n", run.out());
        assertEquals("some data\n", Files.readString(data));
        Outcome bad = czemu("run", "--file", "data.txt", sample("cat").toString());
        assertEquals(125, bad.status());
        assertTrue(bad.err().startsWith("czemu: error: --file data.txt: expected HOST:GUEST"), bad.err());
    }

    @Test
    void configWithTwoContainersLetsAThreadReachTheOtherContainerByItsId() throws IOException {
        Path program = sample("xcontainer");
        Path config = Files.writeString(dir.resolve("two.ini"), String.join("\n",
                "# the first container waits; the second sends to its thread 2 by id",
                "[machine]", "scheduling = deterministic", "",
                "[container first]", "program = " + program.getFileName(), "reach = second", "",
                "[container second]", "program = " + program.getFileName(), "args = 0x00000002", "reach = first", ""));
        Outcome run = czemu("run", "--config", config.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals("xcontainer 2 (container 0): message 0xc0de from thread 1000004 (container 1)\n"
                + "xcontainer 1000004 (container 1): answer 0xc0df from thread 2\n", run.out());
    }

    @Test
    void aTaskWithTheCapabilityControlShareCannotGetACapabilityToAnotherContainer() throws IOException {
        Path config = Files.writeString(dir.resolve("forbidden.ini"), String.join("\n",
                "[machine]", "scheduling = deterministic", "",
                "[container first]", "program = " + sample("forbidden"), "args = 0x01000003", "share = capability-control", "",
                "[container second]", "program = " + sample("hello"), ""));
        Outcome run = czemu("run", "--config", config.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("ask the pager for a capability to a thread of another container: expected -134, got -134\n"),
                "0x01000003 is the second container's mm0; no IPC cap of the first pager names it: " + run.out());
        assertTrue(run.out().contains("grant the immutable capability to the pager: expected -1, got -1\n"), run.out());
        assertTrue(run.out().contains("FORBIDDEN STEPS TEST -- PASSED --\n"), run.out());
        assertFalse(run.out().contains("WRONG"), run.out());
    }

    @Test
    void shareNamesOnlyWhatCanBeShared() throws IOException {
        Outcome run = czemu("run", "--share", "everything", sample("hello").toString());
        assertEquals(125, run.status(), run.err());
        assertTrue(run.err().contains("knows thread-control, capability-control and memory, not everything"), run.err());
    }

    @Test
    void aContainerThatFillsItsMemoryRegionLosesOnlyItsOwnTask() throws IOException {
        Path program = sample("pages");
        Path config = Files.writeString(dir.resolve("regions.ini"), String.join("\n",
                "[machine]", "ram = 40", "scheduling = deterministic", "",
                "[container worker]", "program = " + program.getFileName(), "", // 16 MiB, touched at the hog's pace
                "[container hog]", "program = " + program.getFileName(), "ram = 8", ""));
        Outcome run = czemu("run", "--config", config.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("pages: 4096 pages read back, 0 bad"), run.out());
        assertTrue(run.err().contains("out of memory"), "the hog, asking 16 MiB in an 8 MiB region, is killed: " + run.err());
    }

    @Test
    void badConfigIsOneLineErrorWithFileAndLine() throws IOException {
        Path config = Files.writeString(dir.resolve("bad.ini"), "[container c]\nprogam = x.elf\n");
        Outcome run = czemu("run", "--config", config.toString());
        assertEquals(125, run.status());
        assertEquals("czemu: error: " + config + ":2: unknown key 'progam' in [container]\n", run.err());
    }

    @Test
    void helpAndVersion() {
        Outcome help = czemu("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("run"), help.out());
        Outcome runHelp = czemu("run", "--help");
        assertTrue(runHelp.out().contains("--deterministic"), runHelp.out());
        Outcome version = czemu("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("czemu "), version.out());
    }

    @Test
    void badOptionIsAUsageError() {
        Outcome run = czemu("run", "--no-such-option");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("Unknown option"), run.err());
    }
}
