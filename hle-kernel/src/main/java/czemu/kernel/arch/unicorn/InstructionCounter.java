package czemu.kernel.arch.unicorn;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Counts the instructions the engine runs and stops it after a budget, for DETERMINISTIC
 * scheduling. Unicorn's own budget ({@code count} of uc_emu_start) stops at the right place but
 * never says how many instructions ran in a slice that ended early (a system call, a fault), so the
 * total would be unknown. This does the same job with a code hook whose body is eight host
 * instructions of native code: increment a counter, and past the limit tail-call uc_emu_stop. The
 * cost is the one Unicorn's count hook has; a Java callback per instruction would be about a hundred
 * times slower.
 *
 * <p>The counter is "instructions started": an instruction that aborts and runs again after its
 * fault is resolved counts twice. That is as deterministic as the interleaving itself.
 *
 * <p>The native body exists for x86-64 hosts only; elsewhere {@link #create} returns null and the
 * CPU falls back to Unicorn's budget without a count.
 */
final class InstructionCounter {
    // struct { int64 started; int64 limit; void *uc_emu_stop; } at userData
    private static final int STARTED = 0, LIMIT = 8, STOP_FUNCTION = 16;

    /**
     * void hook(uc_engine *uc, uint64_t address, uint32_t size, void *user_data): SysV x86-64 puts
     * uc in rdi and user_data in rcx.
     */
    private static final byte[] X86_64_BODY = {
        0x48, (byte) 0x8B, 0x01,             // mov rax, [rcx]          started
        0x48, (byte) 0xFF, (byte) 0xC0,      // inc rax
        0x48, (byte) 0x89, 0x01,             // mov [rcx], rax
        0x48, 0x3B, 0x41, 0x08,              // cmp rax, [rcx+8]        limit
        0x77, 0x01,                          // ja  stop
        (byte) 0xC3,                         // ret
        (byte) 0xFF, 0x61, 0x10,             // stop: jmp [rcx+16]      uc_emu_stop(uc): rdi still holds uc
    };

    private final Memory state = new Memory(24);
    private final long code;
    private long total;
    private boolean inSlice;

    private InstructionCounter(long code, long stopFunction) {
        this.code = code;
        state.setLong(STARTED, 0);
        state.setLong(LIMIT, Long.MAX_VALUE);
        state.setLong(STOP_FUNCTION, stopFunction);
    }

    /** A counter for this host, or null when czemu has no native body for its architecture. */
    static InstructionCounter create(NativeLibrary unicorn) {
        if (!ExecutablePage.hostIsX86_64()) return null;
        long page = ExecutablePage.holding(X86_64_BODY);
        if (page == 0) return null; // a host that forbids executable mappings: no count
        return new InstructionCounter(page, Pointer.nativeValue(unicorn.getFunction("uc_emu_stop")));
    }

    /** The hook function to register with UC_HOOK_CODE. */
    long hookFunction() {
        return code;
    }

    /** The hook's user data: the counter state. */
    long userData() {
        return Pointer.nativeValue(state);
    }

    /** Arms the counter for one run of at most {@code budget} instructions (0: no limit). */
    void beginSlice(long budget) {
        state.setLong(STARTED, 0);
        state.setLong(LIMIT, budget == 0 ? Long.MAX_VALUE : budget);
        inSlice = true;
    }

    /**
     * Ends a slice and adds what it ran to the total. A slice stopped by its budget started one
     * instruction more than it ran: the hook of that instruction asked for the stop before it
     * executed.
     */
    void endSlice() {
        long started = state.getLong(STARTED);
        long limit = state.getLong(LIMIT);
        total += Math.min(started, limit);
        inSlice = false;
    }

    /** Instructions run so far; inside a slice (a system call asking the time) those it has started too. */
    long total() {
        return inSlice ? total + Math.min(state.getLong(STARTED), state.getLong(LIMIT)) : total;
    }

    void release() {
        ExecutablePage.release(code);
    }
}
