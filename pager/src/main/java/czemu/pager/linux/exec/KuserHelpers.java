package czemu.pager.linux.exec;

import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.FramePool;
import czemu.kernel.memory.PhysicalMemory;
import czemu.pager.linux.abi.SignalFrameLayout;
import czemu.pager.linux.memory.LinuxLayout;
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
    /**
     * Where a signal handler installed without SA_RESTORER returns to (glibc always gives one): the
     * kernel's four sigreturn sequences, at 0xFFFF0500 as older kernels placed them in this page
     * (KERN_SIGRETURN_CODE): ARM sigreturn, Thumb sigreturn, ARM rt_sigreturn, Thumb rt_sigreturn.
     */
    public static final int SIGRETURN_CODE = 0x500;

    /**
     * Where the two compare-and-exchange bodies live (they do not fit their 64- and 32-byte slots; each
     * slot branches to its body, elsewhere in the same page).
     */
    private static final int CMPXCHG64_BODY = 0x000, CMPXCHG_BODY = 0x100;

    /*
     * Both compare-and-exchange helpers answer as qemu-arm's emulation of them does, which the
     * kernel's contract allows (it lets them clobber r3, ip and the flags): r0 = 0 and NZCV = 0010
     * (C set) when *ptr held the old value and now holds the new one, r0 = -1 and NZCV = 0000
     * otherwise, and no other register changed. So a program's trace compares equal with qemu-arm's
     * across every atomic operation glibc makes through them (docs/traces.md).
     */

    /** __kuser_cmpxchg64 (r0 = &old, r1 = &new, r2 = ptr). */
    private static final int[] CMPXCHG64_CODE = {
        0xe92d03f8, // push   {r3-r9}
        0xe1c040d0, // ldrd   r4, r5, [r0]        the expected value
        0xe1c160d0, // ldrd   r6, r7, [r1]        the new value
        0xe1b28f9f, // 1: ldrexd r8, r9, [r2]
        0xe1580004, // cmp    r8, r4
        0x01590005, // cmpeq  r9, r5
        0x1a000006, // bne    2f
        0xe1a23f96, // strexd r3, r6, r7, [r2]    r3 = 0 stored, 1 lost the reservation
        0xe3530000, // cmp    r3, #0
        0x1afffff8, // bne    1b                  lost it: try again
        0xe3a00000, // mov    r0, #0
        0xe328f202, // msr    APSR_nzcvq, #0x20000000   C only
        0xe8bd03f8, // pop    {r3-r9}
        0xe12fff1e, // bx     lr
        0xf57ff01f, // 2: clrex
        0xe3e00000, // mvn    r0, #0
        0xe328f000, // msr    APSR_nzcvq, #0
        0xe8bd03f8, // pop    {r3-r9}
        0xe12fff1e, // bx     lr
    };
    private static final int[] MEMORY_BARRIER_CODE = {
        0xf57ff05b, // dmb    ish
        0xe12fff1e, // bx     lr
    };
    /** __kuser_cmpxchg (r0 = old, r1 = new, r2 = ptr). */
    private static final int[] CMPXCHG_CODE = {
        0xe52d3004, // push   {r3}
        0xe1923f9f, // 1: ldrex r3, [r2]
        0xe1530000, // cmp    r3, r0
        0x1a000006, // bne    2f
        0xe1823f91, // strex  r3, r1, [r2]        r3 = 0 stored, 1 lost the reservation
        0xe3530000, // cmp    r3, #0
        0x1afffff9, // bne    1b
        0xe3a00000, // mov    r0, #0
        0xe328f202, // msr    APSR_nzcvq, #0x20000000
        0xe49d3004, // pop    {r3}
        0xe12fff1e, // bx     lr
        0xf57ff01f, // 2: clrex
        0xe3e00000, // mvn    r0, #0
        0xe328f000, // msr    APSR_nzcvq, #0
        0xe49d3004, // pop    {r3}
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
        put(page, CMPXCHG64_BODY, CMPXCHG64_CODE);
        page.putInt(CMPXCHG64, branch(CMPXCHG64, CMPXCHG64_BODY));
        put(page, MEMORY_BARRIER, MEMORY_BARRIER_CODE);
        put(page, CMPXCHG_BODY, CMPXCHG_CODE);
        page.putInt(CMPXCHG, branch(CMPXCHG, CMPXCHG_BODY));
        put(page, GET_TLS, GET_TLS_CODE);
        page.putInt(VERSION, HELPER_VERSION);
        int at = SIGRETURN_CODE;
        for (boolean rt : new boolean[] {false, true}) {
            for (boolean thumb : new boolean[] {false, true}) {
                int[] code = SignalFrameLayout.returnCode(rt, thumb);
                put(page, at, code);
                at += 4 * code.length;
            }
        }
        return page.array();
    }

    /** The address a handler returns to without SA_RESTORER: the sequence for its frame and its instruction set (Thumb: odd). */
    public static int sigreturnTrampoline(boolean rt, boolean thumb) {
        int offset = SIGRETURN_CODE + (rt ? 12 : 0) + (thumb ? 8 : 0);
        return LinuxLayout.KUSER_PAGE + offset + (thumb ? 1 : 0);
    }

    /** An ARM {@code b} from one offset of the page to another (the offset counts from the branch + 8, in words). */
    private static int branch(int from, int to) {
        return 0xea000000 | (((to - from - 8) >> 2) & 0xffffff);
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
