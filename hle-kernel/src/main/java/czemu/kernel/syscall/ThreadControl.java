package czemu.kernel.syscall;

import czemu.kernel.Capabilities;
import czemu.kernel.Kernel;
import czemu.kernel.abi.Errno;
import czemu.kernel.space.AddressSpace;
import czemu.kernel.thread.Tcb;

import static czemu.kernel.abi.ThreadControlFlags.*;

/**
 * thread_control (slot 0x08, codezero-abi.md §2.7): r0 = action | creation flags, r1 = pointer to
 * {@code struct task_ids {tid, spid, tgid}}. CREATE fills the struct with the new ids; the other
 * actions name their target by its tid there. Only a thread that shares the address space of the
 * target's pager may act on it (the creator of a thread is its pager), else -EPERM; and only with a
 * TCTRL capability for the action: CREATE on the caller's container, the others on the target
 * (-ENOCAP). CREATE is paid from the caller's QUANTITY caps: a thread from a THREADPOOL cap and a
 * new or copied space from a SPACEPOOL cap; with none left it is -ENOMEM, Codezero's answer. The
 * units go back when the thread is removed (DESTROY by its pager, or WAIT reaping it after it
 * exited) and when the space's last thread goes.
 */
final class ThreadControl implements Syscall {
    private final Kernel kernel;

    ThreadControl(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public int invoke(Tcb caller) {
        int flags = caller.context.core[0];
        int idsAddress = caller.context.core[1];
        int[] ids = new int[3];
        // The struct must be readable and writable by the caller, paged in if need be (check_access).
        if (!kernel.userMemory().readWords(caller, idsAddress, ids) || !kernel.userMemory().writeWords(caller, idsAddress, ids)) {
            return -Errno.EFAULT;
        }
        int action = flags & TC_ACTION_MASK;
        if (action == TC_CREATE) {
            int denied = kernel.capabilities().checkThreadControl(caller, flags, 0);
            if (denied != 0) return denied;
            int result = create(caller, flags & TC_CREATE_MASK, ids);
            if (result == 0 && !kernel.userMemory().writeWords(caller, idsAddress, ids)) return -Errno.EFAULT;
            return result;
        }
        Tcb target = kernel.threads().find(ids[0]);
        if (target == null || target.isHosted()) return -Errno.ESRCH;
        if (!sharesPagerSpace(caller, target)) return -Errno.EPERM;
        int denied = kernel.capabilities().checkThreadControl(caller, flags, target.tid());
        if (denied != 0) return denied;
        return switch (action) {
            case TC_RUN -> kernel.lifecycle().run(target);
            case TC_SUSPEND -> kernel.lifecycle().suspend(target);
            case TC_DESTROY -> destroy(caller, target, flags);
            case TC_RECYCLE -> kernel.lifecycle().recycle(target);
            case TC_WAIT -> kernel.lifecycle().waitFor(caller, target);
            default -> -Errno.EINVAL;
        };
    }

    /**
     * CREATE: one space flag is needed; TC_SHARE_UTCB and TC_SHARE_GROUP only go with TC_SHARE_SPACE. With
     * several space flags the first of SHARE, COPY, NEW wins, as in Codezero (its check that
     * meant to refuse them can never fire). TC_COPY_SPACE gives an empty space: the copy's pager fills
     * it by faults, since the frames behind the original belong to the original's pager.
     */
    private int create(Tcb caller, int flags, int[] ids) {
        if (flags == 0 || (flags & TC_SPACE_MASK) == 0) return -Errno.EINVAL;
        if ((flags & TC_SHARE_SPACE) == 0 && (flags & (TC_SHARE_UTCB | TC_SHARE_GROUP)) != 0) return -Errno.EINVAL;
        AddressSpace shared = null;
        Tcb original = null;
        if ((flags & (TC_SHARE_SPACE | TC_COPY_SPACE)) != 0) {
            AddressSpace named = kernel.findSpace(caller.container(), ids[1]);
            if (named == null) return -Errno.ESRCH;
            original = kernel.threads().find(ids[0]);
            if (original == null || original.isHosted()) return -Errno.EINVAL;
            if ((flags & TC_SHARE_SPACE) != 0) shared = named;
        }
        Capabilities.Payment payment = kernel.capabilities().payForThread(caller, shared == null);
        if (!payment.isOk()) return -Errno.ENOMEM;
        Tcb thread = kernel.createThread(caller.container(), caller.name(), shared, original);
        if (thread == null) {
            kernel.capabilities().refund(payment);
            return -Errno.ENOMEM;
        }
        kernel.capabilities().paid(payment, thread);
        thread.setPagerTid(caller.tid());
        if ((flags & TC_SHARE_GROUP) != 0) thread.setThreadGroupId(original.threadGroupId());
        if ((flags & TC_SHARE_UTCB) != 0) thread.setUtcbAddress(original.utcbAddress());
        ids[0] = thread.tid();
        ids[1] = thread.space().spaceId();
        ids[2] = thread.threadGroupId();
        return 0;
    }

    /** DESTROY: on itself, the caller exits with the code in the low 16 bits; on a thread it created, that thread goes. */
    private int destroy(Tcb caller, Tcb target, int flags) {
        if (target == caller) {
            kernel.lifecycle().exit(caller, flags & TC_EXIT_CODE_MASK);
            return 0;
        }
        if (target.pagerTid() != caller.tid()) return -Errno.EPERM;
        kernel.destroy(target);
        return 0;
    }

    private boolean sharesPagerSpace(Tcb caller, Tcb target) {
        Tcb pager = kernel.threads().find(target.pagerTid());
        return pager != null && pager.space() == caller.space();
    }
}
