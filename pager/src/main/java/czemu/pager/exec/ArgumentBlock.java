package czemu.pager.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The block mm0 writes at the top of a new task's stack (codezero-abi.md §1.6), from low to high:
 * argc, argv[], 0, envp[], 0, then the argv strings and the env strings. Its size is
 * align8(args + env + 3*4 + 8), where for the first task each list counts 4 bytes per string plus
 * the string with its NUL, so "/test0" and "pagerid=1" put SP at 0x7FFFFFD0 as on the real kernel;
 * for execve each list counts its pointers including the NULL terminator (mm0's copy_user_args).
 * (Should the strings ever outgrow that formula's slack, the block simply starts lower.)
 */
public record ArgumentBlock(int start, byte[] bytes) {
    public static ArgumentBlock layout(int stackTop, List<String> argv, List<String> envp, boolean forExec) {
        int terminators = forExec ? 2 * 4 : 0;
        int formula = align8(listSize(argv) + listSize(envp) + terminators + 3 * 4 + 8);
        int pointers = 4 * (1 + argv.size() + 1 + envp.size() + 1);
        int needed = align8(pointers + stringBytes(argv) + stringBytes(envp));
        int start = stackTop - Math.max(formula, needed);
        ByteBuffer block = ByteBuffer.allocate(stackTop - start).order(ByteOrder.LITTLE_ENDIAN);
        int string = start + pointers;
        block.putInt(argv.size());
        for (String s : argv) { block.putInt(string); string += cString(s).length; }
        block.putInt(0);
        for (String s : envp) { block.putInt(string); string += cString(s).length; }
        block.putInt(0);
        for (String s : argv) block.put(cString(s));
        for (String s : envp) block.put(cString(s));
        return new ArgumentBlock(start, block.array());
    }

    private static int listSize(List<String> strings) {
        return 4 * strings.size() + stringBytes(strings);
    }

    private static int stringBytes(List<String> strings) {
        int size = 0;
        for (String s : strings) size += cString(s).length;
        return size;
    }

    private static int align8(int value) {
        return (value + 7) & ~7;
    }

    private static byte[] cString(String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[raw.length + 1];
        System.arraycopy(raw, 0, withNul, 0, raw.length);
        return withNul;
    }
}
