package czemu.pager.linux.exec;

import czemu.pager.linux.abi.LinuxAbi;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack a Linux program finds at its entry (the System V ABI's process start, as the kernel's
 * ELF loader builds it): from SP upward argc, the argv pointers and NULL, the envp pointers and NULL,
 * the auxiliary vector of (key, value) pairs ending in AT_NULL; above them, up to the top of the
 * stack, the strings, the platform name and the 16 AT_RANDOM bytes. SP is 16-byte aligned.
 */
public final class InitialStack {
    private final List<int[]> auxiliary = new ArrayList<>();
    private final List<String> argv;
    private final List<String> envp;
    private final String platform;
    private final String executable;
    private final byte[] random;

    public InitialStack(List<String> argv, List<String> envp, String platform, String executable, byte[] random) {
        this.argv = argv;
        this.envp = envp;
        this.platform = platform;
        this.executable = executable;
        this.random = random.clone();
    }

    /** Adds an auxiliary vector entry; AT_PLATFORM, AT_RANDOM, AT_EXECFN and AT_NULL are added by {@link #build}. */
    public InitialStack auxiliary(int key, int value) {
        auxiliary.add(new int[] {key, value});
        return this;
    }

    /** The block's start (the initial SP) and bytes, for a stack ending at {@code top}. */
    public record Block(int sp, byte[] bytes) {}

    public Block build(int top) {
        ByteBuffer strings = ByteBuffer.allocate(stringBytes()).order(ByteOrder.LITTLE_ENDIAN);
        int stringsStart = top - 16 - strings.capacity(); // 16 bytes of zeros at the very top
        List<Integer> argvPointers = new ArrayList<>(), envPointers = new ArrayList<>();
        for (String arg : argv) argvPointers.add(putString(strings, stringsStart, arg));
        for (String env : envp) envPointers.add(putString(strings, stringsStart, env));
        int execfn = putString(strings, stringsStart, executable);
        int platformAddress = putString(strings, stringsStart, platform);
        int randomAddress = stringsStart + strings.position();
        strings.put(random);

        List<int[]> vector = new ArrayList<>(auxiliary);
        vector.add(new int[] {LinuxAbi.AT_PLATFORM, platformAddress});
        vector.add(new int[] {LinuxAbi.AT_RANDOM, randomAddress});
        vector.add(new int[] {LinuxAbi.AT_EXECFN, execfn});
        vector.add(new int[] {LinuxAbi.AT_NULL, 0});
        int words = 1 + argv.size() + 1 + envp.size() + 1 + 2 * vector.size();
        int sp = (stringsStart - 4 * words) & ~15;
        ByteBuffer block = ByteBuffer.allocate(top - sp).order(ByteOrder.LITTLE_ENDIAN);
        block.putInt(argv.size());
        argvPointers.forEach(block::putInt);
        block.putInt(0);
        envPointers.forEach(block::putInt);
        block.putInt(0);
        for (int[] entry : vector) block.putInt(entry[0]).putInt(entry[1]);
        block.position(stringsStart - sp);
        block.put(strings.array());
        return new Block(sp, block.array());
    }

    private int stringBytes() {
        int size = random.length;
        for (String s : argv) size += utf8(s).length + 1;
        for (String s : envp) size += utf8(s).length + 1;
        return size + utf8(executable).length + 1 + utf8(platform).length + 1;
    }

    private static int putString(ByteBuffer strings, int base, String s) {
        int address = base + strings.position();
        strings.put(utf8(s)).put((byte) 0);
        return address;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
