package czemu.kernel.fault;

import java.util.Locale;

/** How a page fault was dealt with, as a trace shows it (docs/traces.md: one word per fault line). */
public enum FaultResolution {
    /** The pager mapped a page that already existed (a file page, a page the task owns, shared memory). */
    MAPPED,
    /** Anonymous memory touched for the first time: the shared zero page, or a fresh zeroed page for a write. */
    ZERO,
    /** A write to a page shared read-only (after fork, or a private file page): the pager copied it. */
    COPY_ON_WRITE,
    /** An access to a device page, emulated by the kernel (the instruction completed). */
    DEVICE,
    /** The pager could not resolve the fault and ended the task (SIGSEGV). */
    SIGSEGV,
    /**
     * The pager could not resolve the fault and turned it into a signal the thread handles itself
     * (a Linux program's SIGSEGV handler): the instruction does not run again, the handler does.
     */
    SIGNAL,
    /** The kernel's own access to user memory was refused: its system call answers -EFAULT. */
    EFAULT,
    /** Nobody resolved the fault (no answer, a refusal, or the same fault again and again): the thread was halted. */
    HALTED;

    /** The word in a trace line: {@code copy-on-write}, {@code zero}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
