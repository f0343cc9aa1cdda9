package czemu.kernel.arch;

/**
 * The one seam between czemu's kernel and the engine that executes ARM code (DESIGN.md §1: a
 * faster engine can be added behind it later). It speaks ARM: registers are numbered 0..15 with
 * {@link #CPSR} after them, values are primitive ints, and memory is guest physical RAM plus the
 * MMU's translation table base.
 *
 * <p>Threading: every method except {@link #requestStop()} must be called from the thread that
 * drives the CPU, including from inside {@link ExceptionHandler} callbacks.
 */
public interface Cpu extends AutoCloseable {
    int SP = 13;
    int LR = 14;
    int PC = 15;
    /** Index of CPSR in a core register array. */
    int CPSR = 16;
    /** r0..r15 and CPSR. */
    int CORE_REGISTERS = 17;
    /** CPSR bit 5: the thread executes Thumb code. */
    int CPSR_THUMB = 1 << 5;
    /** CPSR mode bits for user mode: czemu only ever runs guests in user mode. */
    int CPSR_MODE_USER = 0x10;

    int register(int n);

    void setRegister(int n, int value);

    /** Reads r0..r15 and CPSR into {@code core} (length {@link #CORE_REGISTERS}); PC has no Thumb bit. */
    void readCore(int[] core);

    /** Writes CPSR first, then r0..r15; the Thumb state comes from CPSR bit 5. */
    void writeCore(int[] core);

    /** Reads D0..D31 into {@code d} (length 32) and returns FPSCR. */
    int readVfp(long[] d);

    void writeVfp(long[] d, int fpscr);

    /** Sets TPIDRURO (CP15 c13,c0,3), the thread ID register user code can read but not write. */
    void writeUserThreadIdRegister(int value);

    /** Points the MMU at an L1 table (TTBR0) and invalidates the whole TLB: a TTBR0 write alone does not. */
    void switchTranslationTable(int l1PhysicalAddress);

    /** Invalidates the TLB entry of one virtual page (TLBIMVA); needed after every page-table change of the live space. */
    void invalidateTlbEntry(int virtualAddress);

    void invalidateTlb();

    /**
     * Drops translated code for a virtual range of the live space, after Java wrote code into RAM
     * behind the engine's back (loading, copy-on-write of a code page).
     */
    void invalidateCode(int virtualAddress, int length);

    void setExceptionHandler(ExceptionHandler handler);

    /**
     * Runs from the current PC and CPSR until an exception handler or {@link #requestStop()} stops
     * it, the budget of instructions is spent ({@code 0}: no budget), or the engine fails.
     */
    RunOutcome run(long instructionBudget);

    /**
     * Runs just the instruction at {@code pc} with a memory hook and returns the accesses it
     * attempted, in order (the fallback for an abort the decoder cannot explain, DESIGN.md §2). The
     * instruction is expected to abort again; the abort is swallowed and no handler is called. Only
     * outside {@link #run}; registers are as before except what the aborted instruction left.
     */
    java.util.List<MemoryAccess> probeAccesses(int pc, boolean thumb, int length);

    /** Called from inside {@link #run} just before a hooked instruction executes. */
    interface InstructionHook {
        void reached(int address);
    }

    /**
     * Calls {@code hook} before each execution of the instruction at {@code address}, whatever space
     * is live (a debugger's breakpoint); {@link #requestStop()} inside it stops before that
     * instruction. Code translated before the hook existed must be dropped with
     * {@link #invalidateCode} for the hook to see it.
     */
    long hookInstruction(int address, InstructionHook hook);

    void unhookInstruction(long handle);

    /**
     * A hook before every instruction, or at the start of every executed block, in every space (an
     * instruction trace), that opens and closes while the engine runs. Closed, it costs the engine
     * a few host instructions per call; open, it calls its Java hook. Methods are for the engine
     * thread (a hook may open or close another hook, or itself).
     */
    interface TraceHook {
        /** Calls the Java hook from the next instruction (block) on. */
        void open();

        /** Lets the next {@code count} instructions (blocks) pass uncalled, then calls the Java hook. */
        void openAfter(long count);

        /** Stops calling the Java hook. */
        void close();

        /**
         * While {@link #openAfter} counts: the instruction counted last did not execute (a data
         * abort took it, and it runs again once the fault is resolved), so it is counted again then.
         */
        void uncount();
    }

    /**
     * Adds a closed {@link TraceHook} before every instruction. Meant for before the first
     * {@link #run}: later, all translated code must be dropped for it to be seen, which is slow.
     * Not called while {@link #probeAccesses} re-runs an instruction.
     */
    TraceHook traceInstructions(InstructionHook hook);

    /** As {@link #traceInstructions}, at the start of every translated block the engine executes. */
    TraceHook traceBlocks(InstructionHook hook);

    /**
     * Makes every later {@link #run} budget exact, so a budget of 1 runs one instruction (a debugger's
     * single step), even in code translated earlier. May drop all translated code once. False when
     * this CPU cannot.
     */
    boolean enableExactBudgets();

    /**
     * Undoes {@link #enableExactBudgets} when nothing else needs exact budgets (a debugger left):
     * the code runs at full speed again. May drop all translated code once.
     */
    void disableExactBudgets();

    /** Instructions run since counting was enabled, or -1 when this CPU does not count. */
    long instructionsExecuted();

    /** Asks the running CPU to stop at the next opportunity; safe from any thread and from handlers. */
    void requestStop();

    @Override
    void close();
}
