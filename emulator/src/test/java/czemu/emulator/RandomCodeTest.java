package czemu.emulator;

import czemu.emulator.machine.Machine;
import czemu.emulator.machine.MachineConfig;
import czemu.emulator.machine.RunResult;
import czemu.emulator.trace.Instruction;
import czemu.emulator.trace.TraceFormat;
import czemu.emulator.trace.TracePoint;
import czemu.emulator.trace.TraceReader;
import czemu.emulator.trace.TraceRecord;
import czemu.emulator.trace.TraceRecorder;
import czemu.loader.ElfLoader;
import czemu.loader.ElfSymbol;
import czemu.loader.LoadImage;
import czemu.loader.LoadSegment;
import czemu.loader.TaskRegion;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Whatever a guest executes, the emulator survives it: random words in place of a program's main
 * (undefined instructions, wild loads and stores, SVCs from anywhere, device accesses, branches
 * into nowhere) end in an exit, a kill, a halt or the timeout, with reports, never with an
 * exception or a dead JVM.
 */
class RandomCodeTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void randomArmCodeNeverTakesTheEmulatorDown(long seed) throws Exception {
        runMutated(seed, false);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110})
    void randomThumbCodeNeverTakesTheEmulatorDown(long seed) throws Exception {
        runMutated(seed, true);
    }

    /** The same, recorded: the recorder survives it too, and what it wrote reads back line by line. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 101, 102, 103, 104})
    void randomCodeIsRecordedAndItsTraceReadsBack(long seed, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("random.trace");
        TracePoint enough = new TracePoint(TracePoint.Kind.COUNT, 100_000, "100000"); // a spinning guest would fill the disk
        try (Machine machine = new Machine(MachineConfig.defaults().withTimeout(2_000), OutputStream.nullOutputStream(), line -> { })) {
            TraceRecorder recorder = TraceRecorder.attach(machine.kernel(),
                    new TraceRecorder.Options(file, TraceRecorder.Mode.FULL, null, enough), "/hello");
            assertNotNull(machine.run("/hello", mutated(seed, seed > 100), List.of()).ending());
            recorder.close();
        }
        long instructions = 0;
        try (TraceReader reader = TraceFormat.open(file, TraceFormat.CZEMU)) {
            for (TraceRecord record = reader.next(); record != null; record = reader.next()) {
                if (record instanceof Instruction) instructions++;
            }
        }
        assertTrue(instructions > 100, "the start-up code at least: " + instructions);
    }

    private static void runMutated(long seed, boolean thumb) throws Exception {
        byte[] elf = mutated(seed, thumb);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> reports = new ArrayList<>();
        try (Machine machine = new Machine(MachineConfig.defaults().withTimeout(2_000), console, reports::add)) {
            RunResult result = machine.run("/hello", elf, List.of());
            assertNotNull(result.ending());
            for (String report : reports) {
                assertFalse(report.contains("Exception"), "a report leaked a Java exception: " + report);
                assertEquals(1, report.lines().count(), "reports are one line: " + report);
            }
        }
    }

    /** hello with random words in place of its main, entered in ARM or Thumb state. */
    private static byte[] mutated(long seed, boolean thumb) throws Exception {
        byte[] elf = Samples.elf("hello");
        LoadImage image = ElfLoader.load("hello", elf, TaskRegion.CODEZERO_POSIX);
        ElfSymbol main = image.symbols().lookup("main").orElseThrow();
        LoadSegment text = image.segments().get(0);
        int offset = (int) (text.fileOffset() + (main.address() - text.vaddr()));
        Random random = new Random(seed);
        // Keep the first instruction a branch into the random words in the wanted state: "add r0, pc, #1; bx r0" for Thumb.
        int words = Math.max(8, Math.min(main.size() / 4, 64));
        for (int i = 0; i < words; i++) {
            int word = random.nextInt();
            if (random.nextInt(8) == 0) word = (word & 0x0FFFFFFF) | 0xE0000000; // many always-executed ARM words
            putWord(elf, offset + 4 * i, word);
        }
        if (thumb) {
            putWord(elf, offset, 0xE28F0001); // add r0, pc, #1 (pc reads 8 ahead: the word after next)
            putWord(elf, offset + 4, 0xE12FFF10); // bx r0
        }
        return elf;
    }

    private static void putWord(byte[] bytes, int offset, int word) {
        bytes[offset] = (byte) word;
        bytes[offset + 1] = (byte) (word >>> 8);
        bytes[offset + 2] = (byte) (word >>> 16);
        bytes[offset + 3] = (byte) (word >>> 24);
    }
}
