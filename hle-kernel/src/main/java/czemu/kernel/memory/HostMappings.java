package czemu.kernel.memory;

import com.sun.jna.Native;

/**
 * The host's mmap, munmap and mprotect, for the memory czemu keeps outside the Java heap: guest
 * RAM, and the few bytes of native code the engine calls back (the instruction counter).
 */
public final class HostMappings {
    public static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public static final int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;

    static {
        Native.register(HostMappings.class, "c");
    }

    private HostMappings() {}

    public static native long mmap(long address, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(long address, long length);

    public static native int mprotect(long address, long length, int prot);
}
