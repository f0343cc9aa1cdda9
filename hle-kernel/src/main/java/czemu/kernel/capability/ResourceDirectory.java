package czemu.kernel.capability;

/**
 * What the capability model asks the kernel about the objects caps name. The kernel implements it over its thread
 * table, address spaces and containers, so the model has no dependency on kernel classes.
 */
public interface ResourceDirectory {

    /**
     * The live thread with this full tid in any container (Codezero's {@code tcb_find}, which reaches across
     * containers), or null if there is none. Special ids (top byte 0xFF) are never found.
     */
    CapabilitySubject findThread(int tid);

    /** Whether an address space with this id exists and belongs to this container. */
    boolean spaceInContainer(int spaceId, int containerId);
}
