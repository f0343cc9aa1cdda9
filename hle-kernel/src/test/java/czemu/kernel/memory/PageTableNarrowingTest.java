package czemu.kernel.memory;

import czemu.kernel.arch.Cpu;
import czemu.kernel.arch.MmuRig;
import czemu.kernel.arch.unicorn.UnicornCpu;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A debugger's narrowing of a page (the watchpoints' mechanism): the MMU enforces it on real ARM
 * code, while every lookup the pager and the kernel make still sees the owner's mapping, also
 * across a remap and an unmap made while the page is narrowed.
 */
class PageTableNarrowingTest {
    private static final int CODE = MmuRig.CODE;
    private static final int DATA = MmuRig.DATA;

    private MmuRig rig;
    private PhysicalMemory ram;
    private FrameAllocator frames;
    private PageTable table;
    private UnicornCpu cpu;
    private final List<String> aborts = new ArrayList<>();

    @BeforeEach
    void setUp() {
        rig = new MmuRig();
        ram = rig.ram;
        frames = rig.frames;
        table = rig.table;
        cpu = rig.cpu;
        rig.mapWords(CODE, PagePermissions.READ_EXECUTE,
                0xE5810000,  // str r0, [r1]
                0xE5912000,  // ldr r2, [r1]
                0xEF000000); // svc 0
        cpu.setExceptionHandler(new MmuRig.StopAtSvc() {
            @Override public void dataAbort(Cpu c) {
                aborts.add("abort at 0x" + Integer.toHexString(c.register(Cpu.PC)));
                c.requestStop();
            }
            @Override public void prefetchAbort(Cpu c) {
                aborts.add("prefetch abort at 0x" + Integer.toHexString(c.register(Cpu.PC)));
                c.requestStop();
            }
        });
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    /** Runs the str/ldr/svc sequence from the start; returns the aborts it met. */
    private List<String> runStoreThenLoad() {
        aborts.clear();
        cpu.invalidateTlb();
        cpu.setRegister(0, 0x1234);
        cpu.setRegister(1, DATA + 8);
        cpu.setRegister(Cpu.PC, CODE);
        cpu.run(0);
        return List.copyOf(aborts);
    }

    @Test
    void aWriteNarrowedPageStopsStoresButNotLoadsWhileTheOwnerStillSeesItWritable() {
        int frame = frames.allocate();
        table.map(DATA, frame, PagePermissions.READ_WRITE);
        int ownerEntry = table.entry(DATA);
        table.narrow(DATA, PagePermissions.READ_EXECUTE);

        assertEquals(List.of("abort at 0x40000000"), runStoreThenLoad(), "the store aborts");
        assertEquals(ownerEntry, table.entry(DATA), "the pager sees its own entry");
        assertTrue(table.permits(DATA, Access.WRITE));
        assertFalse(table.mmuPermits(DATA, Access.WRITE));
        assertTrue(table.mmuPermits(DATA, Access.READ));
        assertEquals(frame, table.frame(DATA));

        cpu.setRegister(Cpu.PC, CODE + 4); // skip the store: the load runs
        aborts.clear();
        cpu.run(0);
        assertEquals(List.of(), aborts);

        table.widen(DATA);
        assertFalse(table.hasNarrowing());
        assertEquals(List.of(), runStoreThenLoad(), "widened, the store runs");
        assertEquals(0x1234, ram.readInt(frame + 8));
    }

    @Test
    void aNarrowedPageKeepsItsNarrowingAcrossRemapAndUnmapByTheOwner() {
        int shared = frames.allocate(), copy = frames.allocate();
        table.map(DATA, shared, PagePermissions.READ_ONLY);
        table.narrow(DATA, PagePermissions.NONE);
        assertEquals(List.of("abort at 0x40000000"), runStoreThenLoad());

        table.map(DATA, copy, PagePermissions.READ_WRITE); // the pager's copy-on-write, while narrowed
        assertEquals(copy, table.frame(DATA));
        assertTrue(table.permits(DATA, Access.WRITE));
        assertFalse(table.mmuPermits(DATA, Access.READ), "still narrowed to no access");
        assertEquals(List.of("abort at 0x40000000"), runStoreThenLoad());

        table.unmap(DATA);
        assertEquals(0, table.entry(DATA));
        table.map(DATA, copy, PagePermissions.READ_WRITE);
        table.widen(DATA);
        assertEquals(List.of(), runStoreThenLoad(), "widened after the remap: the owner's latest entry is back");
        assertEquals(0x1234, ram.readInt(copy + 8));
    }

    @Test
    void narrowingCodeStopsItsFetchesAndAReleasedTableIsNeverWrittenAgain() {
        table.narrow(CODE, PagePermissions.NONE);
        assertEquals(List.of("prefetch abort at 0x40000000"), runStoreThenLoad());
        assertTrue(table.permits(CODE, Access.EXECUTE), "the owner's text is still executable");

        table.release();
        assertFalse(table.hasNarrowing());
        int[] before = new int[1024];
        for (int i = 0; i < before.length; i++) before[i] = ram.readInt(table.l1PhysicalAddress() + 4 * i);
        table.narrow(CODE, PagePermissions.NONE);
        table.widen(CODE);
        for (int i = 0; i < before.length; i++) assertEquals(before[i], ram.readInt(table.l1PhysicalAddress() + 4 * i));
        assertFalse(table.hasNarrowing());
    }
}
