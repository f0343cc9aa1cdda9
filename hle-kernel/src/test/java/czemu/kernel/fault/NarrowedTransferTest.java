package czemu.kernel.fault;

import czemu.kernel.arch.Cpu;
import czemu.kernel.arch.MemoryAccess;
import czemu.kernel.arch.MmuRig;
import czemu.kernel.arch.unicorn.UnicornCpu;
import czemu.kernel.container.Container;
import czemu.kernel.device.DeviceTrap;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.PagePermissions;
import czemu.kernel.memory.PageTable;
import czemu.kernel.memory.PhysicalMemory;
import czemu.kernel.space.AddressSpace;
import czemu.kernel.thread.Tcb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A load or store next to watched bytes (a page a debugger narrowed) that the fault path performs
 * in Java must leave exactly what the CPU leaves: each instruction runs once on Unicorn with the
 * page open, and once with the page narrowed, through {@link FaultPath}; registers and the data
 * page must come out the same. What the Java path does not do (two accesses, a load into the PC,
 * an unaligned address, an open IT block) must be handed back untouched to be stepped over.
 */
class NarrowedTransferTest {
    private static final int CODE = MmuRig.CODE;
    private static final int DATA = MmuRig.DATA;
    private static final int SVC_ARM = 0xEF000000, SVC_THUMB = 0xDF00;
    private static final int CPSR_Z = 1 << 30;

    /** One instruction (ARM word, or Thumb halfwords) and whether the Java path performs it. */
    record Case(String name, boolean thumb, int[] code, boolean performed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                arm("str r0, [r1]", 0xE5810000, true),
                arm("strb r0, [r1, #3]", 0xE5C10003, true),
                arm("strh r0, [r1, #6]", 0xE1C100B6, true),
                arm("ldrsb r2, [r1, #5]", 0xE1D120D5, true),
                arm("ldrsh r2, [r1, #6]", 0xE1D120F6, true),
                arm("ldrh r2, [r1], #2 (post-index)", 0xE0D120B2, true),
                arm("ldr r2, [r1, #4]! (writeback)", 0xE5B12004, true),
                arm("ldr r2, [r1, r3, lsl #2]", 0xE7912103, true),
                arm("ldr r2, [r1, r3, rrx] (carry clear)", 0xE7912063, true),
                arm("ldr pc, [r1]", 0xE591F000, false),
                arm("ldrd r2, r3, [r1]", 0xE1C120D0, false),
                arm("str r0, [r1, #1] (unaligned)", 0xE5810001, false),
                thumb("str r0, [r1, #4]", true, 0x6048),
                thumb("ldrb r2, [r1, #3]", true, 0x78CA),
                thumb("ldrsh.w r2, [r1, #6]", true, 0xF9B1, 0x2006),
                thumb("strh r0, [r1, #2]", true, 0x8048),
                thumb("it eq; streq r0, [r1] (IT block)", false, 0xBF08, 0x6008));
    }

    private static Case arm(String name, int word, boolean performed) {
        return new Case(name, false, new int[] {word}, performed);
    }

    private static Case thumb(String name, boolean performed, int... halfwords) {
        return new Case(name, true, halfwords, performed);
    }

    /** Registers and data page after a run. */
    record Outcome(int[] core, byte[] data, boolean steppedOver) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theJavaPathLeavesWhatTheCpuLeaves(Case c) {
        Outcome narrowed = run(c, true);
        if (c.performed()) {
            Outcome cpu = run(c, false);
            assertFalse(narrowed.steppedOver(), "performed in Java, not handed back");
            assertArrayEquals(cpu.core(), narrowed.core(), () -> "registers: CPU " + hex(cpu.core()) + ", Java " + hex(narrowed.core()));
            assertArrayEquals(cpu.data(), narrowed.data(), "the data page");
        } else {
            assertTrue(narrowed.steppedOver(), "handed back to be stepped over");
            assertEquals(CODE + (c.thumb() && c.code()[0] == 0xBF08 ? 2 : 0), narrowed.core()[Cpu.PC], "PC still at the instruction");
            assertArrayEquals(initialData(), narrowed.data(), "nothing written");
        }
    }

    private Outcome run(Case c, boolean narrow) {
        try (MmuRig rig = new MmuRig()) {
            PhysicalMemory ram = rig.ram;
            FrameAllocator frames = rig.frames;
            PageTable table = rig.table;
            UnicornCpu cpu = rig.cpu;
            int code = frames.allocate(), data = frames.allocate();
            writeCode(ram, code, c);
            byte[] initial = initialData();
            ram.write(data, initial, 0, initial.length);
            table.map(CODE, code, PagePermissions.READ_EXECUTE);
            table.map(DATA, data, PagePermissions.READ_WRITE);
            if (narrow) table.narrow(DATA, PagePermissions.NONE);
            cpu.invalidateTlb();

            Tcb thread = new Tcb(2, new Container(0, "test", frames), new AddressSpace(1, table), null, "test");
            boolean[] steppedOver = {false};
            FaultPath faults = new FaultPath(ram, null, null, new DeviceTrap(),
                    (t, reason) -> fail("halted: " + reason), (t, address) -> cpu.invalidateTlbEntry(address),
                    (t, pc, thumb, length, then) -> fail("probe"));
            faults.setNarrowing(new FaultPath.Narrowing() {
                @Override public boolean stops(Tcb t, List<MemoryAccess> accesses, boolean fetch) { return false; }
                @Override public void stepOver(Tcb t) { steppedOver[0] = true; }
            });
            cpu.setExceptionHandler(new MmuRig.StopAtSvc() {
                @Override public void dataAbort(Cpu engine) {
                    engine.readCore(thread.context.core);
                    faults.dataAbort(thread);
                    if (steppedOver[0]) engine.requestStop(); else engine.writeCore(thread.context.core);
                }
            });
            int[] core = new int[Cpu.CORE_REGISTERS];
            core[0] = 0x8BADF00D;
            core[1] = DATA + 8;
            core[3] = 8;
            core[Cpu.PC] = CODE;
            core[Cpu.CPSR] = Cpu.CPSR_MODE_USER | CPSR_Z | (c.thumb() ? Cpu.CPSR_THUMB : 0);
            cpu.writeCore(core);
            cpu.run(0);
            cpu.readCore(core);
            byte[] after = new byte[initial.length];
            ram.read(data, after, 0, after.length);
            return new Outcome(core, after, steppedOver[0]);
        }
    }

    private static void writeCode(PhysicalMemory ram, int frame, Case c) {
        if (c.thumb()) {
            int at = frame;
            for (int halfword : c.code()) {
                ram.writeByte(at++, (byte) halfword);
                ram.writeByte(at++, (byte) (halfword >>> 8));
            }
            ram.writeByte(at++, (byte) SVC_THUMB);
            ram.writeByte(at, (byte) (SVC_THUMB >>> 8));
        } else {
            ram.writeInt(frame, c.code()[0]);
            ram.writeInt(frame + 4, SVC_ARM);
        }
    }

    /** 64 bytes with the top bit set in every other one, so signed loads see negative values. */
    private static byte[] initialData() {
        byte[] bytes = new byte[64];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 37 + (i % 2 == 0 ? 0x80 : 0x11));
        return bytes;
    }

    private static String hex(int[] values) {
        List<String> out = new ArrayList<>();
        for (int v : values) out.add(Integer.toHexString(v));
        return out.toString();
    }
}
