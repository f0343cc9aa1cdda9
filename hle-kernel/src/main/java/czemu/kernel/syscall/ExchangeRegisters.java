package czemu.kernel.syscall;

import czemu.kernel.Kernel;
import czemu.kernel.abi.Errno;
import czemu.kernel.arch.Cpu;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;

import static czemu.kernel.abi.ThreadControlFlags.*;

/**
 * exchange_registers (slot 0x0C, codezero-abi.md §2.8): r0 = pointer to {@code struct exregs_data},
 * r1 = the target thread. The struct holds r0..r12, sp, lr, pc (words 0..15), a valid vector (bit i
 * = word i), flags (SET_PAGER 1, SET_UTCB 2, READ 4), the pager id and the UTCB address. With READ
 * the valid registers, and the pager and UTCB when their flags are set, are copied out; without it
 * they are written into the thread. Registers of a thread that is not inactive may only be written
 * by itself or its pager (-EACTIVE otherwise).
 */
final class ExchangeRegisters implements Syscall {
    static final int SIZE_WORDS = 20;
    static final int VALID = 16, FLAGS = 17, PAGER = 18, UTCB = 19;

    private final Kernel kernel;

    ExchangeRegisters(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public int invoke(Tcb caller) {
        int address = caller.context.core[0];
        int[] data = new int[SIZE_WORDS];
        if (!kernel.userMemory().readWords(caller, address, data) || !kernel.userMemory().writeWords(caller, address, data)) {
            return -Errno.EFAULT;
        }
        Tcb target = kernel.threads().find(caller.context.core[1]);
        if (target == null || target.isHosted()) return -Errno.ESRCH;
        int valid = data[VALID] & 0xFFFF;
        int flags = data[FLAGS];
        if (target.state() != ThreadState.INACTIVE && valid != 0 && target != caller && target.pagerTid() != caller.tid()) {
            return -Errno.EACTIVE;
        }
        if (kernel.capabilities().checkExchangeRegisters(caller, target.tid(), valid, flags) != 0) return -Errno.ENOCAP;
        int[] core = target.context.core;
        if ((flags & EXREGS_READ) != 0) {
            for (int i = 0; i < 16; i++) {
                if ((valid & (1 << i)) != 0) data[i] = i == Cpu.PC ? pcWithThumbBit(core) : core[i];
            }
            if ((flags & EXREGS_SET_PAGER) != 0) data[PAGER] = target.pagerTid();
            if ((flags & EXREGS_SET_UTCB) != 0) data[UTCB] = target.utcbAddress();
            return kernel.userMemory().writeWords(caller, address, data) ? 0 : -Errno.EFAULT;
        }
        for (int i = 0; i < 16; i++) {
            if ((valid & (1 << i)) == 0) continue;
            if (i == Cpu.PC) {
                setPc(core, data[i]);
            } else {
                core[i] = data[i];
            }
        }
        if ((flags & EXREGS_SET_PAGER) != 0) target.setPagerTid(data[PAGER]);
        if ((flags & EXREGS_SET_UTCB) != 0) {
            target.setUtcbAddress(data[UTCB]);
            kernel.scheduler().utcbChanged(target);
        }
        return 0;
    }

    /**
     * A PC with bit 0 set starts Thumb code (an interworking address, as a C function pointer to
     * Thumb code is). The mode bits of CPSR are never touched, so the thread stays in user mode.
     */
    private static void setPc(int[] core, int pc) {
        core[Cpu.PC] = pc & ~1;
        core[Cpu.CPSR] = (core[Cpu.CPSR] & ~Cpu.CPSR_THUMB) | ((pc & 1) != 0 ? Cpu.CPSR_THUMB : 0);
    }

    private static int pcWithThumbBit(int[] core) {
        return core[Cpu.PC] | ((core[Cpu.CPSR] & Cpu.CPSR_THUMB) != 0 ? 1 : 0);
    }
}
