package czemu.kernel.arch;

import static org.junit.jupiter.api.Assertions.fail;

import czemu.kernel.arch.unicorn.UnicornCpu;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.PagePermissions;
import czemu.kernel.memory.PageTable;
import czemu.kernel.memory.PhysicalMemory;

/**
 * For tests that run a few ARM instructions with the MMU on and no kernel: 16 MiB of RAM, its
 * frames, one page table on the MMU, and a Unicorn CPU whose exceptions fail the test unless a
 * test's handler expects them.
 */
public final class MmuRig implements AutoCloseable {
    public static final int CODE = 0x40000000;
    public static final int DATA = 0x40100000;

    public final PhysicalMemory ram = new PhysicalMemory(16 << 20);
    public final FrameAllocator frames = new FrameAllocator(ram.size());
    public final PageTable table = PageTable.create(ram, frames);
    public final UnicornCpu cpu = new UnicornCpu(ram.hostAddress(), ram.size());

    public MmuRig() {
        cpu.enableMmu(table.l1PhysicalAddress());
    }

    /** Maps a fresh frame at {@code address} holding {@code words}; returns the frame. */
    public int mapWords(int address, PagePermissions permissions, int... words) {
        int frame = frames.allocate();
        for (int i = 0; i < words.length; i++) ram.writeInt(frame + 4 * i, words[i]);
        table.map(address, frame, permissions);
        cpu.invalidateTlb();
        return frame;
    }

    /** A handler that stops at a system call and fails the test on anything else; tests override what they expect. */
    public static class StopAtSvc implements ExceptionHandler {
        @Override public void supervisorCall(Cpu cpu) { cpu.requestStop(); }
        @Override public void dataAbort(Cpu cpu) { fail("data abort at 0x" + Integer.toHexString(cpu.register(Cpu.PC))); }
        @Override public void prefetchAbort(Cpu cpu) { fail("prefetch abort at 0x" + Integer.toHexString(cpu.register(Cpu.PC))); }
        @Override public void undefinedInstruction(Cpu cpu) { fail("undefined instruction"); }
        @Override public void breakpoint(Cpu cpu) { fail("bkpt"); }
    }

    @Override
    public void close() {
        cpu.close();
        ram.close();
    }
}
