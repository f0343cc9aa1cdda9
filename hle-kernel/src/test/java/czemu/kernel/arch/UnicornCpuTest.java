package czemu.kernel.arch;

import czemu.kernel.arch.unicorn.UnicornCpu;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.PagePermissions;
import czemu.kernel.memory.PageTable;
import czemu.kernel.memory.PhysicalMemory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The engine facts DESIGN.md §2 rests on, checked on real ARM code with the MMU on. */
class UnicornCpuTest {
    private static final int CODE = 0x40000000;
    private static final int DATA = 0x40100000;

    private PhysicalMemory ram;
    private FrameAllocator frames;
    private PageTable table;
    private UnicornCpu cpu;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ram = new PhysicalMemory(16 << 20);
        frames = new FrameAllocator(ram.size());
        table = PageTable.create(ram, frames);
        cpu = new UnicornCpu(ram.hostAddress(), ram.size());
        cpu.enableMmu(table.l1PhysicalAddress());
    }

    @AfterEach
    void tearDown() {
        cpu.close();
    }

    private void loadCode(int... words) {
        int frame = frames.allocate();
        for (int i = 0; i < words.length; i++) {
            ram.writeInt(frame + 4 * i, words[i]);
        }
        table.map(CODE, frame, PagePermissions.READ_EXECUTE);
        cpu.invalidateTlb();
        cpu.setRegister(Cpu.PC, CODE);
    }

    @Test
    void theInstructionCounterStopsAfterExactlyTheBudgetAndCountsSlicesThatEndEarly() {
        assertTrue(cpu.enableInstructionCounting(), "this host has a native instruction counter");
        int[] code = new int[64];
        java.util.Arrays.fill(code, 0xE2800001); // add r0, r0, #1
        code[40] = 0xEF000014; // svc 0x14 after 40 adds
        code[41] = 0xEAFFFFFE; // b .
        loadCode(code);
        cpu.setRegister(0, 0);
        cpu.setExceptionHandler(new Recorder() {
            @Override public void supervisorCall(Cpu c) {
                events.add("svc r0=" + c.register(0));
                c.requestStop();
            }
        });
        cpu.run(25);
        assertEquals(25, cpu.register(0), "25 adds ran");
        assertEquals(CODE + 25 * 4, cpu.register(Cpu.PC), "stopped before the 26th");
        assertEquals(25, cpu.instructionsExecuted());
        cpu.run(1000); // 15 adds and the svc, which stops the slice early
        assertEquals(List.of("svc r0=40"), events);
        assertEquals(25 + 16, cpu.instructionsExecuted());
    }

    @Test
    void userCodeReadsTheThreadIdRegisterTheKernelWrote() {
        // mrc p15, 0, r0, c13, c0, 3 (TPIDRURO, what Linux's set_tls sets); svc; b .
        loadCode(0xEE1D0F70, 0xEF000000, 0xEAFFFFFE);
        cpu.writeUserThreadIdRegister(0x12345678);
        cpu.setExceptionHandler(new Recorder() {
            @Override public void supervisorCall(Cpu c) {
                events.add("r0=" + Integer.toHexString(c.register(0)));
                c.requestStop();
            }
        });
        cpu.run(0);
        assertEquals(List.of("r0=12345678"), events);
    }

    @Test
    void aTraceHookIsSilentClosedLetsItsCountPassAndSeesEveryInstructionWhileOpen() {
        int[] code = new int[16];
        java.util.Arrays.fill(code, 0xE2800001); // add r0, r0, #1
        code[10] = 0xEF000014; // svc 0x14 after 10 adds
        code[11] = 0xEAFFFFFE; // b .
        loadCode(code);
        List<Integer> seen = new ArrayList<>();
        Cpu.TraceHook hook = cpu.traceInstructions(seen::add);
        cpu.setExceptionHandler(new Recorder() {
            @Override public void supervisorCall(Cpu c) {
                c.requestStop();
            }
        });
        cpu.run(0);
        assertEquals(List.of(), seen, "closed: never called");
        hook.openAfter(3);
        cpu.setRegister(Cpu.PC, CODE);
        cpu.run(0);
        List<Integer> expected = new ArrayList<>();
        for (int i = 3; i <= 10; i++) expected.add(CODE + 4 * i);
        assertEquals(expected, seen, "the first three pass uncalled, then every instruction up to the svc");
        hook.close();
        cpu.setRegister(Cpu.PC, CODE);
        cpu.run(0);
        assertEquals(expected, seen, "closed again");
        hook.open();
        cpu.setRegister(Cpu.PC, CODE + 4 * 9);
        cpu.run(0);
        assertEquals(List.of(CODE + 36, CODE + 40), seen.subList(expected.size(), seen.size()));
    }

    @Test
    void supervisorCallArrivesWithPcAfterTheInstruction() {
        loadCode(0xE3A00005, 0xE2800001, 0xEF000014, 0xEAFFFFFE); // mov r0,#5; add r0,r0,#1; svc 0x14; b .
        cpu.setExceptionHandler(new Recorder() {
            @Override public void supervisorCall(Cpu c) {
                events.add("svc pc=" + Integer.toHexString(c.register(Cpu.PC)) + " r0=" + c.register(0));
                c.requestStop();
            }
        });
        assertEquals(RunOutcome.Kind.STOPPED, cpu.run(0).kind());
        assertEquals(List.of("svc pc=4000000c r0=6"), events);
    }

    @Test
    void dataAbortIsResolvedInTheHookAndTheLoadReExecutes() {
        int dataFrame = frames.allocate();
        ram.writeInt(dataFrame + 8, 0x12345678);
        // ldr r1,[r2,#8]; svc 0x14
        loadCode(0xE5921008, 0xEF000014);
        cpu.setRegister(2, DATA);
        cpu.setExceptionHandler(new Recorder() {
            @Override public void dataAbort(Cpu c) {
                events.add("abort pc=" + Integer.toHexString(c.register(Cpu.PC)));
                table.map(DATA, dataFrame, PagePermissions.READ_ONLY);
                c.invalidateTlbEntry(DATA);
            }
            @Override public void supervisorCall(Cpu c) {
                events.add("svc r1=" + Integer.toHexString(c.register(1)));
                c.requestStop();
            }
        });
        cpu.run(0);
        assertEquals(List.of("abort pc=40000000", "svc r1=12345678"), events);
    }

    @Test
    void writeToReadOnlyPageAbortsUntilMadeWritable() {
        int dataFrame = frames.allocate();
        table.map(DATA, dataFrame, PagePermissions.READ_ONLY);
        loadCode(0xE3A01007, 0xE5821000, 0xEF000014); // mov r1,#7; str r1,[r2]; svc
        cpu.setRegister(2, DATA);
        cpu.setExceptionHandler(new Recorder() {
            @Override public void dataAbort(Cpu c) {
                events.add("abort");
                table.map(DATA, dataFrame, PagePermissions.READ_WRITE);
                c.invalidateTlbEntry(DATA);
            }
            @Override public void supervisorCall(Cpu c) {
                c.requestStop();
            }
        });
        cpu.run(0);
        assertEquals(List.of("abort"), events);
        assertEquals(7, ram.readInt(dataFrame));
    }

    @Test
    void prefetchAbortReportsTheUnmappedPc() {
        loadCode(0xE3A0F311); // mov pc,#0x44000000
        cpu.setExceptionHandler(new Recorder() {
            @Override public void prefetchAbort(Cpu c) {
                events.add("prefetch pc=" + Integer.toHexString(c.register(Cpu.PC)));
                c.requestStop();
            }
        });
        cpu.run(0);
        assertEquals(List.of("prefetch pc=44000000"), events);
    }

    @Test
    void exceptionThrownInsideAHookIsRethrownByRun() {
        loadCode(0xEF000014);
        cpu.setExceptionHandler(new Recorder() {
            @Override public void supervisorCall(Cpu c) {
                throw new IllegalStateException("boom in hook");
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cpu.run(0));
        assertEquals("boom in hook", e.getMessage());
    }

    @Test
    void undefinedInstructionIsReportedAtItsAddress() {
        loadCode(0xE1A00000, 0xF1F0FEED); // nop; the word test0's undeftest executes
        cpu.setExceptionHandler(new Recorder() {
            @Override public void undefinedInstruction(Cpu c) {
                events.add("undef pc=" + Integer.toHexString(c.register(Cpu.PC)));
                c.requestStop();
            }
        });
        cpu.run(0);
        assertEquals(List.of("undef pc=40000004"), events);
    }

    @Test
    void coreRegistersRoundTripThroughBatchCalls() {
        int[] core = new int[Cpu.CORE_REGISTERS];
        for (int i = 0; i < 15; i++) core[i] = 0x1000 + i;
        core[Cpu.PC] = CODE;
        core[Cpu.CPSR] = Cpu.CPSR_MODE_USER;
        cpu.writeCore(core);
        int[] back = new int[Cpu.CORE_REGISTERS];
        cpu.readCore(back);
        for (int i = 0; i < 15; i++) assertEquals(0x1000 + i, back[i], "r" + i);
        assertEquals(CODE, back[Cpu.PC]);
        assertEquals(Cpu.CPSR_MODE_USER, back[Cpu.CPSR] & 0x1F);
    }

    @Test
    void probeRunReportsTheAccessesOfAnAbortingInstruction() {
        loadCode(0xE5921008, 0xE5823004, 0xEF000014); // ldr r1,[r2,#8]; str r3,[r2,#4]; svc
        cpu.setRegister(2, DATA);
        cpu.setExceptionHandler(new Recorder());
        assertEquals(List.of(new MemoryAccess(DATA + 8, 4, false)), cpu.probeAccesses(CODE, false, 4));
        assertEquals(List.of(new MemoryAccess(DATA + 4, 4, true)), cpu.probeAccesses(CODE + 4, false, 4));
        assertEquals(CODE + 4, cpu.register(Cpu.PC) & ~1, "the probe leaves PC at the aborted instruction");
    }

    @Test
    void probeSeesEveryRegisterOfAStoreMultiple() {
        loadCode(0xE882000E); // stmia r2,{r1,r2,r3}
        cpu.setRegister(2, DATA + 0xFFC); // the second and third words fall on the next page
        List<MemoryAccess> probed = cpu.probeAccesses(CODE, false, 4);
        assertFalse(probed.isEmpty());
        assertEquals(new MemoryAccess(DATA + 0xFFC, 4, true), probed.get(0));
    }

    private static class Recorder implements ExceptionHandler {
        @Override public void supervisorCall(Cpu cpu) { fail("unexpected svc"); }
        @Override public void dataAbort(Cpu cpu) { fail("unexpected data abort at " + Integer.toHexString(cpu.register(Cpu.PC))); }
        @Override public void prefetchAbort(Cpu cpu) { fail("unexpected prefetch abort at " + Integer.toHexString(cpu.register(Cpu.PC))); }
        @Override public void undefinedInstruction(Cpu cpu) { fail("unexpected undefined instruction"); }
        @Override public void breakpoint(Cpu cpu) { fail("unexpected bkpt"); }
    }
}
