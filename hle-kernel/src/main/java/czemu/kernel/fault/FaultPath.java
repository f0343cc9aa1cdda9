package czemu.kernel.fault;

import czemu.kernel.KernelObserver;
import czemu.kernel.abi.IpcTags;
import czemu.kernel.abi.ThreadIds;
import czemu.kernel.arch.Cpu;
import czemu.kernel.arch.LoadStoreDecoder;
import czemu.kernel.arch.MemoryAccess;
import czemu.kernel.debug.DebugStop;
import czemu.kernel.device.DeviceTrap;
import czemu.kernel.device.SingleTransfer;
import czemu.kernel.ipc.Ipc;
import czemu.kernel.ipc.IpcMessage;
import czemu.kernel.memory.Access;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.PagePermissions;
import czemu.kernel.memory.PageTable;
import czemu.kernel.memory.PhysicalMemory;
import czemu.kernel.thread.Tcb;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Aborts of user threads (codezero-abi.md §4.1). Unicorn never fills DFAR/DFSR (DESIGN.md §2), so
 * the faulting address and direction come from decoding the load/store at PC. A device access is
 * emulated; anything else goes to the thread's pager as a PFAULT message, and the instruction
 * re-executes once the pager answers 0.
 *
 * <p>MR3 carries Codezero's fault status: bit 8 set for a prefetch abort, bits 3..0 the ARM status
 * (0x7 translation, 0xF permission), and, as ARMv6+ DFSR does, bit 11 (WnR) set for a write, so the
 * pager need not guess the direction the way mm0 must on ARMv5.
 */
public final class FaultPath {
    public static final int FSR_TRANSLATION = 0x7;
    public static final int FSR_PERMISSION = 0xF;
    public static final int FSR_PREFETCH = 1 << 8;
    public static final int FSR_WRITE = 1 << 11;

    /** CPSR's Thumb IT-block state, IT[1:0] in bits 26..25 and IT[7:2] in bits 15..10 (ARM ARM B1.3.3). */
    private static final int CPSR_IT_STATE = 0x0600FC00;

    /** The same fault recurring this often after "resolved" answers means the pager is not helping. */
    private static final int MAX_REPEATS = 16;

    /** What happens to a thread whose fault nobody can resolve. */
    public interface Halting {
        void halt(Tcb thread, String reason);

        /** With the signal and address a debugger is shown instead, if one holds the thread. */
        default void halt(Tcb thread, String reason, int signal, int address) {
            halt(thread, reason);
        }
    }

    /** fault-stop: true when a debugger wants to see the fault before the pager does (the thread then waits). */
    public interface FaultStop {
        boolean holds(Tcb thread, int pc, int address, Access access, boolean mapped);
    }

    /**
     * Re-runs the aborted instruction of the thread on the CPU with a memory hook, once the CPU has
     * stopped, and hands the accesses it made to {@code then} (DESIGN.md §2's fallback).
     */
    public interface Prober {
        void probeAfterStop(Tcb thread, int pc, boolean thumb, int length, java.util.function.Consumer<List<MemoryAccess>> then);
    }

    /**
     * A debugger narrowed a page (watchpoints, {@link PageTable#narrow}) and the MMU refused an
     * instruction that the owner's mapping allows. The instruction has not executed.
     */
    public interface Narrowing {
        /**
         * True when the debugger stops the thread before the instruction (it touches a watched byte,
         * or a breakpoint is on a fetched instruction). {@code accesses}: every data access of the
         * instruction, in order; for a refused fetch ({@code fetch}) those of the instruction
         * fetched, none if it makes none.
         */
        boolean stops(Tcb thread, List<MemoryAccess> accesses, boolean fetch);

        /** The instruction must run once as the owner's mapping allows (the fault path could not perform it itself). */
        void stepOver(Tcb thread);
    }

    /** Invalidates TLB entries of the live space when a recorded mapping looks stale. */
    public interface TlbControl {
        void invalidate(Tcb thread, int address);
    }

    private final PhysicalMemory memory;
    private final Ipc ipc;
    private final DeviceTrap devices;
    private final Halting halting;
    private final TlbControl tlb;
    private final Prober prober;
    private final PagerCall pagers;
    private int lastTid, lastPc, lastAddress, repeats;
    private FaultStop faultStop = (thread, pc, address, access, mapped) -> false;
    private KernelObserver observer = KernelObserver.NONE;
    /** What the pager said of the fault it is answering, if it said anything (see {@link #pagerResolvedAs}). */
    private FaultResolution pagerSaid;
    /** The fault the pager is answering now, until the observers have been shown it. */
    private Tcb answering;
    private int answeringPc, answeringAddress;
    private Access answeringAccess;
    private Narrowing narrowing;

    public FaultPath(PhysicalMemory memory, Ipc ipc, PagerCall pagers, DeviceTrap devices, Halting halting, TlbControl tlb,
            Prober prober) {
        this.prober = prober;
        this.pagers = pagers;
        this.memory = memory;
        this.ipc = ipc;
        this.devices = devices;
        this.halting = halting;
        this.tlb = tlb;
    }

    public void setFaultStop(FaultStop faultStop) {
        this.faultStop = faultStop;
    }

    /** Shows each fault, with how it was resolved, to the observers (traces). */
    public void setObserver(KernelObserver observer) {
        this.observer = observer;
    }

    /** Called by the pager while it answers a fault: how it resolved it (mapped, zero, copy-on-write). */
    public void pagerResolvedAs(FaultResolution resolution) {
        pagerSaid = resolution;
    }

    public void setNarrowing(Narrowing narrowing) {
        this.narrowing = narrowing;
    }

    /** A load or store of {@code thread} aborted; its registers are in {@code thread.context}. */
    public void dataAbort(Tcb thread) {
        int pc = thread.context.core[Cpu.PC];
        Instruction instruction = fetch(thread);
        if (instruction == null) {
            halting.halt(thread, "data abort at pc 0x" + hex(pc) + " whose instruction cannot be read");
            return;
        }
        List<MemoryAccess> accesses = instruction.accesses();
        if (accesses != null) {
            resolveFirstRefused(thread, instruction, accesses);
            return;
        }
        prober.probeAfterStop(thread, pc, instruction.thumb(), instruction.length(), probed -> {
            if (probed.isEmpty()) {
                halting.halt(thread, "data abort at pc 0x" + hex(pc) + " by instruction " + instruction
                        + ", which neither the decoder nor a probe run explains");
            } else {
                resolveFirstRefused(thread, instruction, probed);
            }
        });
    }

    /** The instruction at the thread's PC, read through its owner's mapping; null when it cannot be read. */
    private Instruction fetch(Tcb thread) {
        int[] core = thread.context.core;
        int pc = core[Cpu.PC];
        PageTable table = thread.space().pageTable();
        boolean thumb = thread.context.thumb();
        int hw1 = 0, hw2 = 0, word = 0;
        try {
            if (thumb) {
                hw1 = fetchHalfword(table, pc);
                hw2 = LoadStoreDecoder.isThumb32(hw1) ? fetchHalfword(table, pc + 2) : 0;
            } else {
                word = fetchWord(table, pc);
            }
        } catch (IllegalStateException unreadable) {
            return null;
        }
        IntUnaryOperator registers = n -> n == Cpu.PC ? pc : core[n];
        return new Instruction(pc, thumb, word, hw1, hw2, registers);
    }

    /** The instruction that aborted, as fetched, for device emulation and reports. */
    private record Instruction(int pc, boolean thumb, int word, int hw1, int hw2, IntUnaryOperator registers) {
        /** The data accesses it makes, in order; null when the decoder does not know it (see LoadStoreDecoder). */
        List<MemoryAccess> accesses() {
            return thumb ? LoadStoreDecoder.decodeThumb(hw1, hw2, registers) : LoadStoreDecoder.decodeArm(word, registers);
        }

        int length() {
            return thumb && !LoadStoreDecoder.isThumb32(hw1) ? 2 : 4;
        }

        SingleTransfer singleTransfer() {
            return thumb ? SingleTransfer.decodeThumb(hw1, hw2, registers) : SingleTransfer.decodeArm(word, registers);
        }

        @Override
        public String toString() {
            return "0x" + (thumb ? Integer.toHexString(hw1) + (hw2 != 0 ? " " + Integer.toHexString(hw2) : "") : Integer.toHexString(word));
        }
    }

    /** The first access the page tables refuse is the fault; a device page is emulated instead. */
    private void resolveFirstRefused(Tcb thread, Instruction instruction, List<MemoryAccess> accesses) {
        PageTable table = thread.space().pageTable();
        int pc = instruction.pc();
        for (MemoryAccess access : accesses) {
            Access kind = access.write() ? Access.WRITE : Access.READ;
            int first = access.address(), last = access.address() + Math.max(access.size(), 1) - 1;
            for (int page : new int[] {first, last}) {
                if (devices.isDevicePage(page)) {
                    boolean emulated = devices.emulate(thread.context, instruction.singleTransfer());
                    observer.pageFault(thread, pc, access.address(), kind, emulated ? FaultResolution.DEVICE : FaultResolution.HALTED);
                    if (!emulated) {
                        halting.halt(thread, "unsupported device access at 0x" + hex(page) + " from pc 0x" + hex(pc));
                    }
                    return;
                }
                if (!table.permits(page, kind)) {
                    resolve(thread, pc, page, kind, false);
                    return;
                }
            }
        }
        if (narrowing != null && table.hasNarrowing() && refusedByNarrowing(table, accesses)) {
            // The owner allows every access: a debugger watches this page. A neighbour of the watched bytes
            // is performed here when it can be, as a device access is, and the thread goes on in its slice.
            if (!narrowing.stops(thread, accesses, false) && !performOnRam(thread, instruction, accesses)) {
                narrowing.stepOver(thread);
            }
            return;
        }
        // Every access is allowed by the tables: the engine holds a stale translation. Flush and retry.
        if (countRepeat(thread, pc, accesses.isEmpty() ? pc : accesses.get(0).address())) {
            for (MemoryAccess access : accesses) {
                tlb.invalidate(thread, access.address());
                tlb.invalidate(thread, access.address() + access.size() - 1);
            }
        }
    }

    /**
     * Performs a plain aligned load or store of a data page in Java, as the CPU would have, through
     * the owner's mapping: registers, writeback and PC in the thread's context. Only when the
     * single-transfer decoding agrees with the load/store decoder on the one access, the page is not
     * executable (no translated code can be stale), the load does not write the PC and no Thumb IT
     * block is open; false otherwise (nothing was done).
     */
    private boolean performOnRam(Tcb thread, Instruction instruction, List<MemoryAccess> accesses) {
        int[] core = thread.context.core;
        SingleTransfer transfer = instruction.singleTransfer();
        if (transfer == null || accesses.size() != 1 || transfer.rt() == Cpu.PC || (core[Cpu.CPSR] & CPSR_IT_STATE) != 0) return false;
        MemoryAccess access = accesses.get(0);
        if (access.address() != transfer.address() || access.size() != transfer.size() || access.write() == transfer.load()
                || (access.address() & (access.size() - 1)) != 0) {
            return false;
        }
        PageTable table = thread.space().pageTable();
        PagePermissions owner = table.permissions(access.address());
        if (owner == null || owner.execute() || !table.permits(access.address(), transfer.load() ? Access.READ : Access.WRITE)) return false;
        int physical = table.frame(access.address()) + (access.address() & 0xFFF);
        if (transfer.load()) {
            core[transfer.rt()] = switch (transfer.size()) {
                case 1 -> transfer.signed() ? memory.readByte(physical) : memory.readByte(physical) & 0xFF;
                case 2 -> transfer.signed() ? memory.readShort(physical) : memory.readShort(physical) & 0xFFFF;
                default -> memory.readInt(physical);
            };
        } else {
            int value = core[transfer.rt()];
            switch (transfer.size()) {
                case 1 -> memory.writeByte(physical, (byte) value);
                case 2 -> {
                    memory.writeByte(physical, (byte) value);
                    memory.writeByte(physical + 1, (byte) (value >>> 8));
                }
                default -> memory.writeInt(physical, value);
            }
        }
        if (transfer.writeback() && transfer.rn() >= 0 && transfer.rn() != transfer.rt()) core[transfer.rn()] = transfer.newBase();
        core[Cpu.PC] += transfer.length();
        return true;
    }

    private static boolean refusedByNarrowing(PageTable table, List<MemoryAccess> accesses) {
        for (MemoryAccess access : accesses) {
            Access kind = access.write() ? Access.WRITE : Access.READ;
            if (!table.mmuPermits(access.address(), kind) || !table.mmuPermits(access.end() - 1, kind)) return true;
        }
        return false;
    }

    /** An instruction fetch aborted at PC (or, for a Thumb-2 instruction across a page, at PC+2). */
    public void prefetchAbort(Tcb thread) {
        int pc = thread.context.core[Cpu.PC];
        PageTable table = thread.space().pageTable();
        int address = table.permits(pc, Access.EXECUTE) ? pc + 2 : pc;
        if (narrowing != null && table.hasNarrowing() && table.permits(address, Access.EXECUTE)) {
            // The owner lets it run: a debugger narrowed the code page (a read watched on it).
            Instruction instruction = fetch(thread);
            List<MemoryAccess> accesses = instruction == null ? null : instruction.accesses();
            if (!narrowing.stops(thread, accesses == null ? List.of() : accesses, true)) narrowing.stepOver(thread);
            return;
        }
        resolve(thread, pc, address, Access.EXECUTE, true);
    }

    /**
     * The kernel's own access to user memory needs a page (getid, IPC buffers): the same message with
     * pc 0 (codezero-abi.md §4.1). True when the pager resolved it. Only a hosted pager can answer
     * in the middle of a system call; a thread whose pager is an ARM thread gets false (the call
     * answers -EFAULT): Codezero would block inside the kernel, which czemu's system calls cannot.
     */
    public boolean pageIn(Tcb thread, int address, Access access) {
        pagerSaid = null;
        IpcMessage reply = ipc.callHostedPager(thread, thread.pagerTid(), faultMessage(thread, 0, address, access, false));
        boolean resolved = reply != null && reply.mrs()[0] == 0;
        observer.pageFault(thread, 0, address, access, resolved ? resolution() : FaultResolution.EFAULT);
        return resolved;
    }

    /**
     * The thread is being destroyed. If its pager is destroying it while answering its fault (a
     * SIGSEGV), the observers are shown that fault now, before the thread's end, as it happened.
     */
    public void threadEnding(Tcb thread) {
        if (thread != answering) return;
        answering = null;
        observer.pageFault(thread, answeringPc, answeringAddress, answeringAccess, FaultResolution.SIGSEGV);
    }

    /** How the pager resolved the fault it just answered with 0. */
    private FaultResolution resolution() {
        return pagerSaid != null ? pagerSaid : FaultResolution.MAPPED;
    }

    private void resolve(Tcb thread, int pc, int address, Access access, boolean prefetch) {
        if (faultStop.holds(thread, pc, address, access, thread.space().pageTable().entry(address) != 0)) return;
        if (!countRepeat(thread, pc, address)) {
            observer.pageFault(thread, pc, address, access, FaultResolution.HALTED);
            return;
        }
        pagerSaid = null;
        answering = thread;
        answeringPc = pc;
        answeringAddress = address;
        answeringAccess = access;
        boolean[] inCall = {true};
        pagers.call(thread, faultMessage(thread, pc, address, access, prefetch), new PagerCall.Outcome() {
            @Override
            public void answered(int mr0) {
                // mm0 answers inside the call and says how; a guest pager answers later and only that it did.
                FaultResolution how = mr0 != 0 ? FaultResolution.HALTED : inCall[0] ? resolution() : FaultResolution.MAPPED;
                shown(thread, pc, address, access, how);
                // A handler runs before the instruction comes again: that fault is not one its pager fails to resolve.
                if (how == FaultResolution.SIGNAL) lastTid = ThreadIds.NIL_THREAD;
                if (mr0 != 0) {
                    halting.halt(thread, describe(prefetch, address, access, pc) + " refused by its pager: " + mr0,
                            DebugStop.SIGSEGV, address);
                }
            }

            @Override
            public void unanswered(String why) {
                shown(thread, pc, address, access, FaultResolution.HALTED);
                halting.halt(thread, describe(prefetch, address, access, pc) + " got no answer: " + why, DebugStop.SIGSEGV, address);
            }
        });
        inCall[0] = false;
        if (answering == thread) {
            if (!thread.isAlive()) {
                shown(thread, pc, address, access, FaultResolution.SIGSEGV); // the pager ended the task, and has said why
            } else {
                answering = null; // it waits for a pager that is an ARM thread: shown when that answers
            }
        }
    }

    /** The fault in a report; made only for one, not on the way of every fault. */
    private static String describe(boolean prefetch, int address, Access access, int pc) {
        return (prefetch ? "prefetch" : "page") + " fault at 0x" + hex(address) + " (" + access.describe() + ", pc 0x" + hex(pc) + ")";
    }

    /** Shows the observers a fault once it is settled (threadEnding shows one whose thread the pager killed). */
    private void shown(Tcb thread, int pc, int address, Access access, FaultResolution resolution) {
        if (answering == thread) answering = null;
        observer.pageFault(thread, pc, address, access, resolution);
    }

    private IpcMessage faultMessage(Tcb thread, int pc, int address, Access access, boolean prefetch) {
        PageTable table = thread.space().pageTable();
        int entry = table.entry(address);
        int fsr = (entry == 0 ? FSR_TRANSLATION : FSR_PERMISSION) | (prefetch ? FSR_PREFETCH : 0)
                | (access == Access.WRITE ? FSR_WRITE : 0);
        return IpcMessage.shortMessage(thread.tid(), IpcTags.PFAULT, thread.tid(), prefetch ? address : pc, fsr, address, entry);
    }

    /** False once the same fault has come back too often: the thread is then halted. */
    private boolean countRepeat(Tcb thread, int pc, int address) {
        if (thread.tid() == lastTid && pc == lastPc && (address & ~0xFFF) == (lastAddress & ~0xFFF)) {
            if (++repeats > MAX_REPEATS) {
                repeats = 0;
                halting.halt(thread, "fault at 0x" + hex(address) + " from pc 0x" + hex(pc)
                        + " keeps recurring although its pager answered that it was resolved");
                return false;
            }
        } else {
            lastTid = thread.tid();
            lastPc = pc;
            lastAddress = address;
            repeats = 0;
        }
        return true;
    }

    private int fetchWord(PageTable table, int address) {
        return memory.readInt(physical(table, address));
    }

    private int fetchHalfword(PageTable table, int address) {
        return memory.readShort(physical(table, address)) & 0xFFFF;
    }

    private static int physical(PageTable table, int address) {
        int frame = table.frame(address);
        if (frame == FrameAllocator.NONE) throw new IllegalStateException("unmapped");
        return frame + (address & 0xFFF);
    }

    private static String hex(int value) {
        return Integer.toHexString(value);
    }
}
