package czemu.kernel.fault;

import czemu.kernel.abi.Errno;
import czemu.kernel.abi.ThreadIds;
import czemu.kernel.ipc.Ipc;
import czemu.kernel.ipc.IpcMessage;
import czemu.kernel.ipc.PagerAnswer;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;
import czemu.kernel.thread.ThreadTable;

/**
 * Sends a fault-style message (a page fault, an undefined instruction: codezero-abi.md §4) to the
 * pager of a thread that is running user code, and acts on the answer. A hosted pager (mm0, in
 * Java) answers at once, while the thread is still on the CPU. A pager that is an ARM thread (the
 * creator of a thread made with thread_control, or one set with exchange_registers) answers when it
 * runs: the thread blocks in a kernel-made send-receive, and is made runnable again once the answer
 * has been acted on, to re-execute its instruction (or, after an undefined one, the next).
 */
public final class PagerCall {
    /** What the caller does with the pager's answer. */
    public interface Outcome {
        /** The pager replied with MR0 (0: resolved); the thread still lives. */
        void answered(int mr0);

        /** There was no answer; {@code why} completes "... got no answer: " in a report. */
        void unanswered(String why);
    }

    private final Ipc ipc;
    private final ThreadTable threads;
    private final Ipc.Scheduling scheduling;

    public PagerCall(Ipc ipc, ThreadTable threads, Ipc.Scheduling scheduling) {
        this.ipc = ipc;
        this.threads = threads;
        this.scheduling = scheduling;
    }

    public void call(Tcb thread, IpcMessage message, Outcome outcome) {
        Tcb pager = threads.find(thread.pagerTid());
        if (pager == null || !pager.isAlive()) {
            outcome.unanswered("its pager " + ThreadIds.describe(thread.pagerTid()) + " does not exist");
        } else if (pager == thread) {
            outcome.unanswered("it is its own pager (Codezero destroys a pager that faults on itself)");
        } else if (pager.isHosted()) {
            IpcMessage reply = ipc.callHostedPager(thread, pager.tid(), message);
            if (!thread.isAlive()) return; // the pager ended the task, and has said why
            if (reply == null) {
                outcome.unanswered("pager " + ThreadIds.describe(pager.tid()) + " gave none");
            } else {
                outcome.answered(reply.mrs()[0]);
            }
        } else {
            ipc.callGuestPager(thread, pager, message, new PagerAnswer() {
                @Override
                public void answered(int mr0) {
                    outcome.answered(mr0);
                    resume(thread);
                }

                @Override
                public void failed(int error) {
                    // SUSPEND cut the call short: the thread repeats the fault when it runs again, as on Codezero.
                    if (error == -Errno.EINTR) return;
                    outcome.unanswered("the ipc to pager " + ThreadIds.describe(pager.tid()) + " failed with " + error);
                    resume(thread);
                }
            });
        }
    }

    /** The thread goes on unless the outcome halted it (or a debugger holds it). */
    private void resume(Tcb thread) {
        if (thread.state() == ThreadState.BLOCKED) scheduling.wake(thread);
    }
}
