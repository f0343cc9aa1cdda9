package czemu.kernel.arch;

/**
 * What the CPU reports to the kernel. Each call is made from inside the engine's hook with the
 * CPU's registers live; a handler may read and write registers, change the translation tables
 * and call {@link Cpu#requestStop()}. When a handler returns without stopping, execution
 * continues at whatever PC it left.
 */
public interface ExceptionHandler {
    /** An SVC instruction executed; PC already points after it. */
    void supervisorCall(Cpu cpu);

    /** A load or store aborted; PC points at the instruction, which re-executes if the handler returns. */
    void dataAbort(Cpu cpu);

    /** An instruction fetch aborted; PC is the address that could not be fetched. */
    void prefetchAbort(Cpu cpu);

    /** An undefined instruction; PC points at it. The engine stops after this call. */
    void undefinedInstruction(Cpu cpu);

    /** A BKPT instruction; PC points at it. */
    void breakpoint(Cpu cpu);
}
