package czemu.kernel.arch.unicorn;

import com.sun.jna.Pointer;
import czemu.kernel.memory.HostMappings;

/**
 * A host page holding a few bytes of x86-64 code that the engine calls as a hook (the instruction
 * counter, the trace gate): written while the page is writable, then made read-and-execute, never
 * both at once.
 */
final class ExecutablePage {
    private static final int PAGE = 4096;

    private ExecutablePage() {}

    /** Whether this host runs the x86-64 bodies. */
    static boolean hostIsX86_64() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) || "x86_64".equals(arch);
    }

    /** The address of a new page holding {@code code}, or 0 when the host refuses one (then there is no native hook). */
    static long holding(byte[] code) {
        long page = HostMappings.mmap(0, PAGE, HostMappings.PROT_READ | HostMappings.PROT_WRITE,
                HostMappings.MAP_PRIVATE | HostMappings.MAP_ANONYMOUS, -1, 0);
        if (page == -1L || page == 0) return 0;
        new Pointer(page).write(0, code, 0, code.length);
        if (HostMappings.mprotect(page, PAGE, HostMappings.PROT_READ | HostMappings.PROT_EXEC) != 0) {
            HostMappings.munmap(page, PAGE); // a host that forbids executable mappings
            return 0;
        }
        return page;
    }

    static void release(long page) {
        HostMappings.munmap(page, PAGE);
    }
}
