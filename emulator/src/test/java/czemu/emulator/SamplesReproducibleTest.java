package czemu.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The committed ELFs are what samples/Makefile builds from the committed sources: the Codezero ones with
 * arm-none-eabi-gcc, the Linux ones (bin/gnu) with arm-linux-gnueabi-gcc.
 */
class SamplesReproducibleTest {
    @TempDir
    Path work;

    @Test
    void committedElfsAreRebuiltByteForByteFromTheirSources() throws Exception {
        Assumptions.assumeTrue(onPath("arm-none-eabi-gcc"),
                "arm-none-eabi-gcc is not installed (Debian: gcc-arm-none-eabi); the committed sample ELFs are not rebuilt");
        rebuildAndCompare("codezero", false);
    }

    @Test
    void committedLinuxElfsAreRebuiltByteForByteFromTheirSources() throws Exception {
        Assumptions.assumeTrue(onPath("arm-linux-gnueabi-gcc"),
                "arm-linux-gnueabi-gcc is not installed (Debian: gcc-arm-linux-gnueabi); the committed Linux samples (bin/gnu) are not rebuilt");
        rebuildAndCompare("gnu", true);
    }

    /** Runs {@code make target} on a copy of samples/ and compares the ELFs it built with the committed ones (bin/gnu's or the others). */
    private void rebuildAndCompare(String target, boolean linux) throws Exception {
        Path samples = Paths.get("..", "samples").toAbsolutePath().normalize();
        try (Stream<Path> parts = Files.list(samples)) {
            for (Path part : parts.toList()) {
                String name = part.getFileName().toString();
                if (!List.of("bin", "build", "target", "pom.xml").contains(name)) copy(part, work.resolve(name));
            }
        }
        Process make = new ProcessBuilder("make", "-s", "-C", work.toString(), target).redirectErrorStream(true).start();
        String log = new String(make.getInputStream().readAllBytes());
        assertTrue(make.waitFor(300, TimeUnit.SECONDS), "make timed out");
        assertEquals(0, make.exitValue(), log);
        Path gnu = samples.resolve("bin").resolve("gnu");
        try (Stream<Path> elfs = Files.walk(samples.resolve("bin"))) {
            for (Path committed : elfs.filter(p -> p.toString().endsWith(".elf") && p.startsWith(gnu) == linux).toList()) {
                Path rebuilt = work.resolve("bin").resolve(samples.resolve("bin").relativize(committed).toString());
                assertTrue(Files.exists(rebuilt), "make did not build " + committed.getFileName());
                assertTrue(Arrays.equals(Files.readAllBytes(committed), Files.readAllBytes(rebuilt)),
                        committed.getFileName() + " differs from a fresh build: run make -C samples and commit");
            }
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Paths.get(dir, tool)));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : all.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) Files.createDirectories(target);
                else Files.copy(source, target);
            }
        }
    }
}
