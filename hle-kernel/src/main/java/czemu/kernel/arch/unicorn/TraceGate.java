package czemu.kernel.arch.unicorn;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import czemu.kernel.arch.Cpu;
import czemu.kernel.arch.unicorn.UnicornLibrary.CodeCallback;

/**
 * A trace hook that opens and closes while the engine runs ({@link Cpu.TraceHook}). Adding a code
 * hook to a running engine means dropping all translated code, whose first time was measured at
 * half a second and a gigabyte of host memory; so the hook is added once, before the first run, and
 * this gate decides on each call whether the Java hook sees it.
 *
 * <p>On x86-64 the engine calls a native body of eight host instructions with the gate's state as
 * its user data: while a countdown runs it only decrements it; closed, it returns; open, it
 * tail-calls the JNA callback with the engine's own arguments. A closed window thus costs what the
 * instruction counter costs, not the ~180 ns of a JNA call per instruction (DESIGN.md §1).
 * Elsewhere the JNA callback is the hook and checks the gate in Java.
 */
final class TraceGate implements Cpu.TraceHook {
    // struct { int64 countdown; void *target; } at userData; target 0 while closed
    private static final int COUNTDOWN = 0, TARGET = 8;

    /** void hook(uc_engine *uc, uint64_t address, uint32_t size, void *user_data): user_data in rcx (SysV). */
    private static final byte[] X86_64_BODY = {
        0x48, (byte) 0x83, 0x39, 0x00,      // cmp  qword [rcx], 0     countdown
        0x7F, 0x0B,                         // jg   skip
        0x48, (byte) 0x8B, 0x41, 0x08,      // mov  rax, [rcx+8]       target
        0x48, (byte) 0x85, (byte) 0xC0,     // test rax, rax
        0x74, 0x05,                         // jz   done
        (byte) 0xFF, (byte) 0xE0,           // jmp  rax                the callback, same arguments
        0x48, (byte) 0xFF, 0x09,            // skip: dec qword [rcx]
        (byte) 0xC3,                        // done: ret
    };

    private final Memory state = new Memory(16);
    private final CodeCallback callback;
    private final long code;
    private final long target;
    /** The gate in Java, for hosts without the native body. */
    private boolean open;
    private long countdown;

    private TraceGate(Cpu.InstructionHook hook, UnicornCpu cpu, boolean useNative) {
        this.callback = (uc, pc, size, userData) -> {
            if (cpu.isProbing() || !passesInJava()) return; // a probe re-runs an instruction that did not happen
            try {
                hook.reached((int) pc);
            } catch (Throwable t) {
                cpu.failInHook(t);
            }
        };
        this.code = useNative ? ExecutablePage.holding(X86_64_BODY) : 0;
        this.target = DirectTrampoline.of(callback);
        state.setLong(COUNTDOWN, 0);
        state.setLong(TARGET, 0);
    }

    static TraceGate create(Cpu.InstructionHook hook, UnicornCpu cpu) {
        return new TraceGate(hook, cpu, ExecutablePage.hostIsX86_64());
    }

    /**
     * The entry point JNA gives a callback passed to a direct-mapped native method: its fast path.
     * {@code CallbackReference.getFunctionPointer} gives another one, through JNA's generic callback
     * proxy, which was measured to double the cost of every traced instruction. So the callback is
     * passed through a direct-mapped libc call that returns its first argument as it got it:
     * {@code memmove(dest, src, 0)} copies nothing and returns dest.
     */
    private static final class DirectTrampoline {
        static {
            Native.register(DirectTrampoline.class, "c");
        }

        static native long memmove(Callback dest, long src, long length);

        static long of(Callback callback) {
            return memmove(callback, 0, 0);
        }
    }

    /** Whether the engine calls the native body (else the callback directly). */
    boolean isNative() {
        return code != 0;
    }

    long hookFunction() {
        return code;
    }

    long userData() {
        return Pointer.nativeValue(state);
    }

    CodeCallback callback() {
        return callback;
    }

    private boolean passesInJava() {
        if (code != 0) return true; // the native body has decided
        if (!open) return false;
        if (countdown > 0) {
            countdown--;
            return false;
        }
        return true;
    }

    @Override
    public void open() {
        openAfter(0);
    }

    @Override
    public void openAfter(long count) {
        state.setLong(COUNTDOWN, count);
        state.setLong(TARGET, target);
        countdown = count;
        open = true;
    }

    @Override
    public void close() {
        state.setLong(TARGET, 0);
        state.setLong(COUNTDOWN, 0);
        open = false;
    }

    @Override
    public void uncount() {
        state.setLong(COUNTDOWN, state.getLong(COUNTDOWN) + 1);
        countdown++;
    }

    void release() {
        if (code != 0) ExecutablePage.release(code);
    }
}
