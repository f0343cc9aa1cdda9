package czemu.pager.linux;

import czemu.kernel.Kernel;
import czemu.kernel.memory.Access;
import czemu.pager.linux.abi.LinuxAbi;

/**
 * The ARM-only calls at 0x0f0000 + n (asm/unistd.h): set_tls, which ARMv5 programs make at start-up
 * to give their thread pointer to the kernel (czemu loads it into TPIDRURO, which the kuser get_tls
 * helper and ARMv6K+ code read), get_tls, and cacheflush after a program wrote code.
 */
public final class ArmPrivateCalls {
    private final Kernel kernel;

    public ArmPrivateCalls(Kernel kernel) {
        this.kernel = kernel;
    }

    public void registerIn(LinuxCallTable table) {
        table.add(LinuxAbi.ARM_NR_SET_TLS, "x", call -> {
            call.tcb().context.threadIdRegister = call.arg(0);
            kernel.scheduler().threadIdRegisterChanged(call.tcb());
            return 0;
        });
        table.add(LinuxAbi.ARM_NR_GET_TLS, "", call -> call.tcb().context.threadIdRegister);
        table.add(LinuxAbi.ARM_NR_CACHEFLUSH, "xxx", this::cacheflush);
    }

    /** cacheflush(start, end, flags): Unicorn drops what it translated of the executable pages in the range. */
    private int cacheflush(Call call) {
        int start = call.arg(0), end = call.arg(1);
        if (Integer.compareUnsigned(end, start) < 0 || Integer.toUnsignedLong(end) - Integer.toUnsignedLong(start) > (64L << 20)) {
            return -LinuxAbi.EINVAL;
        }
        var space = call.tcb().space();
        for (long page = Integer.toUnsignedLong(start) & ~0xFFFL; page < Integer.toUnsignedLong(end); page += 4096) {
            if (space.pageTable().permits((int) page, Access.EXECUTE)) kernel.codeWritten(space, (int) page, 4096);
        }
        return 0;
    }
}
