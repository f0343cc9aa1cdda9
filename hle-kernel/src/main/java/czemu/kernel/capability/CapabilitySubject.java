package czemu.kernel.capability;

/**
 * A thread as the capability model sees it: the ids that decide which capability lists it can use and which
 * caps name it. The kernel implements this over its thread control block; {@link #of} builds a plain value.
 *
 * <p>All ids are the kernel's full ids: {@code tid} with the container id in the top byte, {@code spaceId} from the
 * global space-id pool, {@code containerId} the plain container number.
 */
public interface CapabilitySubject {

    int tid();

    int spaceId();

    int containerId();

    /** The thread-group id (the leader's tid; a thread's own tid when it leads its group). */
    int threadGroupId();

    /** The tid of the thread's pager; a pager is its own pager. */
    int pagerTid();

    /** Whether this thread is its own pager (a container's pager, e.g. mm0). */
    default boolean isPager() {
        return pagerTid() == tid();
    }

    /** A plain immutable subject. */
    static CapabilitySubject of(int tid, int spaceId, int containerId, int threadGroupId, int pagerTid) {
        return new Facts(tid, spaceId, containerId, threadGroupId, pagerTid);
    }

    /** The value {@link #of} returns. */
    record Facts(int tid, int spaceId, int containerId, int threadGroupId, int pagerTid)
            implements CapabilitySubject {
        @Override
        public String toString() {
            return "thread " + czemu.kernel.abi.ThreadIds.describe(tid) + " (space " + spaceId + ", container "
                    + containerId + ", group " + czemu.kernel.abi.ThreadIds.describe(threadGroupId) + ", pager "
                    + czemu.kernel.abi.ThreadIds.describe(pagerTid) + ")";
        }
    }
}
