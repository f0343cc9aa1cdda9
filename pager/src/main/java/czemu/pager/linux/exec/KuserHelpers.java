package czemu.pager.linux.exec;

import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.FramePool;
import czemu.kernel.memory.PhysicalMemory;
import czemu.pager.vm.VmObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kuser helper page every Linux process sees at 0xFFFF0000 (the kernel's
 * Documentation/arm/kernel_user_helpers.rst gives the addresses and contracts; the code is ours).
 * ARMv5 programs, which have neither ldrex/strex for every width nor a readable TLS register, call
 * these instead: glibc's armel build reaches its thread pointer and its atomic operations here.
 * One read-only, executable frame, shared by every process of the pager. The helpers run on the
 * emulated ARMv7 CPU, so they use ldrex/strex and TPIDRURO.
 */
public final class KuserHelpers implements VmObject {
    /** Helper addresses (offsets in the page) and the version word: 5 = all four helpers below. */
    public static final int CMPXCHG64 = 0xF60, MEMORY_BARRIER = 0xFA0, CMPXCHG = 0xFC0, GET_TLS = 0xFE0, VERSION = 0xFFC;
    public static final int HELPER_VERSION = 5;

    /** __kuser_cmpxchg64 (r0 = &old, r1 = &new, r2 = ptr; r0 = 0 and C set when *ptr was old and is now new). */
    private static final int[] CMPXCHG64_CODE = {
        0xe92d03f0, // push   {r4-r9}
        0xe1c040d0, // ldrd   r4, r5, [r0]        the expected value
        0xe1c160d0, // ldrd   r6, r7, [r1]        the new value
        0xe1b28f9f, // 1: ldrexd r8, r9, [r2]
        0xe0383004, // eors   r3, r8, r4
        0x00393005, // eorseq r3, r9, r5          r3 = 0 only if both halves match
        0x1a000002, // bne    2f
        0xe1a23f96, // strexd r3, r6, r7, [r2]    r3 = 0 stored, 1 lost the reservation
        0xe3530001, // cmp    r3, #1
        0x0afffff8, // beq    1b                  lost it: try again
        0xe2730000, // 2: rsbs r0, r3, #0         r0 = 0 with C set only when r3 = 0
        0xe8bd03f0, // pop    {r4-r9}
        0xe12fff1e, // bx     lr
    };
    private static final int[] MEMORY_BARRIER_CODE = {
        0xf57ff05b, // dmb    ish
        0xe12fff1e, // bx     lr
    };
    /** __kuser_cmpxchg (r0 = old, r1 = new, r2 = ptr; r0 = 0 and C set when *ptr was old and is now new). */
    private static final int[] CMPXCHG_CODE = {
        0xe1923f9f, // 1: ldrex r3, [r2]
        0xe0533000, // subs   r3, r3, r0          r3 = 0 when *ptr holds old
        0x1a000002, // bne    2f
        0xe1823f91, // strex  r3, r1, [r2]        r3 = 0 stored, 1 lost the reservation
        0xe3530001, // cmp    r3, #1
        0x0afffff9, // beq    1b
        0xe2730000, // 2: rsbs r0, r3, #0
        0xe12fff1e, // bx     lr
    };
    /** __kuser_get_tls: the thread pointer set_tls gave this thread. */
    private static final int[] GET_TLS_CODE = {
        0xee1d0f70, // mrc    p15, 0, r0, c13, c0, 3   (TPIDRURO)
        0xe12fff1e, // bx     lr
    };

    private final PhysicalMemory memory;
    private final FramePool frames;
    private int frame = FrameAllocator.NONE;

    public KuserHelpers(PhysicalMemory memory, FramePool frames) {
        this.memory = memory;
        this.frames = frames;
    }

    /** The page's bytes: undefined instructions everywhere but at the helpers and the version word. */
    static byte[] page() {
        ByteBuffer page = ByteBuffer.allocate(PhysicalMemory.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < PhysicalMemory.PAGE_SIZE; at += 4) page.putInt(at, 0xe7fddef1); // permanently undefined
        put(page, CMPXCHG64, CMPXCHG64_CODE);
        put(page, MEMORY_BARRIER, MEMORY_BARRIER_CODE);
        put(page, CMPXCHG, CMPXCHG_CODE);
        put(page, GET_TLS, GET_TLS_CODE);
        page.putInt(VERSION, HELPER_VERSION);
        return page.array();
    }

    private static void put(ByteBuffer page, int offset, int[] code) {
        for (int i = 0; i < code.length; i++) page.putInt(offset + 4 * i, code[i]);
    }

    @Override
    public int frameFor(int pageIndex) {
        if (frame == FrameAllocator.NONE) {
            frame = frames.allocate();
            if (frame != FrameAllocator.NONE) {
                byte[] bytes = page();
                memory.write(frame, bytes, 0, bytes.length);
            }
        }
        return frame;
    }

    @Override
    public int privateCopy(int pageIndex) {
        return VmObject.copyOf(memory, frames, frameFor(pageIndex)); // never asked: the area is not writable
    }

    @Override
    public String describe() {
        return "kuser helpers";
    }
}
