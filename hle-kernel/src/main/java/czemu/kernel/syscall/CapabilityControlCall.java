package czemu.kernel.syscall;

import czemu.kernel.Kernel;
import czemu.kernel.abi.Errno;
import czemu.kernel.capability.Capability;
import czemu.kernel.capability.CapabilityControl;
import czemu.kernel.capability.CapabilityTypes;
import czemu.kernel.thread.Tcb;

/**
 * capability_control (slot 0x28; spec/README.md): r0 = request, r1 = flags, r2 = the user buffer —
 * an int for NCAPS, an array of 44-byte {@code struct capability} for READ, one struct for the
 * others. The buffer is read through the fault path; what a request returns (the count, the caps,
 * the new cap of REPLICATE and SPLIT) is written back the same way.
 */
final class CapabilityControlCall implements Syscall {
    private final Kernel kernel;

    CapabilityControlCall(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public int invoke(Tcb caller) {
        int request = caller.context.core[0], flags = caller.context.core[1], buffer = caller.context.core[2];
        Capability struct = null;
        if (request != CapabilityTypes.REQ_NCAPS && request != CapabilityTypes.REQ_READ) {
            byte[] bytes = new byte[Capability.SIZE];
            if (kernel.userMemory().read(caller, buffer, bytes, 0, bytes.length)) struct = Capability.decode(bytes);
        }
        CapabilityControl.Result result = kernel.capabilities().control(caller, request, flags, struct);
        byte[] back = result.writeBack();
        if (back != null && back.length > 0 && !kernel.userMemory().write(caller, buffer, back, 0, back.length)) {
            return -Errno.EFAULT;
        }
        return result.status();
    }
}
