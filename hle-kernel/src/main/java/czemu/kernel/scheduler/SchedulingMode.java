package czemu.kernel.scheduler;

/**
 * FAST preempts on a wall-clock quantum (at the running thread's next system call or fault), so the
 * engine runs with no per-instruction cost.
 * DETERMINISTIC preempts after a fixed instruction budget, so the same program and configuration
 * always interleave the same way (at the engine's instruction-counting cost).
 */
public enum SchedulingMode {
    FAST, DETERMINISTIC
}
