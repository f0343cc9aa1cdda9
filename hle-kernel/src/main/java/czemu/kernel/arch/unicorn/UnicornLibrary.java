package czemu.kernel.arch.unicorn;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Our own JNA binding of the Unicorn 2 C API (DESIGN.md §1): direct mapping, pointers as
 * {@code long}, so no call allocates. Only the calls czemu needs are bound.
 *
 * <p>{@code uc_hook_add} and {@code uc_ctl} are variadic in C; they are bound with the fixed
 * number of arguments we pass, which the x86-64 and AArch64 calling conventions accept for
 * integer arguments.
 */
final class UnicornLibrary {
    static final int UC_ARCH_ARM = 1;
    static final int UC_MODE_ARM = 0;
    static final int UC_PROT_ALL = 7;

    static final int UC_HOOK_INTR = 1;
    static final int UC_HOOK_CODE = 1 << 2;
    static final int UC_HOOK_BLOCK = 1 << 3;
    static final int UC_HOOK_MEM_READ = 1 << 10;
    static final int UC_HOOK_MEM_WRITE = 1 << 11;
    static final int UC_HOOK_INSN_INVALID = 1 << 14;

    /** {@code UC_CTL_WRITE(UC_CTL_TB_REMOVE_CACHE, 2)}: drop translated code for [begin, end). */
    static final int UC_CTL_TB_REMOVE_CACHE_WRITE = 0x48000009;
    /** {@code UC_CTL_WRITE(UC_CTL_TB_FLUSH, 0)}: drop every translated block (slow: hundreds of ms). */
    static final int UC_CTL_TB_FLUSH_WRITE = 0x4000000A;

    static final NativeLibrary LIBRARY = NativeLibrary.getInstance(UnicornLocator.locate().toString());

    static {
        Native.register(UnicornLibrary.class, LIBRARY);
    }

    private UnicornLibrary() {}

    static native int uc_open(int arch, int mode, long[] engine);
    static native int uc_close(long engine);
    static native String uc_strerror(int error);
    static native int uc_mem_map(long engine, long address, long size, int perms);
    static native int uc_mem_map_ptr(long engine, long address, long size, int perms, long hostPointer);
    static native int uc_reg_read(long engine, int regId, long valuePointer);
    static native int uc_reg_write(long engine, int regId, long valuePointer);
    static native int uc_reg_read_batch(long engine, long regIds, long valuePointers, int count);
    static native int uc_reg_write_batch(long engine, long regIds, long valuePointers, int count);
    static native int uc_emu_start(long engine, long begin, long until, long timeoutMicros, long count);
    static native int uc_emu_stop(long engine);
    static native int uc_hook_add(long engine, long[] hook, int type, Callback callback, long userData, long begin, long end);
    /** The same call with a native function as the hook (the instruction counter's body). */
    static native int uc_hook_add(long engine, long[] hook, int type, long nativeCallback, long userData, long begin, long end);
    static native int uc_hook_del(long engine, long hook);
    static native int uc_ctl(long engine, int control, long arg0, long arg1);

    /** UC_HOOK_INTR: {@code void (uc_engine*, uint32_t intno, void*)}. */
    public interface InterruptCallback extends Callback {
        void invoke(long engine, int intno, long userData);
    }

    /** UC_HOOK_INSN_INVALID: {@code bool (uc_engine*, void*)}. */
    public interface InvalidInstructionCallback extends Callback {
        boolean invoke(long engine, long userData);
    }

    /** UC_HOOK_CODE / UC_HOOK_BLOCK: {@code void (uc_engine*, uint64_t address, uint32_t size, void*)}. */
    public interface CodeCallback extends Callback {
        void invoke(long engine, long address, int size, long userData);
    }

    /** UC_HOOK_MEM_*: {@code void (uc_engine*, uc_mem_type, uint64_t address, int size, int64_t value, void*)}. */
    public interface MemoryCallback extends Callback {
        void invoke(long engine, int type, long address, int size, long value, long userData);
    }
}
