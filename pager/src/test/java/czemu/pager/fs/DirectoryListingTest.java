package czemu.pager.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DirectoryListingTest {
    private final MemFs fs = new MemFs();

    @Test
    void dotAndDotDotAre267ByteRecordsThenOne43ByteRecordPerEntry() {
        fs.makeDirectory(fs.root(), "/usr");
        fs.createFile(fs.root(), "/text.txt");
        byte[] listing = DirectoryListing.of(fs.root(), 2048);
        assertEquals(267 * 2 + 43 * 2, listing.length);
        ByteBuffer records = ByteBuffer.wrap(listing).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(267, records.getShort(8));
        assertEquals(".", name(listing, 11));
        assertEquals("..", name(listing, 267 + 11));
        assertEquals(43, records.getShort(534 + 8));
        assertEquals("usr", name(listing, 534 + 11));
        assertEquals("text.txt", name(listing, 534 + 43 + 11));
    }

    @Test
    void walkingByRecordLengthEndsWithinTheBufferHoweverManyEntries() {
        for (int i = 0; i < 100; i++) fs.createFile(fs.root(), "/file-" + i);
        byte[] listing = DirectoryListing.of(fs.root(), 50 * 268);
        assertTrue(listing.length <= 2048);
        ByteBuffer records = ByteBuffer.wrap(listing).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0, count = 0;
        while (at < listing.length) {
            int length = records.getShort(at + 8);
            assertTrue(length > 0);
            at += length;
            count++;
        }
        assertEquals(listing.length, at);
        assertEquals(2 + (2048 - 534) / 43, count);
    }

    private static String name(byte[] bytes, int offset) {
        int end = offset;
        while (bytes[end] != 0) end++;
        return new String(bytes, offset, end - offset);
    }
}
