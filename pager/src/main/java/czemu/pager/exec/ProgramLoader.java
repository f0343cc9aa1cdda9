package czemu.pager.exec;

import czemu.kernel.Capabilities;
import czemu.kernel.Kernel;
import czemu.kernel.abi.Errno;
import czemu.kernel.arch.Cpu;
import czemu.kernel.container.Container;
import czemu.kernel.memory.PagePermissions;
import czemu.kernel.thread.Tcb;
import czemu.loader.ElfLoader;
import czemu.loader.LoadImage;
import czemu.loader.LoadSegment;
import czemu.loader.LoaderException;
import czemu.loader.TaskRegion;
import czemu.pager.fs.MemFs;
import czemu.pager.fs.RegularFile;
import czemu.pager.task.Task;
import czemu.pager.vm.FilePages;
import czemu.pager.vm.VmArea;
import czemu.pager.vm.VmObject;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sets a task up the way mm0 does (codezero-abi.md §1.5, §1.6): vm_areas for the ELF segments, bss,
 * a 32 KiB stack below 0x80000000 and a UTCB page; the tail of the last data page zeroed in place
 * and the argument block written — both through the fault path, so the pager's own writes make
 * pages private like any other write; then the registers a fresh thread starts with.
 */
public final class ProgramLoader {
    public static final int STACK_TOP = 0x80000000;
    public static final int STACK_SIZE = 32 * 1024;

    private final Kernel kernel;
    private final MemFs fs;
    private final UtcbPool utcbs;
    private final Function<RegularFile, FilePages> pageCache;
    private final VmObject zeroPages;

    public ProgramLoader(Kernel kernel, MemFs fs, UtcbPool utcbs, Function<RegularFile, FilePages> pageCache, VmObject zeroPages) {
        this.kernel = kernel;
        this.fs = fs;
        this.utcbs = utcbs;
        this.pageCache = pageCache;
        this.zeroPages = zeroPages;
    }

    /** A program found in memfs and accepted by the loader, before anything is changed. */
    public record Program(String path, RegularFile file, LoadImage image) {}

    /** Finds and parses {@code path}: -ENOENT if it is missing, -ENOEXEC if it is not a program we can run. */
    public Program prepare(String path) throws ExecException {
        MemFs.Lookup found = fs.lookup(fs.root(), path);
        if (found.error() != 0) throw new ExecException(found.error(), path + ": no such file");
        if (!(found.node() instanceof RegularFile file)) throw new ExecException(-Errno.ENOEXEC, path + ": not a regular file");
        try {
            return new Program(path, file, ElfLoader.load(path, file.content(), TaskRegion.CODEZERO_POSIX));
        } catch (LoaderException e) {
            throw new ExecException(-Errno.ENOEXEC, e.getMessage());
        }
    }

    /**
     * A new inactive task running {@code path} (mm0's init_execve). {@code register} is called as
     * soon as the task exists, before its memory is written, so the faults that writing causes find it.
     */
    public Task load(Container container, int pagerTid, String path, List<String> argv, List<String> envp,
                     Consumer<Task> register) throws ExecException {
        Program program = prepare(path);
        Tcb thread = createPaidThread(container, pagerTid, path);
        Task task = new Task(thread, path, program.image().symbols(), fs.root());
        register.accept(task);
        populate(task, program, argv, envp, false);
        return task;
    }

    /**
     * An inactive thread in a new space for a program at {@code path}, paged by {@code pagerTid} and paid
     * from its thread and space pools as Codezero's mm0 pays through thread_control.
     */
    public Tcb createPaidThread(Container container, int pagerTid, String path) throws ExecException {
        Tcb pager = kernel.threads().find(pagerTid);
        Capabilities.Payment payment = kernel.capabilities().payForThread(pager, true);
        if (!payment.isOk()) throw new ExecException(-Errno.ENOMEM, path + ": the pager's thread or space pool is exhausted");
        Tcb thread = kernel.createThreadInNewSpace(container, path);
        if (thread == null) {
            kernel.capabilities().refund(payment);
            throw new ExecException(-Errno.ENOMEM, path + ": no memory for a new address space");
        }
        kernel.capabilities().paid(payment, thread);
        thread.setPagerTid(pagerTid);
        return thread;
    }

    /**
     * execve into a thread whose old image is gone: a fresh space and task under the same thread id,
     * set up like a new one but with the exec formula for the argument block.
     */
    public Task reload(Task old, Program program, List<String> argv, List<String> envp, Consumer<Task> register) throws ExecException {
        Tcb thread = old.thread();
        replaceSpacePaid(thread, program.path());
        Task task = new Task(thread, program.path(), program.image().symbols(), new czemu.pager.vm.TaskVm(),
                new czemu.pager.fs.FileDescriptors(), old.cwd(), old.parentTid());
        register.accept(task);
        populate(task, program, argv, envp, true);
        return task;
    }

    /** execve's fresh, empty space for {@code thread} (same thread id), paid from its pager's space pool. */
    public void replaceSpacePaid(Tcb thread, String path) throws ExecException {
        Capabilities.Payment payment = kernel.capabilities().payForSpace(kernel.threads().find(thread.pagerTid()));
        if (!payment.isOk()) throw new ExecException(-Errno.ENOMEM, path + ": the pager's space pool is exhausted");
        if (kernel.replaceSpace(thread) == null) {
            kernel.capabilities().refund(payment);
            throw new ExecException(-Errno.ENOMEM, path + ": no memory for a new address space");
        }
        kernel.capabilities().paid(payment, thread);
        thread.setName(path);
    }

    private void populate(Task task, Program program, List<String> argv, List<String> envp, boolean forExec) throws ExecException {
        Tcb thread = task.thread();
        LoadImage image = program.image();
        String path = program.path();
        task.setMmapBase(image.imageEnd());
        mapSegments(task, image, pageCache.apply(program.file()), true);
        addArea(task, new VmArea(STACK_TOP - STACK_SIZE, STACK_TOP, PagePermissions.READ_WRITE, false, zeroPages, 0, "stack"));
        int utcb = utcbs.allocatePage();
        if (utcb == 0) throw new ExecException(-Errno.ENOMEM, path + ": no free UTCB page");
        addArea(task, new VmArea(utcb, utcb + 4096, PagePermissions.READ_WRITE, false, zeroPages, 0, "utcb"));
        task.vm().addUtcbPage(utcb);
        thread.setUtcbAddress(task.vm().allocateUtcbSlot()); // slot 0 of the space's UTCB page

        zeroBssTails(thread, image, path);
        ArgumentBlock arguments = ArgumentBlock.layout(STACK_TOP, argv, envp, forExec);
        writeUser(thread, arguments.start(), arguments.bytes(), path);

        startRegisters(thread, image, arguments.start());
    }

    /** The registers a fresh program starts with: all zero but SP, PC at the entry and CPSR user mode (Thumb if the entry says so). */
    public static void startRegisters(Tcb thread, LoadImage image, int sp) {
        int[] core = thread.context.core;
        java.util.Arrays.fill(core, 0);
        core[Cpu.SP] = sp;
        core[Cpu.PC] = image.entry();
        core[Cpu.CPSR] = Cpu.CPSR_MODE_USER | (image.entryIsThumb() ? Cpu.CPSR_THUMB : 0);
        java.util.Arrays.fill(thread.context.vfp, 0);
        thread.context.fpscr = 0;
        thread.context.threadIdRegister = 0;
    }

    /** Zeroes the bss bytes that share the last file page of each segment, through the fault path. */
    public void zeroBssTails(Tcb thread, LoadImage image, String path) throws ExecException {
        for (LoadSegment segment : image.segments()) {
            int length = segment.zeroInPlaceEnd() - segment.zeroInPlaceStart();
            if (length > 0) writeUser(thread, segment.zeroInPlaceStart(), new byte[length], path);
        }
    }

    /**
     * File pages of each PT_LOAD segment map the file's page cache privately; the bss pages past the
     * last file page are anonymous from the next page boundary. With {@code textWritable} text is
     * writable (private, copy-on-write) as mm0 maps it; otherwise each segment gets exactly its flags.
     */
    public void mapSegments(Task task, LoadImage image, FilePages file, boolean textWritable) throws ExecException {
        for (LoadSegment segment : image.segments()) {
            PagePermissions permissions = segment.executable() && textWritable ? PagePermissions.ALL
                    : new PagePermissions(segment.readable(), segment.writable(), segment.executable());
            String label = "segment " + segment.index();
            if (segment.filePagesEnd() != segment.filePagesStart()) {
                if ((segment.filePagesOffset() & 0xFFF) != 0 || segment.filePagesOffset() < 0) {
                    throw new ExecException(-Errno.ENOEXEC, task.program() + ": " + label
                            + " is not page-aligned in the file (its offset and address differ modulo 4096)");
                }
                addArea(task, new VmArea(segment.filePagesStart(), segment.filePagesEnd(), permissions, false, file,
                        (int) (segment.filePagesOffset() >>> 12), label));
            }
            if (segment.hasAnonymousPages()) {
                addArea(task, new VmArea(segment.anonymousStart(), segment.anonymousEnd(), permissions, false, zeroPages, 0,
                        label + " bss"));
            }
        }
    }

    /** Adds an area to a task being set up; one that overlaps another makes the program unloadable. */
    public static void addArea(Task task, VmArea area) throws ExecException {
        if (!task.vm().add(area)) {
            throw new ExecException(-Errno.ENOEXEC, task.program() + ": " + area + " overlaps another area");
        }
    }

    /** Writes a new task's memory through the fault path; -ENOMEM when the pager cannot provide the pages. */
    public void writeUser(Tcb thread, int address, byte[] bytes, String path) throws ExecException {
        if (!kernel.userMemory().write(thread, address, bytes, 0, bytes.length)) {
            throw new ExecException(-Errno.ENOMEM, path + ": cannot write the new task's memory at 0x" + Integer.toHexString(address));
        }
    }
}
