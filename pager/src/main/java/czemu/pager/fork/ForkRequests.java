package czemu.pager.fork;

import czemu.kernel.memory.FramePool;
import czemu.kernel.Capabilities;
import czemu.kernel.Kernel;
import czemu.kernel.abi.Errno;
import czemu.kernel.arch.Cpu;
import czemu.kernel.ipc.IpcMessage;
import czemu.kernel.thread.Tcb;
import czemu.pager.exec.UtcbPool;
import czemu.pager.fs.FileDescriptors;
import czemu.pager.task.Task;
import czemu.pager.vm.ShadowPages;
import czemu.pager.vm.TaskVm;
import czemu.pager.vm.VmArea;
import czemu.pager.vm.ZeroPages;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * FORK and CLONE (codezero-abi.md §3.3, §3.5). The child starts from the parent's saved syscall
 * frame — it returns from the same ipc stub — with MR0 (r3) = 0, its own UTCB, and for clone the
 * new stack. A fork child gets copies of the vm_areas: private pages written so far move into a
 * shadow object both sides map read-only and copy on their next write; shared areas keep their
 * frames. A CLONE_VM child shares the parent's vm_areas and takes the next slot of its UTCB page.
 */
public final class ForkRequests {
    /** Linux clone flags as libposix passes them (§3.3). */
    public static final int CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_THREAD = 0x10000;

    private final Kernel kernel;
    private final FramePool frames;
    private final UtcbPool utcbs;
    private final ZeroPages zeroPages;
    private final Consumer<Task> register;

    public ForkRequests(Kernel kernel, FramePool frames, UtcbPool utcbs, ZeroPages zeroPages, Consumer<Task> register) {
        this.frames = frames;
        this.kernel = kernel;
        this.utcbs = utcbs;
        this.zeroPages = zeroPages;
        this.register = register;
    }

    /** FORK: the parent gets the child's tid. */
    public int fork(Task parent, IpcMessage message) {
        return copyProcess(parent, 0, 0);
    }

    /** CLONE: M2 = the child's stack (the caller put fn and arg just below it), M3 = Linux clone flags. */
    public int clone(Task parent, IpcMessage message) {
        int stack = message.mr(2), flags = message.mr(3);
        if (stack == 0) return -Errno.EINVAL;
        if ((flags & CLONE_VM) == 0) return copyProcess(parent, stack, flags);
        Tcb child = createPaid(parent, parent.thread().space());
        if (child == null) return -Errno.ENOMEM;
        TaskVm vm = parent.vm();
        int utcb = vm.allocateUtcbSlot();
        if (utcb == 0) {
            // All slots of the space's UTCB pages are in use: take another page, as mm0 does.
            int page = utcbs.allocatePage();
            if (page == 0 || !vm.add(new VmArea(page, page + 4096, czemu.kernel.memory.PagePermissions.READ_WRITE, false,
                    zeroPages, 0, "utcb"))) {
                kernel.destroy(child);
                return -Errno.ENOMEM;
            }
            vm.addUtcbPage(page);
            utcb = vm.allocateUtcbSlot();
        }
        vm.addUser();
        FileDescriptors files = shareOrCopyFiles(parent, flags);
        if ((flags & CLONE_THREAD) != 0) child.setThreadGroupId(parent.thread().threadGroupId());
        Task task = new Task(child, parent.program(), parent.symbols(), vm, files, parent.cwd(), parent.tid());
        task.setMmapBase(parent.mmapBase());
        start(task, utcb, stack);
        return child.tid();
    }

    /**
     * The child thread, in {@code space} or a new one, paid from the pager's thread (and space) pool as Codezero's
     * mm0 pays through thread_control; null when a pool or RAM is exhausted (the caller answers -ENOMEM).
     */
    private Tcb createPaid(Task parent, czemu.kernel.space.AddressSpace space) {
        Tcb pager = kernel.threads().find(parent.thread().pagerTid());
        Capabilities.Payment payment = kernel.capabilities().payForThread(pager, space == null);
        if (!payment.isOk()) return null;
        Tcb child = kernel.createThreadFrom(parent.thread(), parent.program(), space);
        if (child == null) {
            kernel.capabilities().refund(payment);
        } else {
            kernel.capabilities().paid(payment, child);
        }
        return child;
    }

    private int copyProcess(Task parent, int stack, int flags) {
        Tcb child = createPaid(parent, null);
        if (child == null) return -Errno.ENOMEM;
        int utcbPage = utcbs.allocatePage();
        if (utcbPage == 0) {
            kernel.destroy(child);
            return -Errno.ENOMEM;
        }
        TaskVm vm = new TaskVm();
        copyAreas(parent, vm);
        vm.add(new VmArea(utcbPage, utcbPage + 4096, czemu.kernel.memory.PagePermissions.READ_WRITE, false, zeroPages, 0, "utcb"));
        vm.addUtcbPage(utcbPage);
        int utcb = vm.allocateUtcbSlot();
        Task task = new Task(child, parent.program(), parent.symbols(), vm, shareOrCopyFiles(parent, flags), parent.cwd(), parent.tid());
        task.setMmapBase(parent.mmapBase());
        start(task, utcb, stack);
        return child.tid();
    }

    /**
     * For another front door (Linux fork): a child of {@code parent} in a new space with copy-on-write
     * copies of its areas (not its UTCB pages), an empty Codezero fd table and no UTCB, registered with
     * mm0 but not started. Null when the pager's pools or RAM are exhausted.
     */
    public Task forkTask(Task parent) {
        Tcb child = createPaid(parent, null);
        if (child == null) return null;
        TaskVm vm = new TaskVm();
        copyAreas(parent, vm);
        return registered(parent, child, vm);
    }

    /** As {@link #forkTask}, but the child shares the parent's space and areas (Linux CLONE_VM). */
    public Task shareTask(Task parent) {
        Tcb child = createPaid(parent, parent.thread().space());
        if (child == null) return null;
        parent.vm().addUser();
        return registered(parent, child, parent.vm());
    }

    private Task registered(Task parent, Tcb child, TaskVm vm) {
        Task task = new Task(child, parent.program(), parent.symbols(), vm, new FileDescriptors(), parent.cwd(), parent.tid());
        task.setMmapBase(parent.mmapBase());
        register.accept(task);
        return task;
    }

    private void start(Task child, int utcb, int stack) {
        Tcb thread = child.thread();
        thread.setUtcbAddress(utcb);
        thread.context.core[3] = 0; // MR0: the child sees fork()/clone() return 0
        if (stack != 0) thread.context.core[Cpu.SP] = stack;
        register.accept(child);
        kernel.start(thread);
    }

    private static FileDescriptors shareOrCopyFiles(Task parent, int flags) {
        if ((flags & CLONE_FILES) != 0) {
            parent.files().addUser();
            return parent.files();
        }
        return parent.files().copy();
    }

    /**
     * Copy-on-write copies of every area but the parent's UTCB pages (the child gets its own, §1.4;
     * a copy would also collide with the pool handing those pages out again); the parent's own pages
     * become shared, read-only, in a shadow.
     */
    private void copyAreas(Task parent, TaskVm childVm) {
        for (VmArea area : List.copyOf(parent.vm().areas())) {
            if (parent.vm().utcbPages().contains(area.start())) continue;
            if (area.shared() || area.privatePageCount() == 0) {
                area.object().retain();
                childVm.add(area.withObject(area.object()));
                continue;
            }
            Map<Integer, Integer> byObjectPage = new HashMap<>();
            area.privatePagesByAddress().forEach((page, frame) -> byObjectPage.put(area.objectPage(page), frame));
            ShadowPages shadow;
            if (area.object() instanceof ShadowPages previous && previous.soleUser()) {
                previous.absorb(byObjectPage);
                shadow = previous;
            } else {
                shadow = new ShadowPages(kernel.memory(), frames, area.object(), byObjectPage, 2);
                area.object().release(); // the parent's area now reaches it through the shadow
            }
            for (int page : area.privatePagesByAddress().keySet()) {
                kernel.map(parent.thread().space(), page, byObjectPage.get(area.objectPage(page)),
                        area.permissions().withoutWrite());
            }
            parent.vm().replace(area, area.withObject(shadow));
            childVm.add(area.withObject(shadow));
        }
    }
}
