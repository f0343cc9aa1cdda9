package czemu.pager.linux.signal;

import czemu.pager.linux.abi.LinuxAbi;

/**
 * A thread's alternate signal stack (sigaltstack): where handlers with SA_ONSTACK run, so a handler
 * can catch a SIGSEGV of an overflowed stack. {@code flags} holds only SS_AUTODISARM; whether the
 * thread is on it is worked out from its SP, as the kernel does.
 */
public record AltStack(int base, int size, int flags) {
    public static final AltStack DISABLED = new AltStack(0, 0, 0);

    public boolean enabled() {
        return size != 0;
    }

    /** Whether {@code sp} lies on the stack (the kernel's on_sig_stack; the stack grows down from base + size). */
    public boolean contains(int sp) {
        long offset = Integer.toUnsignedLong(sp) - Integer.toUnsignedLong(base);
        return enabled() && offset > 0 && offset <= Integer.toUnsignedLong(size);
    }

    /**
     * SS_DISABLE without a stack, SS_ONSTACK when {@code sp} is on it, else 0 (the kernel's
     * sas_ss_flags; with SS_AUTODISARM a thread never counts as on it).
     */
    public int state(int sp) {
        if (!enabled()) return LinuxAbi.SS_DISABLE;
        if ((flags & LinuxAbi.SS_AUTODISARM) != 0) return 0;
        return contains(sp) ? LinuxAbi.SS_ONSTACK : 0;
    }

    /** ss_flags as sigaltstack reports them for a thread at {@code sp}: its state and SS_AUTODISARM if set. */
    public int reportedFlags(int sp) {
        return state(sp) | (flags & LinuxAbi.SS_AUTODISARM);
    }

    /** Where a handler's frame goes below: the top of this stack if the action asks for it and the thread is not on it yet, else {@code sp}. */
    public int frameTop(int sp, boolean onStackWanted) {
        return onStackWanted && state(sp) == 0 ? base + size : sp;
    }

    /**
     * sigaltstack's new stack for a thread at {@code sp} (the kernel's do_sigaltstack): 0, or -EPERM
     * while the thread runs on the current one, -EINVAL for unknown flags, -ENOMEM below MINSIGSTKSZ.
     * {@code flags} SS_DISABLE gives the stack up; SS_ONSTACK and 0 set it, with SS_AUTODISARM if asked.
     */
    static int change(ThreadSignals state, int sp, int base, int size, int flags) {
        if (state.altStack().state(sp) == LinuxAbi.SS_ONSTACK) return -LinuxAbi.EPERM;
        int mode = flags & ~LinuxAbi.SS_AUTODISARM;
        if (mode != LinuxAbi.SS_DISABLE && mode != LinuxAbi.SS_ONSTACK && mode != 0) return -LinuxAbi.EINVAL;
        if (mode == LinuxAbi.SS_DISABLE) {
            state.setAltStack(DISABLED);
            return 0;
        }
        if (Integer.compareUnsigned(size, LinuxAbi.MINSIGSTKSZ) < 0) return -LinuxAbi.ENOMEM;
        state.setAltStack(new AltStack(base, size, flags & LinuxAbi.SS_AUTODISARM));
        return 0;
    }

    /** After a frame was put on it: a stack with SS_AUTODISARM is given up until sigreturn restores it. */
    public AltStack afterUse() {
        return (flags & LinuxAbi.SS_AUTODISARM) != 0 ? DISABLED : this;
    }
}
