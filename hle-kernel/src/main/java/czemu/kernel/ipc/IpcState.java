package czemu.kernel.ipc;

import czemu.kernel.abi.ThreadIds;
import czemu.kernel.thread.Tcb;
import java.util.ArrayDeque;

/** One thread's part in IPC: what it waits to receive, what it is sending, and who queues on it. */
public final class IpcState {
    /** Whom the thread waits to receive from (a tid or ANY), valid while {@link #receiving}. */
    int expectedSender;
    boolean receiving;
    /** The receive's transfer flags and, for EXTENDED, the user buffer read before the rendezvous. */
    int receiveFlags;
    int receiveBuffer;
    /** The message the thread is blocked sending, and to whom. */
    IpcMessage outgoing;
    Tcb sendingTo;
    /** A send-receive continues into a receive from this thread once its send completes. */
    int receiveAfterSend = ThreadIds.NIL_THREAD;
    /** Senders blocked on this thread, in arrival order. */
    final ArrayDeque<Tcb> sendQueue = new ArrayDeque<>();
    /**
     * Messages hosted (Java) threads sent before this thread was ready to receive them. A hosted
     * thread never blocks, so its send waits here, as the real mm0 would wait in its send.
     */
    final ArrayDeque<IpcMessage> fromHosts = new ArrayDeque<>();
    /** Set while the kernel calls the pager on this thread's behalf; the reply lands in {@link #kernelReply}. */
    boolean awaitingKernelReply;
    IpcMessage kernelReply;
    /**
     * Set while the kernel waits, on this thread's behalf, for a pager that is an ARM thread (a
     * fault or undefined instruction, §4): that pager answers in its own time, so the answer is
     * handed on here instead of being returned.
     */
    PagerAnswer pagerAnswer;
    /** The thread's own IPC state from before that call, put back when it ends. */
    IpcState beforePagerCall;

    /** Enters the state of a thread waiting for its pager's answer to a kernel-made call. */
    void awaitKernelReply(int pagerTid) {
        receiving = true;
        expectedSender = pagerTid;
        receiveFlags = IpcMessage.TYPE_SHORT;
        receiveAfterSend = ThreadIds.NIL_THREAD;
        sendingTo = null;
        awaitingKernelReply = true;
        kernelReply = null;
    }

    /** A copy of the fields a nested kernel call changes (the send queue is left alone). */
    IpcState save() {
        IpcState copy = new IpcState();
        copy.expectedSender = expectedSender;
        copy.receiving = receiving;
        copy.receiveFlags = receiveFlags;
        copy.receiveBuffer = receiveBuffer;
        copy.outgoing = outgoing;
        copy.sendingTo = sendingTo;
        copy.receiveAfterSend = receiveAfterSend;
        copy.awaitingKernelReply = awaitingKernelReply;
        copy.kernelReply = kernelReply;
        copy.pagerAnswer = pagerAnswer;
        copy.beforePagerCall = beforePagerCall;
        return copy;
    }

    void restore(IpcState saved) {
        expectedSender = saved.expectedSender;
        receiving = saved.receiving;
        receiveFlags = saved.receiveFlags;
        receiveBuffer = saved.receiveBuffer;
        outgoing = saved.outgoing;
        sendingTo = saved.sendingTo;
        receiveAfterSend = saved.receiveAfterSend;
        awaitingKernelReply = saved.awaitingKernelReply;
        kernelReply = saved.kernelReply;
        pagerAnswer = saved.pagerAnswer;
        beforePagerCall = saved.beforePagerCall;
    }

    /** What the thread waits for, for reports. */
    public String describe() {
        if (pagerAnswer != null) return "its pager " + ThreadIds.describe(expectedSender) + " to answer a fault";
        if (sendingTo != null) return "send to " + ThreadIds.describe(sendingTo.tid());
        if (receiving) return "receive from " + ThreadIds.describe(expectedSender);
        return "nothing";
    }
}
