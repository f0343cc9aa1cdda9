package czemu.pager.linux.exec;

import czemu.pager.linux.abi.LinuxAbi;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack a Linux program finds at its entry (the System V ABI's process start): from SP upward
 * argc, the argv pointers and NULL, the envp pointers and NULL, the auxiliary vector of (key, value)
 * pairs ending in AT_NULL; above them the 16 AT_RANDOM bytes, the platform name and the strings.
 *
 * <p>The layout is qemu-arm's (linux-user's {@code create_elf_tables}, as QEMU 7.2 builds it), so
 * that a program sees the same offsets from the top of its stack under both and their traces
 * compare equal once the two stacks are equated (docs/traces.md, "Comparing with qemu-arm"): the
 * strings end 8 bytes below the top, the file name (AT_EXECFN) highest, then the environment's
 * strings, then argv's, each list with its first string lowest; below them the platform name,
 * rounded to 4 bytes; below that, 16-byte aligned, the random bytes; then the table, its start (SP)
 * 16-byte aligned, in the order the auxiliary entries were added. Linux's own loader differs only
 * in padding and in the order of the auxiliary vector, which no program depends on.
 */
public final class InitialStack {
    /** Zero bytes between the highest string and the top of the stack (qemu-arm leaves 8). */
    static final int TOP_GAP = 8;

    private final List<int[]> auxiliary = new ArrayList<>();
    private final List<String> argv;
    private final List<String> envp;
    private final String platform;
    private final String executable;
    private final byte[] random;

    /** {@code executable} is AT_EXECFN's string: the file name as the program was started by. */
    public InitialStack(List<String> argv, List<String> envp, String platform, String executable, byte[] random) {
        this.argv = argv;
        this.envp = envp;
        this.platform = platform;
        this.executable = executable;
        this.random = random.clone();
    }

    /**
     * Adds an auxiliary vector entry. For AT_PLATFORM, AT_RANDOM and AT_EXECFN the value is ignored:
     * {@link #build} puts the address of the string or bytes they name there. AT_NULL ends the
     * vector by itself.
     */
    public InitialStack auxiliary(int key, int value) {
        auxiliary.add(new int[] {key, value});
        return this;
    }

    /** The block's start (the initial SP) and bytes, for a stack ending at {@code top}. */
    public record Block(int sp, byte[] bytes) {}

    public Block build(int top) {
        int stringsEnd = top - TOP_GAP;
        int execfn = stringsEnd - size(executable);
        List<Integer> envPointers = placeDown(envp, execfn);
        int envStart = envPointers.isEmpty() ? execfn : envPointers.get(0);
        List<Integer> argvPointers = placeDown(argv, envStart);
        int stringsStart = argvPointers.isEmpty() ? envStart : argvPointers.get(0);
        int platformAddress = stringsStart - ((size(platform) + 3) & ~3);
        int randomAddress = (platformAddress & ~15) - random.length;

        int words = 1 + argv.size() + 1 + envp.size() + 1 + 2 * (auxiliary.size() + 1);
        int sp = (randomAddress - 4 * words) & ~15;
        ByteBuffer block = ByteBuffer.allocate(top - sp).order(ByteOrder.LITTLE_ENDIAN);
        block.putInt(argv.size());
        argvPointers.forEach(block::putInt);
        block.putInt(0);
        envPointers.forEach(block::putInt);
        block.putInt(0);
        for (int[] entry : auxiliary) {
            int value = switch (entry[0]) {
                case LinuxAbi.AT_PLATFORM -> platformAddress;
                case LinuxAbi.AT_RANDOM -> randomAddress;
                case LinuxAbi.AT_EXECFN -> execfn;
                default -> entry[1];
            };
            block.putInt(entry[0]).putInt(value);
        }
        block.putInt(LinuxAbi.AT_NULL).putInt(0);
        block.position(randomAddress - sp).put(random);
        block.position(platformAddress - sp).put(utf8(platform));
        put(block, argv, argvPointers, sp);
        put(block, envp, envPointers, sp);
        block.position(execfn - sp).put(utf8(executable));
        return new Block(sp, block.array());
    }

    /** The addresses of {@code strings} laid out, first lowest, so that the last ends at {@code end}. */
    private static List<Integer> placeDown(List<String> strings, int end) {
        int total = 0;
        for (String s : strings) total += size(s);
        List<Integer> addresses = new ArrayList<>();
        int at = end - total;
        for (String s : strings) {
            addresses.add(at);
            at += size(s);
        }
        return addresses;
    }

    private static void put(ByteBuffer block, List<String> strings, List<Integer> addresses, int sp) {
        for (int i = 0; i < strings.size(); i++) block.position(addresses.get(i) - sp).put(utf8(strings.get(i)));
    }

    /** A string's size with its terminating NUL (the block is zero-filled, so the NUL needs no writing). */
    private static int size(String s) {
        return utf8(s).length + 1;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
