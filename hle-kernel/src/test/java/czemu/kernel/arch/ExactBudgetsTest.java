package czemu.kernel.arch;

import czemu.kernel.arch.unicorn.UnicornCpu;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.PagePermissions;
import czemu.kernel.memory.PageTable;
import czemu.kernel.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A debugger's exact budgets come and go: with them a budget of one runs one instruction, also in
 * a loop translated before; without them (the debugger left) the counter hook is gone and the same
 * loop runs on, and they can be turned on again.
 */
class ExactBudgetsTest {
    private static final int CODE = 0x40000000;

    @Test
    void exactBudgetsCanBeTurnedOffAndOnAgain() {
        PhysicalMemory ram = new PhysicalMemory(16 << 20);
        FrameAllocator frames = new FrameAllocator(ram.size());
        PageTable table = PageTable.create(ram, frames);
        try (UnicornCpu cpu = new UnicornCpu(ram.hostAddress(), ram.size())) {
            cpu.enableMmu(table.l1PhysicalAddress());
            int code = frames.allocate();
            ram.writeInt(code, 0xE2800001);     // loop: add r0, r0, #1
            ram.writeInt(code + 4, 0xE3500C01); // cmp r0, #256
            ram.writeInt(code + 8, 0x1AFFFFFC); // bne loop
            ram.writeInt(code + 12, 0xEF000000); // svc 0
            table.map(CODE, code, PagePermissions.READ_EXECUTE);
            cpu.invalidateTlb();
            cpu.setExceptionHandler(new ExceptionHandler() {
                @Override public void supervisorCall(Cpu c) { c.requestStop(); }
                @Override public void dataAbort(Cpu c) { fail("data abort"); }
                @Override public void prefetchAbort(Cpu c) { fail("prefetch abort"); }
                @Override public void undefinedInstruction(Cpu c) { fail("undefined instruction"); }
                @Override public void breakpoint(Cpu c) { fail("bkpt"); }
            });
            cpu.setRegister(0, 0);
            cpu.setRegister(Cpu.PC, CODE);
            cpu.run(0); // the whole loop, translated without any hook
            assertEquals(256, cpu.register(0));

            assertTrue(cpu.enableExactBudgets());
            cpu.setRegister(0, 0);
            cpu.setRegister(Cpu.PC, CODE);
            cpu.run(1);
            assertEquals(1, cpu.register(0), "one instruction, though the loop was translated before");
            assertEquals(CODE + 4, cpu.register(Cpu.PC));

            cpu.disableExactBudgets();
            assertEquals(-1, cpu.instructionsExecuted(), "no counter any more");
            cpu.run(0);
            assertEquals(256, cpu.register(0), "the loop runs to its end");

            assertTrue(cpu.enableExactBudgets());
            cpu.setRegister(0, 0);
            cpu.setRegister(Cpu.PC, CODE);
            cpu.run(2);
            assertEquals(CODE + 8, cpu.register(Cpu.PC), "exact again");
        } finally {
            ram.close();
        }
    }

    @Test
    void countingAskedForItsOwnSakeStays() {
        PhysicalMemory ram = new PhysicalMemory(16 << 20);
        try (UnicornCpu cpu = new UnicornCpu(ram.hostAddress(), ram.size())) {
            assertTrue(cpu.enableInstructionCounting());
            assertTrue(cpu.enableExactBudgets());
            cpu.disableExactBudgets();
            assertEquals(0, cpu.instructionsExecuted(), "DETERMINISTIC's counter is not the debugger's to remove");
        } finally {
            ram.close();
        }
    }
}
