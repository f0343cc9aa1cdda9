package czemu.pager.linux;

import czemu.kernel.fault.UserMemory;
import czemu.kernel.thread.Tcb;
import czemu.pager.exec.UserStrings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A Linux call's view of its caller's memory. Every access goes through the kernel's fault path
 * (UserMemory), so a pointer into no area gives null or false here and the call answers -EFAULT;
 * the guest is never killed for a bad pointer it hands the kernel.
 */
public final class GuestMemory {
    /** The most a single read or write call moves in one go: larger requests are served in parts. */
    public static final int MAX_TRANSFER = 1 << 20;

    private final UserMemory memory;
    private final UserStrings strings;

    public GuestMemory(UserMemory memory) {
        this.memory = memory;
        this.strings = new UserStrings(memory);
    }

    /** {@code length} bytes at {@code address}, or null when some of them are not readable. */
    public byte[] read(Tcb thread, int address, int length) {
        byte[] bytes = new byte[length];
        return memory.read(thread, address, bytes, 0, length) ? bytes : null;
    }

    public boolean write(Tcb thread, int address, byte[] bytes) {
        return memory.write(thread, address, bytes, 0, bytes.length);
    }

    public Integer readInt(Tcb thread, int address) {
        byte[] bytes = read(thread, address, 4);
        return bytes == null ? null : ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    public boolean writeInt(Tcb thread, int address, int value) {
        return writeInts(thread, address, value);
    }

    /** Writes consecutive 32-bit words. */
    public boolean writeInts(Tcb thread, int address, int... values) {
        return memory.writeWords(thread, address, values);
    }

    /** A NUL-terminated string of at most PATH_MAX bytes, or null. */
    public String string(Tcb thread, int address) {
        return strings.string(thread, address);
    }

    /** A NULL-terminated array of string pointers (argv, envp), or null. */
    public List<String> stringArray(Tcb thread, int address) {
        return strings.array(thread, address);
    }

    /** A little-endian buffer of {@code size} bytes for building a structure the guest gets. */
    public static ByteBuffer structure(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
