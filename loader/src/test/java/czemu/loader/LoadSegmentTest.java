package czemu.loader;

import static czemu.loader.TestElf.R;
import static czemu.loader.TestElf.W;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bss rule: file pages, in-place zeroing of the last file page, anonymous pages after it. */
class LoadSegmentTest {

    private static LoadSegment data(int vaddr, int memSize, int fileSize) {
        return new LoadSegment(1, vaddr, memSize, fileSize, 0x9000, true, true, false);
    }

    @Test
    void bssPastDataPageIsAnonymousFromNextBoundary() {
        LoadSegment s = data(0x40009000, 0xd874, 0x874);
        assertEquals(0x40009000, s.filePagesStart());
        assertEquals(0x4000a000, s.filePagesEnd());
        assertEquals(0x40009874, s.zeroInPlaceStart());
        assertEquals(0x4000a000, s.zeroInPlaceEnd());
        // The 9b71f2b bug started the anonymous mapping at 0x40009874, on the data page.
        assertEquals(0x4000a000, s.anonymousStart());
        assertEquals(0x40017000, s.anonymousEnd());
        assertTrue(s.hasAnonymousPages());
    }

    @Test
    void bssPastUnalignedDataStartsAnonymousAfterTheLastFilePage() {
        LoadSegment s = data(0x40009100, 0x3000, 0x1000);
        assertEquals(0x40009000, s.filePagesStart());
        assertEquals(0x4000b000, s.filePagesEnd());
        assertEquals(0x4000a100, s.zeroInPlaceStart());
        assertEquals(0x4000b000, s.zeroInPlaceEnd());
        assertEquals(0x4000b000, s.anonymousStart());
        assertEquals(0x4000d000, s.anonymousEnd());
    }

    @Test
    void bssInsideLastDataPageIsZeroedInPlace() {
        LoadSegment s = data(0x40009000, 0x200, 0x100);
        assertEquals(0x40009100, s.zeroInPlaceStart());
        assertEquals(0x40009200, s.zeroInPlaceEnd());
        assertEquals(0x4000a000, s.anonymousStart());
        assertEquals(0x4000a000, s.anonymousEnd());
        assertFalse(s.hasAnonymousPages());
    }

    @Test
    void memSizeEndingOnPageBoundaryNeedsNoAnonymousPages() {
        LoadSegment s = data(0x40009000, 0x1000, 0x800);
        assertEquals(0x40009800, s.zeroInPlaceStart());
        assertEquals(0x4000a000, s.zeroInPlaceEnd());
        assertFalse(s.hasAnonymousPages());
        assertEquals(0x4000a000, s.anonymousEnd());
    }

    @Test
    void fileSizeEndingOnPageBoundaryZeroesNothingInPlace() {
        LoadSegment s = data(0x40009000, 0x2000, 0x1000);
        assertEquals(0x4000a000, s.filePagesEnd());
        assertEquals(s.zeroInPlaceStart(), s.zeroInPlaceEnd());
        assertEquals(0x4000a000, s.anonymousStart());
        assertEquals(0x4000b000, s.anonymousEnd());
    }

    @Test
    void pureBssSegmentHasNoFilePages() {
        LoadSegment aligned = data(0x4000a000, 0x1800, 0);
        assertEquals(aligned.filePagesStart(), aligned.filePagesEnd());
        assertEquals(aligned.zeroInPlaceStart(), aligned.zeroInPlaceEnd());
        assertEquals(0x4000a000, aligned.anonymousStart());
        assertEquals(0x4000c000, aligned.anonymousEnd());

        // Unaligned: the page holding vaddr is still anonymous, not a file page.
        LoadSegment unaligned = data(0x4000a010, 0x10, 0);
        assertEquals(0x4000a000, unaligned.filePagesStart());
        assertEquals(0x4000a000, unaligned.filePagesEnd());
        assertEquals(unaligned.zeroInPlaceStart(), unaligned.zeroInPlaceEnd());
        assertEquals(0x4000a000, unaligned.anonymousStart());
        assertEquals(0x4000b000, unaligned.anonymousEnd());
    }

    @Test
    void filePagesOffsetBacksUpToThePageStart() {
        LoadSegment s = new LoadSegment(1, 0x40009874, 0x10, 0x10, 0x1874, true, true, false);
        assertEquals(0x1000, s.filePagesOffset());
    }

    @Test
    void segmentNotCongruentWithItsFileOffsetHasUnalignedPageOffset() {
        // ld -N packs segments without page alignment; such a segment must be copied, not mapped.
        assertEquals(0x34, new LoadSegment(0, 0x40000000, 0x10, 0x10, 0x34, true, false, true).filePagesOffset());
        assertEquals(-0xcc, new LoadSegment(0, 0x40000100, 0x10, 0x10, 0x34, true, false, true).filePagesOffset());
    }

    @Test
    void loaderReportsBssLayoutAndProtectionsFromProgramHeaders() throws Exception {
        byte[] elf = TestElf.minimal().load(0x40009000, 0xd874, R | W, 0x874).build();
        LoadImage image = ElfLoader.load("t.elf", elf, TaskRegion.CODEZERO_POSIX);
        LoadSegment text = image.segments().get(0);
        LoadSegment data = image.segments().get(1);
        assertTrue(text.readable() && !text.writable() && text.executable());
        assertTrue(data.readable() && data.writable() && !data.executable());
        assertEquals(0x874, data.fileSize());
        assertEquals(0x4000a000, data.anonymousStart());
        assertEquals(0x40017000, image.imageEnd());
        // The reported offset holds the segment's bytes (TestElf's pattern starts at 2 for the 2nd header).
        assertEquals(2, elf[(int) data.fileOffset()]);
        assertEquals(data.vaddr() & 0xfff, data.fileOffset() % 4096);
    }
}
