package czemu.kernel.arch.unicorn;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import czemu.kernel.arch.Cpu;
import czemu.kernel.arch.ExceptionHandler;
import czemu.kernel.arch.MemoryAccess;
import czemu.kernel.arch.RunOutcome;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static czemu.kernel.arch.unicorn.UnicornLibrary.*;

/**
 * {@link Cpu} on Unicorn 2 with the ARM MMU on (DESIGN.md §2). Guest physical RAM is mapped at
 * physical 0 with {@code uc_mem_map_ptr}; because Unicorn checks its regions against the virtual
 * address, two more untouched regions cover the rest of the 4 GiB, and the page tables written by
 * the kernel do all protection.
 *
 * <p>No Java exception ever escapes a hook (JNA would log it and carry on): the first one is kept,
 * the CPU is stopped, and {@link #run} rethrows it.
 */
public final class UnicornCpu implements Cpu {
    // uc_arm_reg values of Unicorn 2.0.1.
    private static final int REG_CPSR = 3, REG_FPEXC = 4, REG_FPSCR = 6, REG_LR = 10, REG_PC = 11, REG_SP = 12;
    private static final int REG_D0 = 14, REG_R0 = 66, REG_CP_REG = 139;

    // QEMU's ARM exception numbers as Unicorn reports them to UC_HOOK_INTR.
    private static final int EXCP_UDEF = 1, EXCP_SWI = 2, EXCP_PREFETCH_ABORT = 3, EXCP_DATA_ABORT = 4, EXCP_BKPT = 7;

    /** Unicorn needs an end address; nothing is ever executed at 0 (no space maps page 0). */
    private static final long NEVER_REACHED = 0;
    private static final long TOP_REGION = 0xFFF00000L;

    private final long engine;
    private final Memory scratch = new Memory(1024);
    private final ByteBuffer scratchBuffer = scratch.getByteBuffer(0, scratch.size()).order(ByteOrder.LITTLE_ENDIAN);
    private final long scratchAddress = Pointer.nativeValue(scratch);
    // Scratch layout: [0] one value, [64] cp15 struct, [128] core ids, [256] core ptrs, [512] core values,
    // [680] write-order ids, [760] write-order ptrs (values shared with [512]).
    private static final int VALUE = 0, CP_STRUCT = 64, BATCH_IDS = 128, BATCH_POINTERS = 256, BATCH_VALUES = 512;
    private static final int WRITE_IDS = 680, WRITE_POINTERS = 760;
    private final Memory vfpScratch = new Memory(33 * 4 + 33 * 8 + 33 * 8);
    private final ByteBuffer vfpBuffer = vfpScratch.getByteBuffer(0, vfpScratch.size()).order(ByteOrder.LITTLE_ENDIAN);

    // Callbacks are held in fields: JNA frees a callback's trampoline once it is garbage.
    private final InterruptCallback interruptCallback = this::onInterrupt;
    private final InvalidInstructionCallback invalidCallback = this::onInvalidInstruction;
    private final MemoryCallback probeCallback = this::onProbedAccess;
    private static final int UC_MEM_WRITE = 17;
    /** Set while {@link #probeAccesses} re-runs one instruction: exceptions only stop the engine. */
    private boolean probing;
    private final java.util.List<MemoryAccess> probed = new java.util.ArrayList<>();

    /** Set once DETERMINISTIC scheduling or a debugger asks for counting; then it also enforces the budget. */
    private InstructionCounter counter;
    private long counterHook;
    /** Counting was asked for its own sake (DETERMINISTIC, --stats), not only for a debugger's exact budgets. */
    private boolean countingWanted;
    private ExceptionHandler handler;
    private Throwable hookFailure;
    private boolean closed;
    /** Where {@link #run} starts, as {@link #writeCore} last put it, while no engine run or PC/CPSR write has changed it. */
    private boolean startKnown;
    private int startPc;
    private boolean startThumb;

    public UnicornCpu(long physicalMemoryHostAddress, long physicalMemorySize) {
        long[] out = new long[1];
        check("uc_open", uc_open(UC_ARCH_ARM, UC_MODE_ARM, out));
        engine = out[0];
        check("uc_mem_map_ptr(RAM)", uc_mem_map_ptr(engine, 0, physicalMemorySize, UC_PROT_ALL, physicalMemoryHostAddress));
        check("uc_mem_map(rest)", uc_mem_map(engine, physicalMemorySize, TOP_REGION - physicalMemorySize, UC_PROT_ALL));
        check("uc_mem_map(top)", uc_mem_map(engine, TOP_REGION, 0x100000L, UC_PROT_ALL));
        prepareCoreBatch();
        prepareVfpBatch();
        long[] hook = new long[1];
        check("uc_hook_add(INTR)", uc_hook_add(engine, hook, UC_HOOK_INTR, interruptCallback, 0, 1, 0));
        check("uc_hook_add(INSN_INVALID)", uc_hook_add(engine, hook, UC_HOOK_INSN_INVALID, invalidCallback, 0, 1, 0));
        enterUserModeWithVfp();
    }

    /** User mode (the kernel is Java), VFP/NEON enabled: both are off at reset. */
    private void enterUserModeWithVfp() {
        writeCoprocessor(1, 0, 0, 2, readCoprocessor(1, 0, 0, 2) | (0xFL << 20)); // CPACR: cp10, cp11 full access
        writeSingle(REG_FPEXC, 0x40000000); // FPEXC.EN
        writeSingle(REG_CPSR, CPSR_MODE_USER);
        writeCoprocessor(2, 0, 0, 2, 0); // TTBCR: TTBR0 translates the whole 4 GiB, short descriptors
        writeCoprocessor(3, 0, 0, 0, 0x55555555L); // DACR: every domain is a client, so AP bits are checked
    }

    /** Turns the MMU on once the first translation table is in place. */
    public void enableMmu(int l1PhysicalAddress) {
        switchTranslationTable(l1PhysicalAddress);
        long sctlr = readCoprocessor(1, 0, 0, 0);
        sctlr |= 1; // M: MMU on
        sctlr &= ~(1L << 1); // A: no alignment faults, as on Codezero's ARMv5 with unaligned support off... loads are word aligned anyway
        sctlr &= ~(1L << 29); // AFE off: AP[0] is an access permission bit, not an access flag
        sctlr &= ~(1L << 28); // TRE off: TEX/C/B are used directly
        writeCoprocessor(1, 0, 0, 0, sctlr);
        invalidateTlb();
    }

    // ---- registers -------------------------------------------------------------------------

    @Override
    public int register(int n) {
        return readSingle(coreRegisterId(n));
    }

    @Override
    public void setRegister(int n, int value) {
        if (n == PC) {
            // Keep the Thumb state: Unicorn takes it from bit 0 of a PC write.
            value = (value & ~1) | ((readSingle(REG_CPSR) & CPSR_THUMB) != 0 ? 1 : 0);
        }
        writeSingle(coreRegisterId(n), value);
    }

    private static int coreRegisterId(int n) {
        if (n >= 0 && n <= 12) return REG_R0 + n;
        return switch (n) {
            case SP -> REG_SP;
            case LR -> REG_LR;
            case PC -> REG_PC;
            case CPSR -> REG_CPSR;
            default -> throw new IllegalArgumentException("no ARM core register " + n);
        };
    }

    private void prepareCoreBatch() {
        for (int i = 0; i < CORE_REGISTERS; i++) {
            scratchBuffer.putInt(BATCH_IDS + 4 * i, coreRegisterId(i));
            scratchBuffer.putLong(BATCH_POINTERS + 8 * i, scratchAddress + BATCH_VALUES + 8L * i);
        }
        // Writes go CPSR first (mode and Thumb state), then r0..r14, then PC: one call, in that order.
        int[] order = new int[CORE_REGISTERS];
        order[0] = CPSR;
        for (int i = 0; i < PC; i++) order[i + 1] = i;
        order[CORE_REGISTERS - 1] = PC;
        for (int i = 0; i < CORE_REGISTERS; i++) {
            scratchBuffer.putInt(WRITE_IDS + 4 * i, coreRegisterId(order[i]));
            scratchBuffer.putLong(WRITE_POINTERS + 8 * i, scratchAddress + BATCH_VALUES + 8L * order[i]);
        }
    }

    private void prepareVfpBatch() {
        long base = Pointer.nativeValue(vfpScratch);
        int ids = 0, pointers = 33 * 4, values = 33 * 4 + 33 * 8;
        for (int i = 0; i < 33; i++) {
            vfpBuffer.putInt(ids + 4 * i, i < 32 ? REG_D0 + i : REG_FPSCR);
            vfpBuffer.putLong(pointers + 8 * i, base + values + 8L * i);
        }
    }

    @Override
    public void readCore(int[] core) {
        check("uc_reg_read_batch", uc_reg_read_batch(engine, scratchAddress + BATCH_IDS, scratchAddress + BATCH_POINTERS, CORE_REGISTERS));
        for (int i = 0; i < CORE_REGISTERS; i++) {
            core[i] = scratchBuffer.getInt(BATCH_VALUES + 8 * i);
        }
    }

    @Override
    public void writeCore(int[] core) {
        for (int i = 0; i < PC; i++) {
            scratchBuffer.putLong(BATCH_VALUES + 8 * i, core[i] & 0xFFFFFFFFL);
        }
        scratchBuffer.putLong(BATCH_VALUES + 8 * PC, ((core[PC] & ~1) | ((core[CPSR] & CPSR_THUMB) != 0 ? 1 : 0)) & 0xFFFFFFFFL);
        scratchBuffer.putLong(BATCH_VALUES + 8 * CPSR, core[CPSR] & 0xFFFFFFFFL);
        check("uc_reg_write_batch", uc_reg_write_batch(engine, scratchAddress + WRITE_IDS, scratchAddress + WRITE_POINTERS, CORE_REGISTERS));
        startKnown = true;
        startPc = core[PC] & ~1;
        startThumb = (core[CPSR] & CPSR_THUMB) != 0;
    }

    @Override
    public int readVfp(long[] d) {
        long base = Pointer.nativeValue(vfpScratch);
        check("uc_reg_read_batch(vfp)", uc_reg_read_batch(engine, base, base + 33 * 4, 33));
        int values = 33 * 4 + 33 * 8;
        for (int i = 0; i < 32; i++) {
            d[i] = vfpBuffer.getLong(values + 8 * i);
        }
        return vfpBuffer.getInt(values + 8 * 32);
    }

    @Override
    public void writeVfp(long[] d, int fpscr) {
        long base = Pointer.nativeValue(vfpScratch);
        int values = 33 * 4 + 33 * 8;
        for (int i = 0; i < 32; i++) {
            vfpBuffer.putLong(values + 8 * i, d[i]);
        }
        vfpBuffer.putLong(values + 8 * 32, fpscr & 0xFFFFFFFFL);
        check("uc_reg_write_batch(vfp)", uc_reg_write_batch(engine, base, base + 33 * 4, 33));
    }

    private int readSingle(int regId) {
        scratchBuffer.putLong(VALUE, 0);
        check("uc_reg_read", uc_reg_read(engine, regId, scratchAddress + VALUE));
        return scratchBuffer.getInt(VALUE);
    }

    private void writeSingle(int regId, int value) {
        if (regId == REG_PC || regId == REG_CPSR) startKnown = false;
        scratchBuffer.putLong(VALUE, value & 0xFFFFFFFFL);
        check("uc_reg_write", uc_reg_write(engine, regId, scratchAddress + VALUE));
    }

    // ---- CP15 and the MMU --------------------------------------------------------------------

    /** Fills Unicorn's 40-byte uc_arm_cp_reg {cp, is64, sec, crn, crm, opc1, opc2, u64 val@32} for cp15. */
    private void fillCoprocessorStruct(int crn, int crm, int opc1, int opc2, long value) {
        scratchBuffer.putInt(CP_STRUCT, 15);
        scratchBuffer.putInt(CP_STRUCT + 4, 0);
        scratchBuffer.putInt(CP_STRUCT + 8, 0);
        scratchBuffer.putInt(CP_STRUCT + 12, crn);
        scratchBuffer.putInt(CP_STRUCT + 16, crm);
        scratchBuffer.putInt(CP_STRUCT + 20, opc1);
        scratchBuffer.putInt(CP_STRUCT + 24, opc2);
        scratchBuffer.putInt(CP_STRUCT + 28, 0);
        scratchBuffer.putLong(CP_STRUCT + 32, value);
    }

    private long readCoprocessor(int crn, int crm, int opc1, int opc2) {
        fillCoprocessorStruct(crn, crm, opc1, opc2, 0);
        check("uc_reg_read(cp15)", uc_reg_read(engine, REG_CP_REG, scratchAddress + CP_STRUCT));
        return scratchBuffer.getLong(CP_STRUCT + 32);
    }

    private void writeCoprocessor(int crn, int crm, int opc1, int opc2, long value) {
        fillCoprocessorStruct(crn, crm, opc1, opc2, value);
        check("uc_reg_write(cp15)", uc_reg_write(engine, REG_CP_REG, scratchAddress + CP_STRUCT));
    }

    @Override
    public void writeUserThreadIdRegister(int value) {
        writeCoprocessor(13, 0, 0, 3, value & 0xFFFFFFFFL); // TPIDRURO
    }

    @Override
    public void switchTranslationTable(int l1PhysicalAddress) {
        writeCoprocessor(2, 0, 0, 0, l1PhysicalAddress & 0xFFFFFFFFL); // TTBR0
        invalidateTlb(); // a TTBR0 write does not flush Unicorn's TLB by itself (DESIGN.md §2)
    }

    @Override
    public void invalidateTlbEntry(int virtualAddress) {
        writeCoprocessor(8, 7, 0, 1, virtualAddress & 0xFFFFF000L); // TLBIMVA
    }

    @Override
    public void invalidateTlb() {
        writeCoprocessor(8, 7, 0, 0, 0); // TLBIALL
    }

    @Override
    public void invalidateCode(int virtualAddress, int length) {
        long begin = virtualAddress & 0xFFFFFFFFL;
        check("uc_ctl(TB_REMOVE_CACHE)", uc_ctl(engine, UC_CTL_TB_REMOVE_CACHE_WRITE, begin, begin + length));
    }

    // ---- running -------------------------------------------------------------------------------

    @Override
    public void setExceptionHandler(ExceptionHandler handler) {
        this.handler = handler;
    }

    /**
     * Counts every instruction from now on (and enforces run budgets with the same hook). False when
     * this host has no native counter; budgets then still work, without a count.
     */
    public boolean enableInstructionCounting() {
        countingWanted = true;
        return addCounter();
    }

    private boolean addCounter() {
        if (counter != null) return true;
        InstructionCounter created = InstructionCounter.create(UnicornLibrary.LIBRARY);
        if (created == null) return false;
        long[] hook = new long[1];
        check("uc_hook_add(CODE)", uc_hook_add(engine, hook, UC_HOOK_CODE, created.hookFunction(), created.userData(), 1, 0));
        counter = created;
        counterHook = hook[0];
        return true;
    }

    /** Hooks by handle: JNA frees a callback's trampoline once it is garbage. */
    private final java.util.Map<Long, CodeCallback> instructionHooks = new java.util.HashMap<>();

    @Override
    public long hookInstruction(int address, InstructionHook hook) {
        CodeCallback callback = (uc, pc, size, userData) -> {
            try {
                hook.reached((int) pc);
            } catch (Throwable t) {
                failInHook(t);
            }
        };
        long[] handle = new long[1];
        long at = address & 0xFFFFFFFFL;
        check("uc_hook_add(CODE at address)", uc_hook_add(engine, handle, UC_HOOK_CODE, callback, 0, at, at));
        instructionHooks.put(handle[0], callback);
        return handle[0];
    }

    @Override
    public void unhookInstruction(long handle) {
        if (instructionHooks.remove(handle) != null) check("uc_hook_del", uc_hook_del(engine, handle));
    }

    /** The gates of the trace hooks, kept alive: JNA frees a callback's trampoline once it is garbage. */
    private final java.util.List<TraceGate> traceGates = new java.util.ArrayList<>();
    /** Whether the engine has run, and so may hold translated code. */
    private boolean ran;

    @Override
    public TraceHook traceInstructions(InstructionHook hook) {
        return addTraceHook(UC_HOOK_CODE, hook);
    }

    @Override
    public TraceHook traceBlocks(InstructionHook hook) {
        return addTraceHook(UC_HOOK_BLOCK, hook);
    }

    private TraceHook addTraceHook(int type, InstructionHook hook) {
        TraceGate gate = TraceGate.create(hook, this);
        long[] handle = new long[1];
        if (gate.isNative()) {
            check("uc_hook_add(trace)", uc_hook_add(engine, handle, type, gate.hookFunction(), gate.userData(), 1, 0));
        } else {
            check("uc_hook_add(trace)", uc_hook_add(engine, handle, type, gate.callback(), 0, 1, 0));
        }
        traceGates.add(gate);
        // The engine compiles hooks into the code it translates: code translated before would never call this one.
        if (ran) check("uc_ctl(TB_FLUSH)", uc_ctl(engine, UC_CTL_TB_FLUSH_WRITE, 0, 0));
        return gate;
    }

    boolean isProbing() {
        return probing;
    }

    /**
     * Unicorn's own budget ({@code count}) only applies to code translated after it was first asked
     * for, and turning it off again flushes every translation: a "single step" was seen to run a
     * whole cached loop. The instruction counter is a code hook too, so it is added once and all
     * translated code is dropped once, so that every block is translated again with it.
     */
    @Override
    public boolean enableExactBudgets() {
        if (counter != null) return true;
        if (!addCounter()) return false;
        check("uc_ctl(TB_FLUSH)", uc_ctl(engine, UC_CTL_TB_FLUSH_WRITE, 0, 0));
        return true;
    }

    /** The counter hook goes when only exact budgets wanted it; the code is translated again without it. */
    @Override
    public void disableExactBudgets() {
        if (counter == null || countingWanted) return;
        check("uc_hook_del(CODE)", uc_hook_del(engine, counterHook));
        check("uc_ctl(TB_FLUSH)", uc_ctl(engine, UC_CTL_TB_FLUSH_WRITE, 0, 0));
        counter.release();
        counter = null;
    }

    @Override
    public long instructionsExecuted() {
        return counter == null ? -1 : counter.total();
    }

    @Override
    public RunOutcome run(long instructionBudget) {
        ran = true;
        // A switch has just written the registers: no need to read back where to start (two engine calls).
        int pc = startKnown ? startPc : readSingle(REG_PC);
        boolean thumb = startKnown ? startThumb : (readSingle(REG_CPSR) & CPSR_THUMB) != 0;
        hookFailure = null;
        long engineBudget = instructionBudget;
        if (counter != null) {
            counter.beginSlice(instructionBudget);
            engineBudget = 0; // the counter stops the engine itself
        }
        int error = uc_emu_start(engine, (pc & 0xFFFFFFFFL) | (thumb ? 1 : 0), NEVER_REACHED, 0, engineBudget);
        startKnown = false; // the CPU has moved on from what was written last
        if (counter != null) counter.endSlice();
        if (hookFailure != null) {
            Throwable failure = hookFailure;
            hookFailure = null;
            if (failure instanceof RuntimeException runtime) throw runtime;
            if (failure instanceof Error fatal) throw fatal;
            throw new IllegalStateException(failure);
        }
        if (error != 0) {
            return RunOutcome.engineError(uc_strerror(error) + " at pc 0x" + Integer.toHexString(readSingle(REG_PC)));
        }
        return RunOutcome.STOPPED;
    }

    @Override
    public void requestStop() {
        uc_emu_stop(engine);
    }

    @Override
    public java.util.List<MemoryAccess> probeAccesses(int pc, boolean thumb, int length) {
        long[] hook = new long[1];
        probed.clear();
        // The translated block at pc was made without the hook; drop it so the hook is compiled in.
        invalidateCode(pc, length);
        check("uc_hook_add(MEM)", uc_hook_add(engine, hook, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, probeCallback, 0, 1, 0));
        probing = true;
        if (counter != null) counter.beginSlice(0); // no budget, and the probe is not counted
        try {
            long start = (pc & 0xFFFFFFFFL) | (thumb ? 1 : 0);
            uc_emu_start(engine, start, (pc & 0xFFFFFFFFL) + length, 0, 0);
        } finally {
            startKnown = false;
            probing = false;
            check("uc_hook_del", uc_hook_del(engine, hook[0]));
            invalidateCode(pc, length); // and drop the hooked block again, keeping the fast path hook-free
        }
        return java.util.List.copyOf(probed);
    }

    private void onProbedAccess(long uc, int type, long address, int size, long value, long userData) {
        if (size == 1 || size == 2 || size == 4 || size == 8) {
            probed.add(new MemoryAccess((int) address, size, type == UC_MEM_WRITE));
        }
    }

    private void onInterrupt(long uc, int intno, long userData) {
        if (probing) {
            uc_emu_stop(engine);
            return;
        }
        try {
            switch (intno) {
                case EXCP_SWI -> handler.supervisorCall(this);
                case EXCP_DATA_ABORT -> handler.dataAbort(this);
                case EXCP_PREFETCH_ABORT -> handler.prefetchAbort(this);
                case EXCP_UDEF -> handler.undefinedInstruction(this);
                case EXCP_BKPT -> handler.breakpoint(this);
                default -> throw new IllegalStateException("unexpected CPU exception " + intno + " at pc 0x"
                        + Integer.toHexString(readSingle(REG_PC)));
            }
        } catch (Throwable t) {
            failInHook(t);
        }
    }

    private boolean onInvalidInstruction(long uc, long userData) {
        if (probing) {
            uc_emu_stop(engine);
            return true;
        }
        try {
            handler.undefinedInstruction(this);
        } catch (Throwable t) {
            failInHook(t);
        }
        return true;
    }

    void failInHook(Throwable t) {
        if (hookFailure == null) {
            hookFailure = t;
        }
        uc_emu_stop(engine);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            uc_close(engine);
            if (counter != null) counter.release();
            traceGates.forEach(TraceGate::release);
        }
    }

    private static void check(String call, int error) {
        if (error != 0) {
            throw new UnicornException(call + " failed: " + uc_strerror(error) + " (" + error + ")");
        }
    }
}
