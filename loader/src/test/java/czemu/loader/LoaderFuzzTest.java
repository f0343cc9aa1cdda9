package czemu.loader;

import static czemu.loader.TestElf.GLOBAL;
import static czemu.loader.TestElf.PT_NOTE;
import static czemu.loader.TestElf.R;
import static czemu.loader.TestElf.STT_OBJECT;
import static czemu.loader.TestElf.W;
import static czemu.loader.TestElf.X;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Damaged files must end in a LoaderException or in an image that still keeps the loader's
 * promises; never in another exception. An "internal error" message means a read escaped its
 * bounds check, so it fails the test too.
 */
class LoaderFuzzTest {

    private static final byte[] VALID = new TestElf().other(PT_NOTE)
            .load(0x40000000, 0x1000, R | X, 0x800)
            .load(0x40001000, 0x3000, R | W, 0x100)
            .function("_start", 0x40000000, 0x20).function("main", 0x40000021, 0x40)
            .symbol("buffer", 0x40001100, 0x200, STT_OBJECT, GLOBAL, 3)
            .build();

    @Test
    void truncationAtEveryLengthIsRefusedCleanly() {
        for (int length = 0; length < VALID.length; length++) {
            Outcome outcome = loadChecked(Arrays.copyOf(VALID, length), "truncated to " + length);
            if (outcome == Outcome.LOADED) {
                fail("a truncated file loaded: length " + length);
            }
        }
    }

    @Test
    void randomByteDamageNeverEscapesAsAnotherException() {
        Random random = new Random(0xC0DE2E80L);
        int loaded = 0;
        int refused = 0;
        int shoff = TestElf.u32(VALID, 32);
        for (int round = 0; round < 20_000; round++) {
            byte[] elf = VALID.clone();
            int damage = 1 + random.nextInt(4);
            for (int d = 0; d < damage; d++) {
                // Aim mostly at headers and tables, where damage changes how the rest is read.
                int at = switch (random.nextInt(4)) {
                    case 0, 1 -> random.nextInt(52 + 3 * 32);
                    case 2 -> shoff - 0x80 + random.nextInt(elf.length - shoff + 0x80);
                    default -> random.nextInt(elf.length);
                };
                elf[at] = switch (random.nextInt(3)) {
                    case 0 -> (byte) (elf[at] ^ (1 << random.nextInt(8)));
                    case 1 -> (byte) new int[] {0, 0xff, 0x7f, 0x80, 0x01}[random.nextInt(5)];
                    default -> (byte) random.nextInt(256);
                };
            }
            if (random.nextInt(8) == 0) {
                elf = Arrays.copyOf(elf, random.nextInt(elf.length));
            }
            if (loadChecked(elf, "round " + round) == Outcome.LOADED) {
                loaded++;
            } else {
                refused++;
            }
        }
        // Both outcomes must occur, or the damage was not exercising the loader.
        assertTrue(loaded > 100 && refused > 100, "loaded " + loaded + ", refused " + refused);
    }

    @Test
    void damagedSampleProgramIsRefusedCleanly() throws IOException {
        Path hello = Path.of("..", "samples", "bin", "hello.elf");
        Assumptions.assumeTrue(Files.isRegularFile(hello),
                "samples/bin/hello.elf not built yet");
        byte[] valid = Files.readAllBytes(hello);
        Random random = new Random(42);
        for (int round = 0; round < 3_000; round++) {
            byte[] elf = valid.clone();
            for (int d = 1 + random.nextInt(4); d > 0; d--) {
                elf[random.nextInt(random.nextBoolean() ? 0x200 : elf.length)] = (byte) random.nextInt(256);
            }
            loadChecked(random.nextInt(4) == 0 ? Arrays.copyOf(elf, random.nextInt(elf.length)) : elf,
                    "hello.elf round " + round);
        }
    }

    private enum Outcome { LOADED, REFUSED }

    private static Outcome loadChecked(byte[] elf, String what) {
        try {
            checkPromises(ElfLoader.load("f.elf", elf, TaskRegion.CODEZERO_POSIX), elf.length, what);
            return Outcome.LOADED;
        } catch (LoaderException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith("f.elf: "), what + ": " + m);
            assertFalse(m.contains("\n") || m.contains("internal error"), what + ": " + m);
            return Outcome.REFUSED;
        } catch (Throwable t) {
            throw new AssertionError(what + ": escaped as " + t, t);
        }
    }

    /** What a caller may rely on for any image the loader returns. */
    private static void checkPromises(LoadImage image, int fileLength, String what) {
        List<LoadSegment> segments = image.segments();
        assertFalse(segments.isEmpty(), what);
        boolean entryOk = false;
        for (int i = 0; i < segments.size(); i++) {
            LoadSegment s = segments.get(i);
            assertTrue(TaskRegion.CODEZERO_POSIX.contains(s.vaddr(), s.memSize()), what);
            assertTrue(s.fileSize() == 0 || s.fileOffset() + Integer.toUnsignedLong(s.fileSize()) <= fileLength, what);
            if (i > 0) {
                assertTrue(Integer.compareUnsigned(segments.get(i - 1).anonymousEnd(), s.filePagesStart()) <= 0, what);
            }
            entryOk |= s.executable() && Integer.compareUnsigned(image.entry() - s.vaddr(), s.memSize()) < 0;
        }
        assertTrue(entryOk, what);
        image.symbols().all().forEach(sym -> image.symbols().describe(sym.address()));
    }
}
