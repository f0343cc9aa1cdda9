package czemu.kernel.arch;

import czemu.kernel.arch.unicorn.UnicornCpu;
import czemu.kernel.memory.PagePermissions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A debugger's exact budgets come and go: with them a budget of one runs one instruction, also in
 * a loop translated before; without them (the debugger left) the counter hook is gone and the same
 * loop runs on, and they can be turned on again.
 */
class ExactBudgetsTest {
    private static final int CODE = MmuRig.CODE;

    @Test
    void exactBudgetsCanBeTurnedOffAndOnAgain() {
        try (MmuRig rig = new MmuRig()) {
            UnicornCpu cpu = rig.cpu;
            rig.mapWords(CODE, PagePermissions.READ_EXECUTE,
                    0xE2800001,  // loop: add r0, r0, #1
                    0xE3500C01,  // cmp r0, #256
                    0x1AFFFFFC,  // bne loop
                    0xEF000000); // svc 0
            cpu.setExceptionHandler(new MmuRig.StopAtSvc());
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
        }
    }

    @Test
    void countingAskedForItsOwnSakeStays() {
        try (MmuRig rig = new MmuRig()) {
            UnicornCpu cpu = rig.cpu;
            assertTrue(cpu.enableInstructionCounting());
            assertTrue(cpu.enableExactBudgets());
            cpu.disableExactBudgets();
            assertEquals(0, cpu.instructionsExecuted(), "DETERMINISTIC's counter is not the debugger's to remove");
        }
    }
}
