package czemu.pager.linux.signal;

import static czemu.pager.linux.abi.SignalFrameLayout.*;

import czemu.kernel.arch.Cpu;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadContext;
import czemu.pager.linux.GuestMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The frame a handler runs on, written to and read back from the user stack as the ARM kernel lays
 * it out ({@link czemu.pager.linux.abi.SignalFrameLayout}): with SA_SIGINFO an rt_sigframe (siginfo,
 * then the ucontext), without it a sigframe (the ucontext alone). The ucontext keeps everything the
 * handler may disturb: r0..r15 and CPSR, the VFP registers and FPSCR, the blocked mask and the
 * alternate stack. Memory goes through the door's {@link GuestMemory}, so it pages in through mm0 like
 * any access the kernel makes for a program; a frame that cannot be written or read is the caller's
 * SIGSEGV, never an exception.
 */
final class SignalFrame {
    /** What sigreturn found in a sound frame: the mask to block again and, after an rt frame, the alternate stack. */
    record Restored(long mask, AltStack altStack) {}

    /**
     * CPSR bits a frame may give back to user mode: the flags (NZCVQ), the IT state, GE, E and T;
     * the mode is always user (the kernel's valid_user_regs keeps no more).
     */
    private static final int USER_CPSR_BITS = 0xF8000000 | 0x06000000 | 0x000F0000 | 0x0000FC00 | 0x200 | Cpu.CPSR_THUMB;
    private static final int CPSR_MODE = 0x1F, CPSR_IRQ_MASKED = 0x80;

    private final GuestMemory memory;

    SignalFrame(GuestMemory memory) {
        this.memory = memory;
    }

    /**
     * Writes the thread's frame below {@code top} (8-byte aligned, as ATPCS wants) from its context,
     * which must hold its VFP registers; the frame's address, or null when the stack cannot take it.
     * {@code spBefore} is the thread's SP before the signal, for uc_stack's flags; {@code returnCode}
     * goes into retcode when the handler has no restorer. The sigcontext's trap_no, error_code and
     * fault_address stay 0, as qemu-arm leaves them (Linux fills them in for a fault; the address is in
     * the siginfo either way).
     */
    Integer push(Tcb thread, int top, boolean rt, SignalInfo info, long savedMask, AltStack altStack, int spBefore,
                 int[] returnCode) {
        int size = rt ? RT_SIGFRAME_SIZE : SIGFRAME_SIZE;
        int frame = (top - size) & ~7;
        ByteBuffer b = GuestMemory.structure(size);
        int uc = 0;
        if (rt) {
            b.put(info.encode());
            uc = RT_SIGFRAME_UCONTEXT;
        }
        b.putInt(uc + UC_FLAGS, rt ? 0 : UC_FLAGS_NON_RT).putInt(uc + UC_LINK, 0);
        b.putInt(uc + UC_STACK + SS_SP, altStack.base()).putInt(uc + UC_STACK + SS_FLAGS, altStack.reportedFlags(spBefore))
                .putInt(uc + UC_STACK + SS_SIZE, altStack.size());
        ThreadContext context = thread.context;
        int mc = uc + UC_MCONTEXT;
        b.putInt(mc + SC_TRAP_NO, 0).putInt(mc + SC_ERROR_CODE, 0).putInt(mc + SC_OLDMASK, (int) savedMask);
        for (int r = 0; r <= Cpu.PC; r++) b.putInt(mc + SC_R0 + 4 * r, context.core[r]);
        b.putInt(mc + SC_CPSR, context.core[Cpu.CPSR]).putInt(mc + SC_FAULT_ADDRESS, 0);
        b.putLong(uc + UC_SIGMASK, savedMask);
        int vfp = uc + UC_REGSPACE;
        b.putInt(vfp + VFP_MAGIC_OFFSET, VFP_MAGIC).putInt(vfp + VFP_SIZE_OFFSET, VFP_BLOCK_SIZE);
        for (int d = 0; d < context.vfp.length; d++) b.putLong(vfp + VFP_REGISTERS + 8 * d, context.vfp[d]);
        b.putInt(vfp + VFP_FPSCR, context.fpscr).putInt(vfp + VFP_FPEXC, FPEXC_ENABLED).putInt(vfp + VFP_FPINST, 0)
                .putInt(vfp + VFP_FPINST2, 0);
        b.putInt(vfp + VFP_BLOCK_SIZE, 0); // no further coprocessor block
        int retcode = rt ? RT_SIGFRAME_RETCODE : SIGFRAME_RETCODE;
        if (returnCode != null) {
            for (int i = 0; i < returnCode.length; i++) b.putInt(retcode + 4 * i, returnCode[i]);
        }
        return memory.write(thread, frame, b.array()) ? frame : null;
    }

    /**
     * sigreturn and rt_sigreturn: the frame at the thread's SP is read back into its context (r0..r15,
     * CPSR, VFP). Null, with the context untouched, when the frame is not a sound one: SP not 8-byte
     * aligned, memory that cannot be read, a CPSR that is not user mode with interrupts on, or a VFP
     * block with the wrong magic or size (the kernel's checks; it then sends SIGSEGV).
     */
    Restored pop(Tcb thread, boolean rt) {
        ThreadContext context = thread.context;
        int sp = context.core[Cpu.SP];
        if ((sp & 7) != 0) return null;
        int uc = sp + (rt ? RT_SIGFRAME_UCONTEXT : 0);
        byte[] raw = memory.read(thread, uc, UCONTEXT_SIZE);
        if (raw == null) return null;
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int mc = UC_MCONTEXT, vfp = UC_REGSPACE;
        int cpsr = b.getInt(mc + SC_CPSR);
        if ((cpsr & CPSR_MODE) != Cpu.CPSR_MODE_USER || (cpsr & CPSR_IRQ_MASKED) != 0) return null;
        if (b.getInt(vfp + VFP_MAGIC_OFFSET) != VFP_MAGIC || b.getInt(vfp + VFP_SIZE_OFFSET) != VFP_BLOCK_SIZE) return null;
        for (int r = 0; r <= Cpu.PC; r++) context.core[r] = b.getInt(mc + SC_R0 + 4 * r);
        context.core[Cpu.CPSR] = cpsr & USER_CPSR_BITS | Cpu.CPSR_MODE_USER;
        // An odd ARM address or a Thumb one with bit 0 set cannot be fetched; the CPU would ignore those bits too.
        context.core[Cpu.PC] &= context.thumb() ? ~1 : ~3;
        for (int d = 0; d < context.vfp.length; d++) context.vfp[d] = b.getLong(vfp + VFP_REGISTERS + 8 * d);
        context.fpscr = b.getInt(vfp + VFP_FPSCR);
        long mask = b.getLong(UC_SIGMASK) & SignalSets.BLOCKABLE;
        AltStack altStack = rt ? new AltStack(b.getInt(UC_STACK + SS_SP), b.getInt(UC_STACK + SS_SIZE), b.getInt(UC_STACK + SS_FLAGS))
                : null;
        return new Restored(mask, altStack);
    }
}
