package czemu.kernel;

import czemu.kernel.arch.Cpu;

/**
 * The engine's side of an instruction trace (czemu run --trace): hooks before every instruction,
 * at the start of every block, or at one address, and the registers of the running thread inside
 * them. Everything here is for the engine thread. The engine compiles hooks into the code it
 * translates, so hooks are added before the machine runs and the trace hooks open and close
 * cheaply while it runs ({@link Cpu.TraceHook}).
 */
public final class InstructionTracing {
    private final Cpu cpu;

    InstructionTracing(Cpu cpu) {
        this.cpu = cpu;
    }

    /** A hook before every instruction any thread executes; closed until the recorder opens it. */
    public Cpu.TraceHook everyInstruction(Cpu.InstructionHook hook) {
        return cpu.traceInstructions(hook);
    }

    /** A hook at the start of every translated block any thread executes; closed until the recorder opens it. */
    public Cpu.TraceHook everyBlock(Cpu.InstructionHook hook) {
        return cpu.traceBlocks(hook);
    }

    /** Calls {@code hook} before each execution of the instruction at {@code address}, in any space. */
    public long at(int address, Cpu.InstructionHook hook) {
        return cpu.hookInstruction(address, hook);
    }

    /** Inside a hook: the running thread's r0..r15 and CPSR (indexed as {@link Cpu#CPSR} says). */
    public void readRegisters(int[] core) {
        cpu.readCore(core);
    }

    /** Inside a hook: the running thread's CPSR (its Thumb bit is {@link Cpu#CPSR_THUMB}). */
    public int cpsr() {
        return cpu.register(Cpu.CPSR);
    }
}
