package czemu.kernel;

import czemu.kernel.scheduler.SchedulingMode;

/**
 * What a machine is made of: RAM size and how threads are scheduled.
 *
 * @param ramBytes           guest physical RAM, a multiple of 1 MiB
 * @param scheduling         FAST (wall-clock quantum) or DETERMINISTIC (instruction budget)
 * @param instructionBudget  instructions per slice in DETERMINISTIC mode
 * @param quantumMillis      slice length in FAST mode
 */
public record KernelConfig(int ramBytes, SchedulingMode scheduling, long instructionBudget, long quantumMillis) {
    public static KernelConfig defaults() {
        return new KernelConfig(256 << 20, SchedulingMode.FAST, 200_000, 10);
    }

    public KernelConfig withScheduling(SchedulingMode mode) {
        return new KernelConfig(ramBytes, mode, instructionBudget, quantumMillis);
    }

    public KernelConfig withRam(int bytes) {
        return new KernelConfig(bytes, scheduling, instructionBudget, quantumMillis);
    }
}
