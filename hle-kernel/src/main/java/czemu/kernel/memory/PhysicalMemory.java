package czemu.kernel.memory;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Guest physical RAM: one host mapping that Unicorn executes from ({@code uc_mem_map_ptr}) and Java
 * reads and writes through a direct buffer, with no JNI call per access (DESIGN.md §2). The mapping
 * is reserved with {@code mmap(MAP_NORESERVE)}, so the host commits only the pages the guest touches.
 */
public final class PhysicalMemory implements AutoCloseable {
    public static final int PAGE_SIZE = 4096;


    private final long hostAddress;
    private final int size;
    private final ByteBuffer bytes;
    private final Pointer host;
    private boolean released;

    public PhysicalMemory(int size) {
        if (size <= 0 || size % (1 << 20) != 0) {
            throw new IllegalArgumentException("physical memory size must be a positive multiple of 1 MiB: " + size);
        }
        this.size = size;
        this.hostAddress = HostMappings.mmap(0, size, HostMappings.PROT_READ | HostMappings.PROT_WRITE,
                HostMappings.MAP_PRIVATE | HostMappings.MAP_ANONYMOUS | HostMappings.MAP_NORESERVE, -1, 0);
        if (hostAddress == -1L || hostAddress == 0) {
            throw new IllegalStateException("cannot reserve " + (size >> 20) + " MiB of guest RAM: mmap failed (errno "
                    + Native.getLastError() + ")");
        }
        this.host = new Pointer(hostAddress);
        this.bytes = host.getByteBuffer(0, size).order(ByteOrder.LITTLE_ENDIAN);
    }

    public long hostAddress() {
        return hostAddress;
    }

    public int size() {
        return size;
    }

    public int readInt(int physical) {
        return bytes.getInt(physical);
    }

    public void writeInt(int physical, int value) {
        bytes.putInt(physical, value);
    }

    public short readShort(int physical) {
        return bytes.getShort(physical);
    }

    public byte readByte(int physical) {
        return bytes.get(physical);
    }

    public void writeByte(int physical, byte value) {
        bytes.put(physical, value);
    }

    public void read(int physical, byte[] into, int offset, int length) {
        bytes.get(physical, into, offset, length);
    }

    public void write(int physical, byte[] from, int offset, int length) {
        bytes.put(physical, from, offset, length);
    }

    /** A native memset: a Java loop over the direct buffer measured 3x slower per page. */
    public void zero(int physical, int length) {
        if (physical < 0 || length < 0 || physical > size - length) {
            throw new IndexOutOfBoundsException("zero(0x" + Integer.toHexString(physical) + ", " + length + ") outside RAM");
        }
        host.setMemory(physical, length, (byte) 0);
    }

    public void copyPage(int fromPhysical, int toPhysical) {
        for (int i = 0; i < PAGE_SIZE; i += 8) {
            bytes.putLong(toPhysical + i, bytes.getLong(fromPhysical + i));
        }
    }

    /** Returns the RAM to the host; the engine that executed from it must be closed first. */
    @Override
    public void close() {
        if (!released) {
            released = true;
            HostMappings.munmap(hostAddress, size);
        }
    }
}
