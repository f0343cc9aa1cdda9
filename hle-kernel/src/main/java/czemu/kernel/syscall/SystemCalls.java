package czemu.kernel.syscall;

import czemu.kernel.Kernel;
import czemu.kernel.abi.Errno;

/**
 * The system calls of the syscall page, one small handler each (codezero-abi.md §1.3, §2). Calls not
 * registered here answer -ENOSYS: irq_control is not served to guests yet.
 */
public final class SystemCalls {
    private SystemCalls() {}

    public static SyscallTable table(Kernel kernel) {
        SyscallTable table = new SyscallTable();
        table.register(SyscallTable.IPC, "ipc", caller -> kernel.ipc().systemCall(caller,
                caller.context.core[0], caller.context.core[1], caller.context.core[2]));
        table.register(SyscallTable.THREAD_SWITCH, "thread_switch", caller -> {
            kernel.scheduler().yieldCurrent();
            return 0;
        });
        table.register(SyscallTable.THREAD_CONTROL, "thread_control", new ThreadControl(kernel));
        table.register(SyscallTable.EXCHANGE_REGISTERS, "exchange_registers", new ExchangeRegisters(kernel));
        table.register(SyscallTable.CAPABILITY_CONTROL, "capability_control", new CapabilityControlCall(kernel));
        table.register(SyscallTable.SCHEDULE, "schedule", caller -> 0);
        table.register(SyscallTable.GETID, "getid", new GetId(kernel.userMemory()));
        table.register(SyscallTable.TIME, "time", new Time(kernel.userMemory(), kernel::microsecondsSinceBoot));
        table.register(SyscallTable.MUTEX_CONTROL, "mutex_control", new MutexControl(kernel.mutexes(), kernel.capabilities()));
        table.register(SyscallTable.MAP, "map", new MapCalls.Map(kernel));
        table.register(SyscallTable.UNMAP, "unmap", new MapCalls.Unmap(kernel));
        table.register(SyscallTable.CACHE_CONTROL, "cache_control", new CacheControl(kernel));
        table.register(SyscallTable.IPC_CONTROL, "ipc_control", caller -> -Errno.ENOSYS); // always, in Codezero too
        table.register(SyscallTable.CONTAINER_CONTROL, "container_control", caller -> 0); // always 0 in Codezero
        return table;
    }
}
