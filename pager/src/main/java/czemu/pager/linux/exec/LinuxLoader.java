package czemu.pager.linux.exec;

import czemu.kernel.container.Container;
import czemu.kernel.memory.PagePermissions;
import czemu.kernel.thread.Tcb;
import czemu.loader.ElfLoader;
import czemu.loader.LoadImage;
import czemu.loader.LoadSegment;
import czemu.loader.LoaderException;
import czemu.loader.ProgramInfo;
import czemu.loader.TaskRegion;
import czemu.pager.exec.ExecException;
import czemu.pager.exec.ProgramLoader;
import czemu.pager.fs.Directory;
import czemu.pager.fs.FileDescriptors;
import czemu.pager.fs.MemFs;
import czemu.pager.fs.RegularFile;
import czemu.pager.linux.GuestRandom;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.fs.PathResolver;
import czemu.pager.linux.memory.LinuxLayout;
import czemu.pager.task.Task;
import czemu.pager.vm.FilePages;
import czemu.pager.vm.TaskVm;
import czemu.pager.vm.VmArea;
import czemu.pager.vm.VmObject;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sets up a Linux process image (the kernel's binfmt_elf, for static programs): each PT_LOAD segment
 * with exactly its permissions (text is not writable, unlike mm0's Codezero tasks), bss from the
 * next page, the 8 MiB stack, the kuser helper page, and the initial stack with argc, argv, envp and
 * the auxiliary vector; then the registers: SP, PC at the entry (Thumb if its low bit is set), r0 0.
 * The segment mapping and the paid thread and space are mm0's own ({@link ProgramLoader}).
 */
public final class LinuxLoader {
    /** AT_PLATFORM: what Linux reports for an ARMv7 CPU in little-endian mode. */
    static final String PLATFORM = "v7l";
    /**
     * What the emulated CPU (Unicorn's Cortex-A15, QEMU's model) offers: the bits qemu-arm reports for
     * {@code -cpu cortex-a15}, so a program takes the same paths under both (ThumbEE included: the
     * model has its registers).
     */
    static final int HWCAP = LinuxAbi.HWCAP_SWP | LinuxAbi.HWCAP_HALF | LinuxAbi.HWCAP_THUMB | LinuxAbi.HWCAP_FAST_MULT
            | LinuxAbi.HWCAP_VFP | LinuxAbi.HWCAP_EDSP | LinuxAbi.HWCAP_THUMBEE | LinuxAbi.HWCAP_NEON | LinuxAbi.HWCAP_VFPv3 | LinuxAbi.HWCAP_TLS
            | LinuxAbi.HWCAP_VFPv4 | LinuxAbi.HWCAP_IDIVA | LinuxAbi.HWCAP_IDIVT | LinuxAbi.HWCAP_VFPD32 | LinuxAbi.HWCAP_LPAE;

    /** A program found and accepted, before anything changes: its absolute path, file and image. */
    public record Image(String path, RegularFile file, LoadImage image) {}

    private final ProgramLoader programs;
    private final MemFs fs;
    private final Function<RegularFile, FilePages> pageCache;
    private final VmObject zeroPages;
    private final KuserHelpers kuser;
    /** AT_RANDOM's bytes (they seed glibc's stack guard, not anything secret). */
    private final GuestRandom random;

    public LinuxLoader(ProgramLoader programs, MemFs fs, Function<RegularFile, FilePages> pageCache, VmObject zeroPages,
                       KuserHelpers kuser, GuestRandom random) {
        this.programs = programs;
        this.fs = fs;
        this.pageCache = pageCache;
        this.zeroPages = zeroPages;
        this.kuser = kuser;
        this.random = random;
    }

    /** Finds and checks {@code path}: -ENOENT, -EACCES (a directory), -ENOEXEC (not a static ARM program). */
    public Image prepare(Directory cwd, String path) throws ExecException {
        MemFs.Lookup found = fs.lookup(cwd, path);
        if (found.error() != 0) throw new ExecException(found.error(), path + ": no such file");
        if (!(found.node() instanceof RegularFile file)) throw new ExecException(-LinuxAbi.EACCES, path + ": not a regular file");
        LoadImage image;
        try {
            image = ElfLoader.load(path, file.content(), TaskRegion.LINUX);
        } catch (LoaderException e) {
            throw new ExecException(-LinuxAbi.ENOEXEC, e.getMessage());
        }
        ProgramInfo info = image.programInfo();
        if (info.dynamic()) {
            throw new ExecException(-LinuxAbi.ENOEXEC, path + ": dynamically linked (interpreter " + info.interpreter()
                    + "); czemu runs statically linked programs only (build with -static)");
        }
        return new Image(PathResolver.absolute(cwd, path), file, image);
    }

    /**
     * A new task running {@code image} in a new space; {@code execfn} is the name it was started by
     * (AT_EXECFN); {@code register} makes it known to mm0 before its memory is written.
     */
    public Task start(Container container, int pagerTid, Image image, String execfn, List<String> argv, List<String> envp,
                      Consumer<Task> register) throws ExecException {
        Tcb thread = programs.createPaidThread(container, pagerTid, image.path());
        Task task = new Task(thread, image.path(), image.image().symbols(), fs.root());
        register.accept(task);
        populate(task, image, execfn, argv, envp);
        return task;
    }

    /**
     * execve: the same thread in a fresh space, running {@code image}, named {@code execfn} by the
     * caller; the old task's memory was released by the caller.
     */
    public Task replace(Task old, Image image, String execfn, List<String> argv, List<String> envp, Consumer<Task> register) throws ExecException {
        Tcb thread = old.thread();
        programs.replaceSpacePaid(thread, image.path());
        Task task = new Task(thread, image.path(), image.image().symbols(), new TaskVm(), new FileDescriptors(), old.cwd(),
                old.parentTid());
        register.accept(task);
        populate(task, image, execfn, argv, envp);
        return task;
    }

    /** Where the program break starts: the page after the image. */
    public static int breakStart(Image image) {
        return image.image().imageEnd();
    }

    private void populate(Task task, Image program, String execfn, List<String> argv, List<String> envp) throws ExecException {
        Tcb thread = task.thread();
        LoadImage image = program.image();
        programs.mapSegments(task, image, pageCache.apply(program.file()), false);
        ProgramLoader.addArea(task, new VmArea(LinuxLayout.STACK_BOTTOM, LinuxLayout.STACK_TOP, PagePermissions.READ_WRITE,
                false, zeroPages, 0, "stack"));
        ProgramLoader.addArea(task, new VmArea(LinuxLayout.KUSER_PAGE, LinuxLayout.KUSER_PAGE + LinuxAbi.PAGE_SIZE,
                PagePermissions.READ_EXECUTE, true, kuser, 0, "kuser helpers"));
        programs.zeroBssTails(thread, image, program.path());

        byte[] randomBytes = new byte[16];
        random.nextBytes(randomBytes);
        ProgramInfo info = image.programInfo();
        // The order qemu-arm gives them (see InitialStack); the three addresses are filled in by build.
        InitialStack stack = new InitialStack(argv, envp, PLATFORM, execfn, randomBytes)
                .auxiliary(LinuxAbi.AT_PHDR, info.headersAddress())
                .auxiliary(LinuxAbi.AT_PHENT, info.headerSize())
                .auxiliary(LinuxAbi.AT_PHNUM, info.headerCount())
                .auxiliary(LinuxAbi.AT_PAGESZ, LinuxAbi.PAGE_SIZE)
                .auxiliary(LinuxAbi.AT_BASE, 0)
                .auxiliary(LinuxAbi.AT_FLAGS, 0)
                .auxiliary(LinuxAbi.AT_ENTRY, image.entry() | (image.entryIsThumb() ? 1 : 0))
                .auxiliary(LinuxAbi.AT_UID, 0)
                .auxiliary(LinuxAbi.AT_EUID, 0)
                .auxiliary(LinuxAbi.AT_GID, 0)
                .auxiliary(LinuxAbi.AT_EGID, 0)
                .auxiliary(LinuxAbi.AT_HWCAP, HWCAP)
                .auxiliary(LinuxAbi.AT_CLKTCK, LinuxAbi.CLOCK_TICKS_PER_SECOND)
                .auxiliary(LinuxAbi.AT_RANDOM, 0)
                .auxiliary(LinuxAbi.AT_SECURE, 0)
                .auxiliary(LinuxAbi.AT_EXECFN, 0)
                .auxiliary(LinuxAbi.AT_HWCAP2, 0)
                .auxiliary(LinuxAbi.AT_PLATFORM, 0);
        InitialStack.Block block = stack.build(LinuxLayout.STACK_TOP);
        if (LinuxLayout.STACK_TOP - block.sp() > LinuxLayout.STACK_SIZE / 4) {
            throw new ExecException(-LinuxAbi.E2BIG, program.path() + ": the arguments and environment take more than 2 MiB");
        }
        programs.writeUser(thread, block.sp(), block.bytes(), program.path());

        ProgramLoader.startRegisters(thread, image, block.sp()); // r0 0: no exit handler from a dynamic linker
        entryRegistersAsQemu(thread, image, block);
    }

    /**
     * Linux starts a program with every register but SP and PC zero; qemu-arm leaves r1 and r2 the
     * words at SP+4 and SP+8 (argv[0] and argv[1] or NULL) and r10 the start of the data. No program
     * may read them (the ABI defines only SP and r0), but a program saves them (r10 is callee-saved)
     * and restores them later, so czemu starts with qemu-arm's values: then its traces compare equal
     * with qemu-arm's from the first instruction to the last (docs/traces.md).
     */
    private static void entryRegistersAsQemu(Tcb thread, LoadImage image, InitialStack.Block block) {
        java.nio.ByteBuffer words = java.nio.ByteBuffer.wrap(block.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int[] core = thread.context.core;
        core[1] = words.getInt(4);
        core[2] = words.getInt(8);
        core[10] = image.segments().stream().filter(LoadSegment::writable).mapToInt(LoadSegment::vaddr)
                .reduce((a, b) -> Integer.compareUnsigned(a, b) <= 0 ? a : b).orElse(0);
    }
}
