package czemu.loader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed sample programs (samples/bin, a sibling Maven module read by path) load, and jelf
 * reads them the same way. Skipped while the samples are not built yet.
 */
class SampleElfTest {

    // Surefire runs with the module directory as the working directory.
    private static final Path SAMPLES = Path.of("..", "samples", "bin");

    @Test
    void committedSamplesLoadAndAgreeWithJelf() throws IOException, LoaderException {
        List<Path> elves = List.of();
        if (Files.isDirectory(SAMPLES)) {
            try (Stream<Path> files = Files.list(SAMPLES)) {
                elves = files.filter(p -> p.toString().endsWith(".elf")).sorted().toList();
            }
        }
        assumeTrue(!elves.isEmpty(), "no sample ELFs in " + SAMPLES.toAbsolutePath().normalize()
                + " yet; build them with samples/Makefile");
        for (Path path : elves) {
            byte[] bytes = Files.readAllBytes(path);
            LoadImage image = ElfLoader.load(path.getFileName().toString(), bytes, TaskRegion.CODEZERO_POSIX);
            assertFalse(image.segments().isEmpty(), path.toString());
            assertTrue(image.symbols().lookup("_start").isPresent() || image.symbols().all().isEmpty(),
                    path + ": has symbols but no _start");
            JelfOracle.assertAgrees(bytes, image);
        }
    }

    @Test
    void builtImagesAgreeWithJelf() throws LoaderException {
        byte[] elf = new TestElf().load(0x40000000, 0x1000, TestElf.R | TestElf.X, 0x800)
                .load(0x40001000, 0x3000, TestElf.R | TestElf.W, 0x100)
                .function("_start", 0x40000000, 0x20).function("main", 0x40000021, 0x40)
                .symbol("buffer", 0x40001100, 0x200, TestElf.STT_OBJECT, TestElf.GLOBAL, 2)
                .build();
        JelfOracle.assertAgrees(elf, ElfLoader.load("t.elf", elf, TaskRegion.CODEZERO_POSIX));
    }
}
