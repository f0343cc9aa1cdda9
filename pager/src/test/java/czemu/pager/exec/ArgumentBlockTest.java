package czemu.pager.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ArgumentBlockTest {
    @Test
    void firstTaskWithTest0ArgumentsStartsWhereTheRealKernelPutsSp() {
        ArgumentBlock block = ArgumentBlock.layout(0x80000000, List.of("/test0"), List.of("pagerid=1"), false);
        assertEquals(0x7FFFFFD0, block.start()); // observed on the real kernel (spec README)
        ByteBuffer words = ByteBuffer.wrap(block.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, words.getInt(0)); // argc
        assertEquals(0x7FFFFFD0 + 0x14, words.getInt(4)); // argv[0] string at SP+0x14
        assertEquals(0, words.getInt(8));
        assertEquals(0x7FFFFFD0 + 0x1B, words.getInt(12)); // env[0] string at SP+0x1B
        assertEquals(0, words.getInt(16));
        assertEquals("/test0", cString(block.bytes(), 0x14));
        assertEquals("pagerid=1", cString(block.bytes(), 0x1B));
    }

    @Test
    void execCountsEachListsNullPointerToo() {
        List<String> argv = List.of("FIRST ARG", "SECOND ARG", "THIRD ARG", "FOURTH ARG");
        List<String> envp = List.of("parent_of_all=2", "pagerid=1");
        ArgumentBlock initial = ArgumentBlock.layout(0x80000000, argv, envp, false);
        ArgumentBlock exec = ArgumentBlock.layout(0x80000000, argv, envp, true);
        assertEquals(0, exec.start() % 8);
        assertTrue(Integer.compareUnsigned(exec.start(), initial.start()) <= 0);
        assertEquals("FOURTH ARG", cString(exec.bytes(), ByteBuffer.wrap(exec.bytes()).order(ByteOrder.LITTLE_ENDIAN).getInt(16) - exec.start()));
    }

    @Test
    void manyLongArgumentsStillFitBelowTheStackTop() {
        List<String> argv = java.util.Collections.nCopies(200, "x".repeat(30));
        ArgumentBlock block = ArgumentBlock.layout(0x80000000, argv, List.of("pagerid=1"), false);
        assertEquals(0x80000000L - Integer.toUnsignedLong(block.start()), block.bytes().length);
        ByteBuffer words = ByteBuffer.wrap(block.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(200, words.getInt(0));
        int last = words.getInt(4 * 200);
        assertEquals("x".repeat(30), cString(block.bytes(), last - block.start()));
    }

    private static String cString(byte[] bytes, int offset) {
        int end = offset;
        while (bytes[end] != 0) end++;
        return new String(bytes, offset, end - offset);
    }
}
