package czemu.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskRegionTest {

    @Test
    void containsComparesUnsignedAndEndIsExclusive() {
        TaskRegion posix = TaskRegion.CODEZERO_POSIX;
        assertTrue(posix.contains(0x40000000, 0x40000000));
        assertFalse(posix.contains(0x40000000, 0x40000001));
        assertFalse(posix.contains(0x3ffff000, 0x1000 + 1));
        assertFalse(posix.contains(0x80000000, 1));
        assertFalse(posix.contains(0xc0000000, 0x10)); // negative as an int
        assertFalse(posix.contains(0x7ffff000, 0xfffff000)); // would wrap in 32 bits
        assertEquals("[0x40000000, 0x80000000)", posix.toString());
    }

    @Test
    void rejectsEmptyRegion() {
        assertThrows(IllegalArgumentException.class, () -> new TaskRegion(0x80000000, 0x40000000));
    }

    @Test
    void loaderExceptionMessageStaysOneLine() {
        LoaderException e = new LoaderException("a.elf", "internal error: first\n  second");
        assertEquals("a.elf: internal error: first second", e.getMessage());
        assertEquals("internal error: first second", e.problem());
    }
}
