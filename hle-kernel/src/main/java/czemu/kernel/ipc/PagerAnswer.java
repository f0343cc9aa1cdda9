package czemu.kernel.ipc;

/**
 * What the kernel does when a pager that is an ARM thread has dealt with a message the kernel sent it
 * on a faulting thread's behalf (codezero-abi.md §4.1, §4.2). Called on the engine's thread, from
 * inside the pager's own ipc system call.
 */
public interface PagerAnswer {
    /** The pager replied; {@code mr0} is its MR_RETURN (0: resolved). */
    void answered(int mr0);

    /** The call could not be made or was cut short (the pager went away, the types did not match, SUSPEND): -errno. */
    void failed(int error);
}
