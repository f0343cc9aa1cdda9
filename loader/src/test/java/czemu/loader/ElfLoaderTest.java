package czemu.loader;

import static czemu.loader.TestElf.PT_NOTE;
import static czemu.loader.TestElf.R;
import static czemu.loader.TestElf.W;
import static czemu.loader.TestElf.X;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the loader accepts, and the one-line message for each thing it refuses. */
class ElfLoaderTest {

    private static LoadImage load(byte[] elf) throws LoaderException {
        return ElfLoader.load("t.elf", elf, TaskRegion.CODEZERO_POSIX);
    }

    /** Loads, expects a refusal, and returns its message after checking it is one line naming the file. */
    private static String refusal(String name, byte[] elf) {
        LoaderException e = assertThrows(LoaderException.class,
                () -> ElfLoader.load(name, elf, TaskRegion.CODEZERO_POSIX));
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(name, e.file());
        return e.getMessage();
    }

    private static String refusal(byte[] elf) {
        return refusal("t.elf", elf);
    }

    @Test
    void loadsTextDataAndBssProgram() throws Exception {
        TestElf t = TestElf.minimal().load(0x40001000, 0x2000, R | W, 0x300).entry(0x40000010);
        t.osAbi = 3;
        byte[] elf = t.build();
        LoadImage image = ElfLoader.load("test0.elf", elf, TaskRegion.CODEZERO_POSIX);
        assertEquals("test0.elf", image.name());
        assertEquals(0x40000010, image.entry());
        assertFalse(image.entryIsThumb());
        assertEquals(2, image.segments().size());
        assertEquals(0x40003000, image.imageEnd());
        assertEquals(3, image.osAbi());
        assertEquals(0x05000200, image.flags());
        assertArrayEquals(elf, image.bytes());
        assertTrue(image.symbols().all().isEmpty());
    }

    @Test
    void imageKeepsItsOwnCopyOfTheFile() throws Exception {
        byte[] elf = TestElf.minimal().build();
        LoadImage image = load(elf);
        Arrays.fill(elf, (byte) 0);
        assertEquals(0x7f, image.bytes()[0]);
    }

    @Test
    void thumbEntryBitIsClearedAndReported() throws Exception {
        LoadImage image = load(TestElf.minimal().entry(0x40000021).build());
        assertEquals(0x40000020, image.entry());
        assertTrue(image.entryIsThumb());
    }

    @Test
    void segmentsAreSortedByVaddrAndKeepTheirHeaderIndex() throws Exception {
        byte[] elf = new TestElf().other(PT_NOTE).load(0x40002000, 0x100, R | W, 0x10)
                .load(0x40000000, 0x100, R | X, 0x10).build();
        List<LoadSegment> segments = load(elf).segments();
        assertEquals(List.of(0x40000000, 0x40002000), segments.stream().map(LoadSegment::vaddr).toList());
        assertEquals(List.of(2, 1), segments.stream().map(LoadSegment::index).toList());
    }

    @Test
    void skipsZeroLengthLoadSegment() throws Exception {
        byte[] elf = TestElf.minimal().load(0x40000000, 0, R, 0).build();
        assertEquals(1, load(elf).segments().size());
    }

    @Test
    void rejectsNonElfWithOneLineMessage() {
        byte[] text = "#!/bin/sh\necho hello\n".getBytes();
        assertEquals("hello.elf: not an ELF file (bad magic)", refusal("hello.elf", text));
        assertEquals("e.elf: not an ELF file (empty)", refusal("e.elf", new byte[0]));
    }

    @Test
    void rejectsTruncatedElfHeader() {
        byte[] elf = Arrays.copyOf(TestElf.minimal().build(), 40);
        assertEquals("t.elf: truncated: ELF header ends at 0x34 but the file has 0x28 bytes", refusal(elf));
        assertTrue(refusal(Arrays.copyOf(elf, 3)).contains("truncated: ELF identification"));
    }

    @Test
    void rejectsTruncatedProgramHeaders() {
        byte[] elf = Arrays.copyOf(TestElf.minimal().load(0x40001000, 0x10, R | W, 0x10).build(), 100);
        assertEquals("t.elf: truncated: program headers end at 0x74 but the file has 0x64 bytes", refusal(elf));
    }

    @Test
    void rejectsTruncatedSegmentBytes() {
        byte[] full = TestElf.minimal().build(); // 0x100 bytes of text at offset 0x1000
        byte[] elf = Arrays.copyOf(full, 0x1080);
        assertEquals("t.elf: truncated: segment 0's file bytes end at 0x1100 but the file has 0x1080 bytes",
                refusal(elf));
    }

    @Test
    void rejectsTruncatedSectionHeaders() {
        byte[] full = TestElf.minimal().function("main", 0x40000000, 0x10).build();
        int shoff = TestElf.u32(full, 32);
        byte[] elf = Arrays.copyOf(full, shoff + 50);
        assertEquals(String.format("x.elf: truncated: section headers end at 0x%x but the file has 0x%x bytes",
                shoff + 5 * 40, shoff + 50), refusal("x.elf", elf));
    }

    @Test
    void rejectsElf64() {
        TestElf t = TestElf.minimal();
        t.elfClass = 2;
        assertTrue(refusal(t.build()).contains("not a 32-bit ELF file (ELFCLASS64)"));
    }

    @Test
    void rejectsBigEndian() {
        TestElf t = TestElf.minimal();
        t.data = 2;
        assertTrue(refusal(t.build()).contains("not a little-endian ELF file (ELFDATA2MSB, big-endian)"));
    }

    @Test
    void rejectsNonArmMachine() {
        TestElf t = TestElf.minimal();
        t.machine = 62;
        assertEquals("t.elf: not an ARM program: e_machine 62 (x86-64), expected EM_ARM 40", refusal(t.build()));
    }

    @Test
    void rejectsSharedObjectAsNotAnExecutable() {
        TestElf t = TestElf.minimal();
        t.type = 3;
        assertTrue(refusal(t.build()).startsWith("t.elf: not an executable: e_type 3 (ET_DYN"));
        t.type = 1;
        assertTrue(refusal(t.build()).contains("ET_REL"));
    }

    @Test
    void rejectsNoLoadSegments() {
        assertEquals("t.elf: no PT_LOAD segments", refusal(new TestElf().build()));
        assertEquals("t.elf: no PT_LOAD segments", refusal(new TestElf().other(PT_NOTE).build()));
        assertEquals("t.elf: no PT_LOAD segments", refusal(new TestElf().load(0x40000000, 0, R | X, 0).build()));
    }

    @Test
    void rejectsBadProgramHeaderEntrySize() {
        byte[] elf = TestElf.minimal().build();
        TestElf.put32(elf, 42, 0x00010028); // e_phentsize 0x28, e_phnum 1
        assertEquals("t.elf: program header entry size 0x28, expected 0x20", refusal(elf));
    }

    @Test
    void rejectsFileSizeLargerThanMemSize() {
        byte[] elf = TestElf.minimal().loadClaiming(0x40001000, 0x100, R | W, 0x200).build();
        assertEquals("t.elf: segment 1 [0x40001000+0x100] has file size 0x200 larger than its memory size",
                refusal(elf));
    }

    @Test
    void rejectsSegmentOutsideTaskRegion() {
        byte[] below = new TestElf().load(0x8000, 0x100, R | X, 0x10).entry(0x8000).build();
        assertEquals("t.elf: segment 0 [0x8000+0x100] lies outside the task region [0x40000000, 0x80000000)",
                refusal(below));
        byte[] straddling = TestElf.minimal().load(0x7ffff000, 0x2000, R | W, 0x10).build();
        assertTrue(refusal(straddling).contains("segment 1 [0x7ffff000+0x2000] lies outside"));
        byte[] reachingTheTop = TestElf.minimal().loadClaiming(0x7ffff000, 0x80000000, R | W, 0).build();
        assertTrue(refusal(reachingTheTop).contains("segment 1 [0x7ffff000+0x80000000] lies outside"));
        // vaddr + memsz wraps around in 32 bits: must not look like a small segment.
        byte[] wrapping = TestElf.minimal().loadClaiming(0xf0000000, 0x20000000, R | W, 0).build();
        assertEquals("t.elf: segment 1 [0xf0000000+0x20000000] runs past the end of the 32-bit address space",
                refusal(wrapping));
    }

    @Test
    void acceptsSegmentEndingExactlyAtRegionEnd() throws Exception {
        byte[] elf = TestElf.minimal().load(0x7ffff000, 0x1000, R | W, 0x10).build();
        assertEquals(0x80000000, load(elf).imageEnd());
    }

    @Test
    void rejectsOverlappingSegments() {
        byte[] elf = TestElf.minimal().load(0x40001000, 0x9000, R | W, 0x10)
                .load(0x40009000, 0xd874, R | W, 0x10).build();
        assertEquals("test0.elf: segment 2 [0x40009000+0xd874] overlaps segment 1", refusal("test0.elf", elf));
    }

    @Test
    void rejectsSegmentsSharingAPage() {
        // No byte overlaps, but text's last page is data's first page.
        byte[] elf = TestElf.minimal().load(0x40000100, 0x100, R | W, 0x10).build();
        assertEquals("t.elf: segment 1 [0x40000100+0x100] overlaps segment 0", refusal(elf));
    }

    @Test
    void rejectsSegmentInsideAnEarlierLargeOne() {
        byte[] elf = new TestElf().load(0x40000000, 0x10000, R | X, 0x10)
                .load(0x40008000, 0x10, R | W, 0x10).build();
        assertEquals("t.elf: segment 1 [0x40008000+0x10] overlaps segment 0", refusal(elf));
    }

    @Test
    void acceptsSegmentsOnAdjacentPages() throws Exception {
        byte[] elf = TestElf.minimal().load(0x40001000, 0x100, R | W, 0x10).build();
        assertEquals(2, load(elf).segments().size());
    }

    @Test
    void rejectsEntryOutsideExecutableSegment() {
        byte[] inData = TestElf.minimal().load(0x40001000, 0x100, R | W, 0x10).entry(0x40001000).build();
        assertEquals("t.elf: entry point 0x40001000 is not inside an executable segment", refusal(inData));
        byte[] pastText = TestElf.minimal().entry(0x40000100).build();
        assertTrue(refusal(pastText).contains("entry point 0x40000100"));
        byte[] zero = TestElf.minimal().entry(0).build();
        assertTrue(refusal(zero).contains("entry point 0x0 "));
    }

    @Test
    void respectsACustomTaskRegion() throws Exception {
        byte[] elf = new TestElf().load(0x8000, 0x100, R | X, 0x10).entry(0x8000).build();
        assertEquals(0x8000, ElfLoader.load("t.elf", elf, new TaskRegion(0x8000, 0x9000)).entry());
    }
}
