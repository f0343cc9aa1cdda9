package czemu.pager.linux.signal;

import czemu.kernel.arch.Cpu;
import czemu.kernel.thread.Tcb;
import czemu.pager.linux.Call;
import czemu.pager.linux.CallFormatter;
import czemu.pager.linux.LinuxSystem;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.abi.SignalFrameLayout;
import czemu.pager.linux.exec.KuserHelpers;
import czemu.pager.linux.process.LinuxThread;

/**
 * Taking signals on the way back to user mode, and sigreturn, as the ARM kernel does it
 * (arch/arm/kernel/signal.c: do_signal, handle_signal, setup_return, restore_sigframe). Each pending
 * signal the thread does not block is taken in turn, synchronous ones (its faults) first, then by
 * number: an ignored one is dropped, a default one ends the process, and for a handler a frame is
 * pushed ({@link SignalFrame}) and the registers are set to run it: r0 the signal, r1 and r2 the
 * siginfo and ucontext (SA_SIGINFO), SP the frame, LR the restorer (glibc always gives one that calls
 * sigreturn or rt_sigreturn; without SA_RESTORER the kuser page's return code), PC the handler with
 * the Thumb state its low bit asks for. Several handlers set up in one go nest: the last runs first.
 *
 * <p>A call a signal cut short is settled here as the kernel's restart rules say: -EINTR, or made
 * again after the handler (SA_RESTART, or with no handler at all) with its first argument back in
 * r0 and PC on its svc.
 */
final class SignalDelivery {
    /** CPSR's Thumb IT state, cleared on entry to a handler (ARM ARM B1.3.3). */
    private static final int CPSR_IT_STATE = 0x0600FC00;

    private final LinuxSystem system;
    private final Signals signals;
    private final SignalFrame frames;

    SignalDelivery(LinuxSystem system, Signals signals) {
        this.system = system;
        this.signals = signals;
        this.frames = new SignalFrame(system.memory());
    }

    /** The signals pending for the thread, to it or to its process, that it does not block. */
    static long deliverable(LinuxThread thread) {
        return (thread.signals().pending().set() | thread.process().pending().set()) & ~thread.signals().blocked();
    }

    /** See {@link Signals#deliver}. */
    boolean deliver(LinuxThread thread, boolean fromCall) {
        ThreadSignals state = thread.signals();
        Tcb tcb = thread.tcb();
        // A sigreturn's r0 is the interrupted code's, never a call's result (ARM's sigreturn wrapper clears "why").
        boolean sigreturned = state.takeSigreturned();
        boolean callEnding = fromCall && !sigreturned || state.callInterrupted();
        state.setCallInterrupted(false);
        if (deliverable(thread) == 0 && !(callEnding && isRestartCode(tcb.context.core[0]))) return false;
        boolean changed = false, handlerEntered = false, vfpSaved = false;
        for (int signal; (signal = SignalSets.first(deliverable(thread))) != 0; ) {
            SignalInfo info = take(thread, signal);
            SignalActions actions = thread.process().actions();
            SignalAction action = actions.get(signal);
            if (!action.handled()) {
                if (actions.ignores(signal)) continue;
                signals.terminate(thread.process(), thread, info);
                return changed;
            }
            if (callEnding) {
                changed |= settleInterruptedCall(tcb, state, action);
                callEnding = false;
            }
            if (!vfpSaved) {
                system.kernel().scheduler().vfpToContext(tcb);
                vfpSaved = true;
            }
            if (enterHandler(thread, info, action)) {
                changed = handlerEntered = true;
            } else {
                // The kernel's force_sigsegv: a SIGSEGV instead, which ends the process if SIGSEGV's own frame failed.
                if (signal == LinuxAbi.SIGSEGV) actions.set(LinuxAbi.SIGSEGV, SignalAction.DEFAULT);
                signals.force(thread, SignalInfo.sent(LinuxAbi.SIGSEGV, LinuxAbi.SI_KERNEL, 0));
            }
        }
        if (callEnding && isRestartCode(tcb.context.core[0])) {
            restart(tcb, state); // no handler ran: the call goes on as if nothing had happened
            changed = true;
        }
        if (!handlerEntered) state.settleSuspend(true);
        return changed;
    }

    private static SignalInfo take(LinuxThread thread, int signal) {
        SignalInfo own = thread.signals().pending().take(signal);
        return own != null ? own : thread.process().pending().take(signal);
    }

    private static boolean isRestartCode(int r0) {
        return switch (-r0) {
            case LinuxAbi.ERESTARTSYS, LinuxAbi.ERESTARTNOINTR, LinuxAbi.ERESTARTNOHAND, LinuxAbi.ERESTART_RESTARTBLOCK -> true;
            default -> false;
        };
    }

    /**
     * A handler runs: the cut-short call answers -EINTR, or is made again after it (the kernel's
     * handle_signal); true when r0 held a restart code.
     */
    private static boolean settleInterruptedCall(Tcb tcb, ThreadSignals state, SignalAction action) {
        int[] core = tcb.context.core;
        switch (-core[0]) {
            case LinuxAbi.ERESTART_RESTARTBLOCK, LinuxAbi.ERESTARTNOHAND -> core[0] = -LinuxAbi.EINTR;
            case LinuxAbi.ERESTARTSYS -> {
                if (action.has(LinuxAbi.SA_RESTART)) restart(tcb, state); else core[0] = -LinuxAbi.EINTR;
            }
            case LinuxAbi.ERESTARTNOINTR -> restart(tcb, state);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** PC back on the svc and the call's first argument back in r0: the call is made again. */
    private static void restart(Tcb tcb, ThreadSignals state) {
        int[] core = tcb.context.core;
        core[0] = state.callArgument();
        core[Cpu.PC] -= tcb.context.thumb() ? 2 : 4;
    }

    /** Pushes the frame and points the registers at the handler; false when the frame cannot be written. */
    private boolean enterHandler(LinuxThread thread, SignalInfo info, SignalAction action) {
        Tcb tcb = thread.tcb();
        int[] core = tcb.context.core;
        ThreadSignals state = thread.signals();
        int signal = info.signal();
        boolean rt = action.has(LinuxAbi.SA_SIGINFO);
        int handler = action.handler();
        boolean thumb = (handler & 1) != 0;
        boolean restorer = action.has(LinuxAbi.SA_RESTORER);
        int sp = core[Cpu.SP];
        AltStack altStack = state.altStack();
        int top = altStack.frameTop(sp, action.has(LinuxAbi.SA_ONSTACK));
        Integer frame = frames.push(tcb, top, rt, info, state.maskToSave(), altStack, sp,
                restorer ? null : SignalFrameLayout.returnCode(rt, thumb));
        if (frame == null) {
            system.reporter().accept(thread + ": the frame for " + CallFormatter.signalName(signal)
                    + " cannot be written below 0x" + Integer.toHexString(top) + ": SIGSEGV");
            return false;
        }
        if (rt) state.setAltStack(altStack.afterUse());
        core[0] = signal;
        if (rt) {
            core[1] = frame;
            core[2] = frame + SignalFrameLayout.RT_SIGFRAME_UCONTEXT;
        }
        core[Cpu.SP] = frame;
        core[Cpu.LR] = restorer ? action.restorer() : KuserHelpers.sigreturnTrampoline(rt, thumb);
        core[Cpu.PC] = handler & (thumb ? ~1 : ~3);
        core[Cpu.CPSR] = core[Cpu.CPSR] & ~(CPSR_IT_STATE | Cpu.CPSR_THUMB) | (thumb ? Cpu.CPSR_THUMB : 0);
        state.setBlocked(state.blocked() | action.mask() | (action.has(LinuxAbi.SA_NODEFER) ? 0 : SignalSets.bit(signal)));
        state.settleSuspend(false);
        if (action.has(LinuxAbi.SA_RESETHAND)) thread.process().actions().set(signal, SignalAction.DEFAULT);
        signals.taken(thread, info, handler);
        return true;
    }

    /**
     * sigreturn (a frame without siginfo) and rt_sigreturn: the registers, VFP state and mask the
     * frame at SP holds come back, and the alternate stack after an rt frame. A frame that is not
     * sound is a SIGSEGV for the thread (its registers as they are).
     */
    int sigreturn(Call call, boolean rt) {
        Tcb tcb = call.tcb();
        LinuxThread thread = call.thread();
        ThreadSignals state = thread.signals();
        state.setSigreturned();
        SignalFrame.Restored restored = frames.pop(tcb, rt);
        if (restored == null) {
            system.reporter().accept(String.format("%s: %s found no sound signal frame at sp 0x%08x: SIGSEGV", thread,
                    rt ? "rt_sigreturn" : "sigreturn", tcb.context.core[Cpu.SP]));
            signals.force(thread, SignalInfo.sent(LinuxAbi.SIGSEGV, LinuxAbi.SI_KERNEL, 0));
            return 0;
        }
        state.setBlocked(restored.mask());
        if (rt) {
            AltStack saved = restored.altStack();
            AltStack.change(state, tcb.context.core[Cpu.SP], saved.base(), saved.size(), saved.flags()); // errors ignored, as the kernel does
        }
        system.kernel().scheduler().vfpFromContext(tcb);
        return tcb.context.core[0];
    }
}
