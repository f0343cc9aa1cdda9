package czemu.kernel.ipc;

import czemu.kernel.abi.Errno;
import czemu.kernel.abi.ThreadIds;
import czemu.kernel.fault.UserMemory;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;
import czemu.kernel.thread.ThreadTable;

/**
 * Synchronous rendezvous IPC (codezero-abi.md §2.4): SEND, RECEIVE and SEND-RECEIVE between any two
 * threads, ARM or hosted in Java, with short, full and extended transfers. A thread that cannot
 * complete its phase blocks; whoever completes it later writes the result into the blocked
 * thread's saved registers and makes it runnable again.
 */
public final class Ipc {
    /** UTCB offset of {@code mr_rest} (codezero-abi.md §1.4). */
    public static final int UTCB_MR_REST = 0x28;

    /** Hooks into the scheduler: make a thread runnable, or note that one blocked. */
    public interface Scheduling {
        void wake(Tcb thread);

        void block(Tcb thread);
    }

    /** The capability check of a send (capabilities-2009.md §4): 0, or the error the ipc returns at once. */
    public interface SendCheck {
        int check(Tcb sender, Tcb target, int flags);
    }

    private final ThreadTable threads;
    private final UserMemory userMemory;
    private final Scheduling scheduling;
    private SendCheck sendCheck = (sender, target, flags) -> 0;

    public Ipc(ThreadTable threads, UserMemory userMemory, Scheduling scheduling) {
        this.threads = threads;
        this.userMemory = userMemory;
        this.scheduling = scheduling;
    }

    public void setSendCheck(SendCheck check) {
        this.sendCheck = check;
    }

    /**
     * The ipc system call from an ARM thread: r0 = to, r1 = from, r2 = flags, MR0..MR5 in r3..r8.
     * Returns r0; when the caller blocked, its r0 is written by whoever wakes it.
     */
    public int systemCall(Tcb caller, int to, int from, int flags) {
        boolean send = to != ThreadIds.NIL_THREAD;
        boolean receive = from != ThreadIds.NIL_THREAD;
        if (!send && !receive) return -Errno.EINVAL;
        if ((ThreadIds.isSpecial(to) && to != ThreadIds.NIL_THREAD && to != ThreadIds.ANY_THREAD)
                || (ThreadIds.isSpecial(from) && from != ThreadIds.NIL_THREAD && from != ThreadIds.ANY_THREAD)) {
            return -Errno.EINVAL;
        }
        if (to == caller.tid() || from == caller.tid()) return -Errno.EINVAL;
        if (send && receive && to != from) return -Errno.ENOSYS;
        int type = flags & 0xF;
        if (type > IpcMessage.TYPE_EXTENDED) return -Errno.EINVAL;
        if (type == IpcMessage.TYPE_EXTENDED && IpcMessage.extendedSize(flags) > IpcMessage.EXTENDED_MAX) return -Errno.EINVAL;

        if (send) {
            Tcb target = to == ThreadIds.ANY_THREAD ? null : threads.find(to);
            if (target == null) return -Errno.ESRCH;
            int denied = sendCheck.check(caller, target, flags);
            if (denied != 0) return denied; // no rendezvous, no state changed
            IpcMessage message = messageFrom(caller, flags);
            if (message == null) return -Errno.EFAULT;
            if (receive) {
                prepareReceive(caller, from, flags);
                caller.ipc.receiveAfterSend = from;
            }
            int sent = deliverOrQueue(caller, target, message);
            if (sent != 0) {
                caller.ipc.receiveAfterSend = ThreadIds.NIL_THREAD;
                caller.ipc.receiving = false;
                return sent;
            }
            if (!receive || caller.state() == ThreadState.BLOCKED) {
                return 0; // a send that is done, or a sender queued on its target
            }
            if (!caller.ipc.receiving) {
                return caller.context.core[0]; // the reply arrived during the send (a hosted server)
            }
            caller.ipc.receiveAfterSend = ThreadIds.NIL_THREAD;
            return receivePhase(caller);
        }
        prepareReceive(caller, from, flags);
        return receivePhase(caller);
    }

    /**
     * A hosted (Java) thread sends. It never blocks: if the target is not waiting for it yet, the
     * message waits on the target until it receives. False when the target does not exist.
     */
    public boolean sendFromHost(Tcb host, int to, IpcMessage message) {
        Tcb target = threads.find(to);
        if (target == null || !target.isAlive()) {
            return false;
        }
        if (waitsFor(target, host)) {
            complete(target, host, message);
        } else {
            target.ipc.fromHosts.add(message);
        }
        return true;
    }

    /**
     * The kernel sends on a thread's behalf to its hosted pager and takes the answer (a page fault, a
     * kernel page-in, an undefined instruction: §4). The thread's registers and its own IPC state are
     * left as they were, as Codezero saves a thread's MRs around a fault IPC. Returns the reply, or
     * null when the pager gave none (it destroyed the thread, or is not a hosted thread).
     */
    public IpcMessage callHostedPager(Tcb thread, int pagerTid, IpcMessage message) {
        Tcb pager = threads.find(pagerTid);
        if (pager == null || !pager.isHosted()) {
            return null;
        }
        IpcState saved = thread.ipc.save();
        try {
            thread.ipc.awaitKernelReply(pagerTid);
            pager.hostedBody().receive(pager, message);
            return thread.ipc.kernelReply;
        } finally {
            thread.ipc.restore(saved);
        }
    }

    /**
     * The kernel sends on a thread's behalf to a pager that is an ARM thread, as Codezero's
     * {@code fault_ipc_to_pager} does: a short send-receive to the pager that bypasses the
     * capability check, since the kernel makes it. The thread blocks until the pager replies (with
     * any short send, usually {@code l4_ipc_return}); {@code answer} is then told MR0, or the error
     * if the call fails. The thread's registers are never touched: the message travels outside them,
     * as Codezero builds the fault's MRs apart from the thread's saved ones. The caller makes the
     * thread runnable again when the answer says so.
     */
    public void callGuestPager(Tcb thread, Tcb pager, IpcMessage message, PagerAnswer answer) {
        IpcState before = thread.ipc.save();
        thread.ipc.awaitKernelReply(pager.tid());
        thread.ipc.pagerAnswer = answer;
        thread.ipc.beforePagerCall = before;
        thread.ipc.receiveAfterSend = pager.tid();
        int sent = deliverOrQueue(thread, pager, message);
        if (sent != 0) {
            endPagerCall(thread).failed(sent);
            return;
        }
        if (thread.ipc.sendingTo == null) { // delivered: wait for the answer
            thread.ipc.receiveAfterSend = ThreadIds.NIL_THREAD;
            receivePhase(thread);
        }
    }

    /** The thread's pager call is over: its own IPC state comes back; returns whom to tell. */
    private static PagerAnswer endPagerCall(Tcb thread) {
        PagerAnswer answer = thread.ipc.pagerAnswer;
        thread.ipc.restore(thread.ipc.beforePagerCall);
        return answer;
    }

    /** The thread no longer waits for what it was receiving (execve gave it a new program instead of a reply). */
    public void cancelReceive(Tcb thread) {
        thread.ipc.receiving = false;
        thread.ipc.receiveAfterSend = ThreadIds.NIL_THREAD;
    }

    /**
     * thread_control SUSPEND of a thread blocked in IPC: it leaves the send queue it waits in, or
     * stops receiving, and its ipc returns -EINTR when it runs again (Codezero wakes it with
     * WAKEUP_INTERRUPT before it suspends). Does nothing to a thread that is not in IPC.
     */
    public boolean interrupt(Tcb thread) {
        boolean inIpc = thread.ipc.sendingTo != null || thread.ipc.receiving;
        if (!inIpc) return false;
        if (thread.ipc.sendingTo != null) {
            thread.ipc.sendingTo.ipc.sendQueue.remove(thread);
            thread.ipc.sendingTo = null;
            thread.ipc.outgoing = null;
        }
        if (thread.ipc.pagerAnswer != null) {
            endPagerCall(thread).failed(-Errno.EINTR); // its registers are its own: nothing returns -EINTR
            return true;
        }
        thread.ipc.receiving = false;
        thread.ipc.receiveAfterSend = ThreadIds.NIL_THREAD;
        thread.context.core[0] = -Errno.EINTR;
        return true;
    }

    /** A thread is going away: senders queued on it fail, and it leaves any queue it is in. */
    public void threadDied(Tcb dead) {
        for (Tcb sender : dead.ipc.sendQueue) {
            sender.ipc.sendingTo = null;
            sender.ipc.outgoing = null;
            failBlocked(sender, -Errno.ESRCH);
        }
        for (Tcb waiting : new java.util.ArrayList<>(threads.all())) {
            if (waiting.ipc.pagerAnswer != null && waiting.ipc.expectedSender == dead.tid() && waiting != dead) {
                endPagerCall(waiting).failed(-Errno.ESRCH); // its pager went while it waited for the answer
            }
        }
        dead.ipc.sendQueue.clear();
        dead.ipc.fromHosts.clear();
        if (dead.ipc.sendingTo != null) {
            dead.ipc.sendingTo.ipc.sendQueue.remove(dead);
            dead.ipc.sendingTo = null;
        }
        dead.ipc.receiving = false;
    }

    // ---- send side ------------------------------------------------------------------------------

    private IpcMessage messageFrom(Tcb sender, int flags) {
        int[] mrs = new int[IpcMessage.MR_COUNT];
        System.arraycopy(sender.context.core, 3, mrs, 0, IpcMessage.MR_COUNT);
        int[] rest = null;
        byte[] extended = null;
        switch (flags & 0xF) {
            case IpcMessage.TYPE_FULL -> {
                rest = new int[IpcMessage.MR_REST_COUNT];
                if (!userMemory.readWords(sender, sender.utcbAddress() + UTCB_MR_REST, rest)) return null;
            }
            case IpcMessage.TYPE_EXTENDED -> {
                int index = IpcMessage.extendedMrIndex(flags);
                int buffer = index < IpcMessage.MR_COUNT ? mrs[index] : 0;
                extended = new byte[IpcMessage.extendedSize(flags)];
                if (!userMemory.read(sender, buffer, extended, 0, extended.length)) return null;
            }
            default -> { }
        }
        return new IpcMessage(sender.tid(), flags, mrs, rest, extended);
    }

    /** Hands the message over if the target waits for this sender, else queues the sender. Returns 0 or -errno. */
    private int deliverOrQueue(Tcb sender, Tcb target, IpcMessage message) {
        if (target.isHosted()) {
            // A hosted thread always waits on ANYTHREAD, so the send completes now and a
            // send-receive is already in its receive phase when the server answers.
            sender.ipc.receiveAfterSend = ThreadIds.NIL_THREAD;
            target.hostedBody().receive(target, message);
            return 0;
        }
        if (waitsFor(target, sender)) {
            return complete(target, sender, message) ? 0 : -Errno.ENOIPC;
        }
        sender.ipc.outgoing = message;
        sender.ipc.sendingTo = target;
        target.ipc.sendQueue.add(sender);
        scheduling.block(sender);
        return 0;
    }

    private static boolean waitsFor(Tcb receiver, Tcb sender) {
        return receiver.ipc.receiving && receiver.ipc.sendingTo == null
                && receiver.ipc.receiveAfterSend == ThreadIds.NIL_THREAD
                && (receiver.ipc.expectedSender == ThreadIds.ANY_THREAD || receiver.ipc.expectedSender == sender.tid());
    }

    // ---- receive side ---------------------------------------------------------------------------

    private void prepareReceive(Tcb receiver, int from, int flags) {
        receiver.ipc.receiving = true;
        receiver.ipc.expectedSender = from;
        receiver.ipc.receiveFlags = flags;
        int index = IpcMessage.extendedMrIndex(flags);
        // The buffer pointer is read before the rendezvous (§2.4).
        receiver.ipc.receiveBuffer = (flags & 0xF) == IpcMessage.TYPE_EXTENDED && index < IpcMessage.MR_COUNT
                ? receiver.context.core[3 + index] : 0;
    }

    /** Takes the first queued sender (or waiting hosted message) that matches, or blocks. */
    private int receivePhase(Tcb receiver) {
        for (IpcMessage message : receiver.ipc.fromHosts) {
            if (receiver.ipc.expectedSender == ThreadIds.ANY_THREAD || receiver.ipc.expectedSender == message.sender()) {
                receiver.ipc.fromHosts.remove(message);
                complete(receiver, threads.find(message.sender()), message);
                return receiver.context.core[0];
            }
        }
        for (Tcb sender : receiver.ipc.sendQueue) {
            if (receiver.ipc.expectedSender == ThreadIds.ANY_THREAD || receiver.ipc.expectedSender == sender.tid()) {
                receiver.ipc.sendQueue.remove(sender);
                IpcMessage message = sender.ipc.outgoing;
                sender.ipc.outgoing = null;
                sender.ipc.sendingTo = null;
                boolean ok = complete(receiver, sender, message);
                senderDone(sender, ok ? 0 : -Errno.ENOIPC);
                return receiver.context.core[0];
            }
        }
        scheduling.block(receiver);
        return 0;
    }

    /** The sender's send phase is over: a send-receive moves on to its receive, a send returns. */
    private void senderDone(Tcb sender, int result) {
        if (result != 0 && sender.ipc.pagerAnswer != null) {
            endPagerCall(sender).failed(result);
            return;
        }
        if (result == 0 && sender.ipc.receiveAfterSend != ThreadIds.NIL_THREAD) {
            sender.ipc.receiveAfterSend = ThreadIds.NIL_THREAD;
            receivePhase(sender);
            return;
        }
        sender.ipc.receiveAfterSend = ThreadIds.NIL_THREAD;
        sender.ipc.receiving = false;
        sender.context.core[0] = result;
        scheduling.wake(sender);
    }

    /**
     * Copies a message into a waiting receiver by the rules of §2.4 and wakes it. Returns false when
     * the transfer types do not match (-ENOIPC for the receiver).
     */
    private boolean complete(Tcb receiver, Tcb sender, IpcMessage message) {
        receiver.ipc.receiving = false;
        if (receiver.ipc.pagerAnswer != null) {
            endPagerCall(receiver).answered(message.mrs()[0]);
            return true;
        }
        if (receiver.ipc.awaitingKernelReply) {
            receiver.ipc.kernelReply = message;
            return true;
        }
        int receiverType = receiver.ipc.receiveFlags & 0xF;
        int senderType = message.type();
        if ((receiverType == IpcMessage.TYPE_EXTENDED) != (senderType == IpcMessage.TYPE_EXTENDED)) {
            receiver.context.core[0] = -Errno.ENOIPC;
            scheduling.wake(receiver);
            return false;
        }
        int result = 0;
        System.arraycopy(message.mrs(), 0, receiver.context.core, 3, IpcMessage.MR_COUNT);
        if (receiver.ipc.expectedSender == ThreadIds.ANY_THREAD) {
            receiver.context.core[3 + 1] = message.sender(); // MR1 = the sender, only for ANYTHREAD receives
        }
        if ((receiverType == IpcMessage.TYPE_FULL || senderType == IpcMessage.TYPE_FULL) && message.rest() != null) {
            if (!userMemory.writeWords(receiver, receiver.utcbAddress() + UTCB_MR_REST, message.rest())) {
                result = -Errno.EFAULT;
            }
        } else if (senderType == IpcMessage.TYPE_EXTENDED) {
            result = copyExtended(receiver, message);
        }
        receiver.context.core[0] = result;
        scheduling.wake(receiver);
        return true;
    }

    /** The receiver gets its requested size; bytes the sender did not send are left as they were (§2.4). */
    private int copyExtended(Tcb receiver, IpcMessage message) {
        int size = IpcMessage.extendedSize(receiver.ipc.receiveFlags);
        int count = Math.min(size, message.extended().length);
        return userMemory.write(receiver, receiver.ipc.receiveBuffer, message.extended(), 0, count) ? 0 : -Errno.EFAULT;
    }

    private void failBlocked(Tcb thread, int error) {
        if (thread.ipc.pagerAnswer != null) {
            endPagerCall(thread).failed(error);
            return;
        }
        thread.ipc.receiveAfterSend = ThreadIds.NIL_THREAD;
        thread.ipc.receiving = false;
        thread.context.core[0] = error;
        scheduling.wake(thread);
    }
}
