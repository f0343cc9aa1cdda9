package czemu.pager.fault;

import czemu.kernel.memory.FramePool;
import czemu.kernel.Kernel;
import czemu.kernel.abi.Errno;
import czemu.kernel.fault.FaultResolution;
import czemu.kernel.memory.Access;
import czemu.kernel.memory.FrameAllocator;
import czemu.kernel.memory.PagePermissions;
import czemu.pager.task.Task;
import czemu.pager.vm.VmArea;
import czemu.pager.vm.ZeroPages;

/**
 * Resolves a page fault of a task (codezero-abi.md §4.1): find the vm_area, check the access, map the
 * page. A private area shows its object's shared frame read-only until the first write, which
 * copies it (copy-on-write; for anonymous memory the shared frame is the zero page). The access
 * direction comes from the fault status (bit 11, see the kernel's FaultPath), so a write needs
 * one fault, not two as on ARMv5.
 */
public final class PageFaultHandler {
    private final Kernel kernel;
    private final FramePool frames;

    public PageFaultHandler(Kernel kernel, FramePool frames) {
        this.frames = frames;
        this.kernel = kernel;
    }

    /** Why a fault could not be resolved, or null when it was. */
    public String resolve(Task task, int address, Access access) {
        VmArea area = task.vm().find(address);
        if (area == null) {
            return "no vm_area covers it";
        }
        PagePermissions allowed = area.permissions();
        boolean permitted = switch (access) {
            case READ -> allowed.read();
            case WRITE -> allowed.write();
            case EXECUTE -> allowed.execute();
        };
        if (!permitted) {
            return "the vm_area " + area + " does not allow " + access.describe();
        }
        int page = address & ~0xFFF;
        Integer own = area.privatePage(page);
        int frame;
        PagePermissions mapped = allowed;
        boolean anonymous = area.object() instanceof ZeroPages;
        FaultResolution how = FaultResolution.MAPPED;
        if (own != null) {
            frame = own;
        } else if (area.shared()) {
            frame = area.object().frameFor(area.objectPage(page));
        } else if (access == Access.WRITE) {
            frame = area.object().privateCopy(area.objectPage(page));
            if (frame != FrameAllocator.NONE) area.addPrivatePage(page, frame);
            how = anonymous ? FaultResolution.ZERO : FaultResolution.COPY_ON_WRITE;
        } else {
            frame = area.object().frameFor(area.objectPage(page));
            mapped = allowed.withoutWrite(); // the first write will copy
            if (anonymous) how = FaultResolution.ZERO;
        }
        if (frame == FrameAllocator.NONE || !kernel.map(task.thread().space(), page, frame, mapped)) {
            return "out of memory (" + frames.framesInUse() + " frames in use)";
        }
        if (mapped.execute()) {
            kernel.codeWritten(task.thread().space(), page, 4096);
        }
        kernel.faultResolvedAs(how); // for traces: the kernel only sees that the fault was resolved
        return null;
    }

    public static int errnoFor(String reason) {
        return reason != null && reason.startsWith("out of memory") ? -Errno.ENOMEM : -Errno.EFAULT;
    }
}
