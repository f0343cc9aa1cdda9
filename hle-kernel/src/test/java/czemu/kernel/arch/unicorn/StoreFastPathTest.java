package czemu.kernel.arch.unicorn;

import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The store fast-path patch finds its one instruction in the library czemu ships, and touches nothing else anywhere. */
class StoreFastPathTest {
    private static final byte[] SITE = {0x48, (byte) 0x8b, 0x74, 0x24, 0x20, 0x41, (byte) 0x81, (byte) 0xc8, 0x00, 0x01, 0x00, 0x00,
        (byte) 0x80, 0x7e, 0x30, 0x00, 0x0f, (byte) 0x84};

    @Test
    void theShippedLibraryHasExactlyTheOneInstructionReplacedByANop() throws Exception {
        byte[] original;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("natives/linux_64/libunicorn.so")) {
            Assumptions.assumeTrue(in != null, "no linux x86-64 Unicorn library on the class path");
            original = in.readAllBytes();
        }
        byte[] patched = original.clone();
        assertTrue(StoreFastPath.apply(patched), "the or $0x100,%r8d that sets TLB_NOTDIRTY was not found exactly once");
        int differing = 0, first = -1;
        for (int i = 0; i < original.length; i++) {
            if (original[i] != patched[i]) {
                differing++;
                if (first < 0) first = i;
            }
        }
        assertTrue(differing > 0 && differing <= 7, "changed bytes: " + differing);
        assertArrayEquals(new byte[] {0x0f, 0x1f, (byte) 0x80, 0, 0, 0, 0}, Arrays.copyOfRange(patched, first, first + 7),
                "a seven-byte NOP in place of the or");
    }

    @Test
    void aLibraryWithoutTheSequenceOrWithItTwiceIsLeftAlone() {
        byte[] none = new byte[4096];
        assertFalse(StoreFastPath.apply(none));
        assertArrayEquals(new byte[4096], none);
        byte[] twice = new byte[100];
        System.arraycopy(SITE, 0, twice, 10, SITE.length);
        System.arraycopy(SITE, 0, twice, 60, SITE.length);
        byte[] before = twice.clone();
        assertFalse(StoreFastPath.apply(twice), "ambiguous: not the build the patch was made for");
        assertArrayEquals(before, twice);
    }
}
