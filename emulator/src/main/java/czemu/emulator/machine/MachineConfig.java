package czemu.emulator.machine;

import czemu.kernel.Capabilities;
import czemu.kernel.KernelConfig;

/**
 * A machine as the user asks for it: the kernel's configuration, the console mode, a wall-clock
 * limit for the run (0: none), whether system calls are shown on standard error (--strace), and
 * the memory region of the first container in MiB (0: it may use all RAM), and the capability
 * boot options of the first container (posix by default).
 */
public record MachineConfig(KernelConfig kernel, boolean rawConsole, long timeoutMillis, boolean strace, int firstRegionMib,
                            Capabilities.BootOptions firstBoot) {
    public MachineConfig(KernelConfig kernel, boolean rawConsole, long timeoutMillis, boolean strace) {
        this(kernel, rawConsole, timeoutMillis, strace, 0, Capabilities.BootOptions.POSIX);
    }

    public static MachineConfig defaults() {
        return new MachineConfig(KernelConfig.defaults(), false, 0, false);
    }

    public MachineConfig withTimeout(long millis) {
        return new MachineConfig(kernel, rawConsole, millis, strace, firstRegionMib, firstBoot);
    }

    public MachineConfig withKernel(KernelConfig kernel) {
        return new MachineConfig(kernel, rawConsole, timeoutMillis, strace, firstRegionMib, firstBoot);
    }

    public MachineConfig withFirstRegion(int mib) {
        return new MachineConfig(kernel, rawConsole, timeoutMillis, strace, mib, firstBoot);
    }

    public MachineConfig withFirstBoot(Capabilities.BootOptions boot) {
        return new MachineConfig(kernel, rawConsole, timeoutMillis, strace, firstRegionMib, boot);
    }
}
