package czemu.kernel.thread;

import czemu.kernel.arch.Cpu;

/**
 * A thread's saved user registers while it is not on the CPU: r0..r15, CPSR, the VFP bank, and the
 * user read-only thread ID register TPIDRURO (CP15 c13,c0,3), which Linux threads use as their TLS
 * pointer (Codezero threads leave it 0).
 */
public final class ThreadContext {
    public final int[] core = new int[Cpu.CORE_REGISTERS];
    public final long[] vfp = new long[32];
    public int fpscr;
    public int threadIdRegister;

    public boolean thumb() {
        return (core[Cpu.CPSR] & Cpu.CPSR_THUMB) != 0;
    }

    public void copyFrom(ThreadContext other) {
        System.arraycopy(other.core, 0, core, 0, core.length);
        System.arraycopy(other.vfp, 0, vfp, 0, vfp.length);
        fpscr = other.fpscr;
        threadIdRegister = other.threadIdRegister;
    }
}
