package czemu.emulator.machine;

import czemu.kernel.KernelConfig;

/**
 * A machine as the user asks for it: the kernel's configuration, the console mode, and a wall-clock
 * limit for the run (0: none).
 */
public record MachineConfig(KernelConfig kernel, boolean rawConsole, long timeoutMillis) {
    public static MachineConfig defaults() {
        return new MachineConfig(KernelConfig.defaults(), false, 0);
    }

    public MachineConfig withTimeout(long millis) {
        return new MachineConfig(kernel, rawConsole, millis);
    }

    public MachineConfig withKernel(KernelConfig kernel) {
        return new MachineConfig(kernel, rawConsole, timeoutMillis);
    }
}
