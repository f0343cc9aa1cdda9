package czemu.emulator.machine;

import czemu.kernel.KernelConfig;

/**
 * A machine as the user asks for it: the kernel's configuration, the console mode, a wall-clock
 * limit for the run (0: none), and whether system calls are shown on standard error (--strace).
 */
public record MachineConfig(KernelConfig kernel, boolean rawConsole, long timeoutMillis, boolean strace) {
    public static MachineConfig defaults() {
        return new MachineConfig(KernelConfig.defaults(), false, 0, false);
    }

    public MachineConfig withTimeout(long millis) {
        return new MachineConfig(kernel, rawConsole, millis, strace);
    }

    public MachineConfig withKernel(KernelConfig kernel) {
        return new MachineConfig(kernel, rawConsole, timeoutMillis, strace);
    }
}
