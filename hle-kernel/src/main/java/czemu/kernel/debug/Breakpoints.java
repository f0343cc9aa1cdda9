package czemu.kernel.debug;

import czemu.kernel.arch.Cpu;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.scheduler.Scheduler;
import czemu.kernel.space.AddressSpace;
import czemu.kernel.thread.Tcb;
import java.util.HashMap;
import java.util.Map;

/**
 * A debugger's breakpoints, as engine hooks on single addresses: nothing is written into guest
 * memory, so a breakpoint cannot be copied by fork or seen by the program.
 *
 * <p>Every task of the machine shares one virtual address range, and two programs may well have
 * different code at the same address. A breakpoint therefore belongs to the code it was set on:
 * the physical frame that holds that page of text in the space of the thread the debugger had
 * selected. Tasks that map the same frame (a forked child, another run of the same program
 * through the page cache) stop there too; other programs do not.
 */
final class Breakpoints {
    /** The hook of one address and the text frame it belongs to ({@link FrameAllocator#NONE}: any). */
    private record Entry(long hook, int frame) {}

    private final Cpu cpu;
    private final Scheduler scheduler;
    private final Map<Integer, Entry> byAddress = new HashMap<>();
    private final Cpu.InstructionHook hit;

    Breakpoints(Cpu cpu, Scheduler scheduler, Cpu.InstructionHook hit) {
        this.cpu = cpu;
        this.scheduler = scheduler;
        this.hit = hit;
    }

    /** Sets a breakpoint on the code {@code selected} sees at {@code address}; setting it twice is harmless. */
    void insert(Tcb selected, int address, int frame) {
        if (byAddress.containsKey(address)) return;
        byAddress.put(address, new Entry(cpu.hookInstruction(address, hit), frame));
        dropTranslation(selected.space(), address);
    }

    void remove(Tcb selected, int address) {
        Entry entry = byAddress.remove(address);
        if (entry == null) return;
        cpu.unhookInstruction(entry.hook());
        // The translation made with the hook still calls it (harmlessly); drop it to get the fast code back.
        if (selected != null) dropTranslation(selected.space(), address);
    }

    void removeAll() {
        for (Entry entry : byAddress.values()) cpu.unhookInstruction(entry.hook());
        byAddress.clear();
    }

    boolean isSet(int address) {
        return byAddress.containsKey(address);
    }

    /** Whether the breakpoint at {@code address} is for the code {@code thread} runs there. */
    boolean appliesTo(Tcb thread, int address) {
        Entry entry = byAddress.get(address);
        if (entry == null) return false;
        return entry.frame() == FrameAllocator.NONE || thread.space().pageTable().frame(address) == entry.frame();
    }

    /**
     * Translations are found through the live space's tables and indexed by physical address, so
     * dropping them with {@code space} live drops them for every space that maps the same frame.
     */
    private void dropTranslation(AddressSpace space, int address) {
        if (space == null || space.pageTable() == null) return;
        scheduler.makeLive(space);
        if (space.pageTable().frame(address) != FrameAllocator.NONE) cpu.invalidateCode(address, 4);
    }
}
