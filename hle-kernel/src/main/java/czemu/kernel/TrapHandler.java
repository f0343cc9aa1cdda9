package czemu.kernel;

import czemu.kernel.abi.IpcTags;
import czemu.kernel.abi.Errno;
import czemu.kernel.arch.Cpu;
import czemu.kernel.arch.ExceptionHandler;
import czemu.kernel.debug.DebugStop;
import czemu.kernel.fault.FaultPath;
import czemu.kernel.fault.PagerCall;
import czemu.kernel.ipc.IpcMessage;
import czemu.kernel.scheduler.Scheduler;
import czemu.kernel.syscall.Personality;
import czemu.kernel.syscall.Syscall;
import czemu.kernel.syscall.SyscallTable;
import czemu.kernel.thread.Tcb;
import czemu.kernel.thread.ThreadState;

/**
 * The kernel's entry from the CPU: system calls, aborts and undefined instructions of the running
 * thread. On entry the thread's registers are read into its context; handlers work on the context;
 * on exit a thread that still runs gets its changed registers back, and one that blocked, halted or
 * died makes the CPU stop so the scheduler can move on.
 */
final class TrapHandler implements ExceptionHandler {
    private final Scheduler scheduler;
    private final SyscallTable syscalls;
    private final FaultPath faults;
    private final PagerCall pagers;
    private final FaultPath.Halting halting;
    private KernelObservers observer = new KernelObservers(); // none until the kernel sets its own
    /** Data and prefetch aborts taken so far: a debugger's single step needs to know whether one took its instruction. */
    private long aborts;

    TrapHandler(Scheduler scheduler, SyscallTable syscalls, FaultPath faults, PagerCall pagers, FaultPath.Halting halting) {
        this.scheduler = scheduler;
        this.syscalls = syscalls;
        this.faults = faults;
        this.pagers = pagers;
        this.halting = halting;
    }

    long abortsTaken() {
        return aborts;
    }

    void setObservers(KernelObservers observers) {
        this.observer = observers;
    }

    @Override
    public void supervisorCall(Cpu cpu) {
        Tcb thread = enter(cpu);
        int[] core = thread.context.core;
        int swiAddress = core[Cpu.PC] - 4;
        int[] args = observer.isEmpty() ? null : java.util.Arrays.copyOf(core, 9);
        Personality personality = thread.personality();
        if (personality != null && !SyscallTable.inPage(swiAddress)) {
            foreignCall(cpu, thread, personality, args);
            return;
        }
        // The kernel returns to LR_usr, not to the instruction after the swi (§1.3).
        core[Cpu.PC] = core[Cpu.LR] & ~1;
        core[Cpu.CPSR] = (core[Cpu.CPSR] & ~Cpu.CPSR_THUMB) | ((core[Cpu.LR] & 1) != 0 ? Cpu.CPSR_THUMB : 0);
        Syscall call = syscalls.lookup(swiAddress);
        int result = call == null ? -Errno.ENOSYS : call.invoke(thread);
        if (thread.state() == ThreadState.RUNNABLE) {
            core[0] = result;
        }
        if (args != null) {
            observer.returned(thread, syscalls.name(swiAddress), args, core[0], thread.state() != ThreadState.RUNNABLE);
        }
        leave(cpu, thread, true);
    }

    /**
     * An svc outside the syscall page from a thread with a personality (the Linux door): it continues
     * after the svc, with the personality's answer in r0 unless the call took it off the CPU.
     */
    private void foreignCall(Cpu cpu, Tcb thread, Personality personality, int[] args) {
        int[] core = thread.context.core;
        int pastSvc = core[Cpu.PC];
        int result = personality.supervisorCall(thread);
        if (thread.state() == ThreadState.RUNNABLE) {
            core[0] = result;
        }
        if (args != null) {
            boolean blocked = thread.state() != ThreadState.RUNNABLE;
            observer.returned(thread, personality.callName(args), args, core[0], blocked);
            // PC back on the svc: the woken thread makes the call again, and that call is its end.
            if (blocked && core[Cpu.PC] != pastSvc) observer.willRetry(thread);
        }
        if (thread.state() == ThreadState.RUNNABLE) personality.returningToUser(thread, true); // a signal handler, say
        leave(cpu, thread, true);
    }

    @Override
    public void dataAbort(Cpu cpu) {
        aborts++;
        Tcb thread = enter(cpu);
        int pc = thread.context.core[Cpu.PC];
        faults.dataAbort(thread);
        leave(cpu, thread, thread.context.core[Cpu.PC] != pc); // a device access was emulated
    }

    @Override
    public void prefetchAbort(Cpu cpu) {
        aborts++;
        Tcb thread = enter(cpu);
        faults.prefetchAbort(thread);
        leave(cpu, thread, false);
    }

    /**
     * An undefined instruction goes to the pager as tag UNDEF_FAULT with the address after it
     * (§4.2); when the pager answers 0, execution continues with the next instruction. A pager that
     * is an ARM thread answers later: the thread waits for it (see {@link PagerCall}).
     */
    @Override
    public void undefinedInstruction(Cpu cpu) {
        Tcb thread = enter(cpu);
        int[] core = thread.context.core;
        int pc = core[Cpu.PC];
        int next = pc + (thread.context.thumb() ? 2 : 4);
        int entry = thread.space().pageTable().entry(pc);
        observer.undefinedInstruction(thread, pc);
        // Codezero returns to LR_und, the next instruction, whatever the pager answered; czemu stops
        // a thread whose pager says it did not handle the instruction, as mm0's answer is always 0.
        core[Cpu.PC] = next;
        String undefined = "undefined instruction at pc 0x" + Integer.toHexString(pc);
        pagers.call(thread, IpcMessage.shortMessage(thread.tid(), IpcTags.UNDEF_FAULT, thread.tid(), next, 0, next, entry),
                new PagerCall.Outcome() {
                    @Override
                    public void answered(int mr0) {
                        if (mr0 != 0) stop(undefined + " not handled by its pager: " + mr0);
                    }

                    @Override
                    public void unanswered(String why) {
                        stop(undefined + " got no answer: " + why);
                    }

                    /** A stopped thread shows the instruction it stopped at (to a debugger, as SIGILL). */
                    private void stop(String reason) {
                        core[Cpu.PC] = pc;
                        halting.halt(thread, reason, DebugStop.SIGILL, pc);
                    }
                });
        leave(cpu, thread, true);
    }

    @Override
    public void breakpoint(Cpu cpu) {
        Tcb thread = enter(cpu);
        int pc = thread.context.core[Cpu.PC];
        halting.halt(thread, "breakpoint instruction at pc 0x" + Integer.toHexString(pc) + " with no debugger attached",
                DebugStop.SIGTRAP, pc);
        leave(cpu, thread, false);
    }

    private Tcb enter(Cpu cpu) {
        Tcb thread = scheduler.current();
        if (thread == null) throw new IllegalStateException("CPU exception with no current thread");
        cpu.readCore(thread.context.core);
        return thread;
    }

    /**
     * Either the thread goes on, with its changed registers written back, or the CPU stops and the
     * registers stay in the thread's context for the scheduler. Never both: in Unicorn a register
     * write inside a hook (PC in particular) cancels a pending uc_emu_stop.
     */
    private void leave(Cpu cpu, Tcb thread, boolean contextChanged) {
        if (scheduler.sliceEnding(thread)) {
            if (contextChanged) {
                scheduler.stopHoldingContext();
            } else {
                cpu.requestStop();
            }
        } else if (contextChanged) {
            cpu.writeCore(thread.context.core);
        }
    }
}
