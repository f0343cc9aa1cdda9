package czemu.pager.task;

import czemu.kernel.thread.Tcb;
import czemu.loader.SymbolTable;
import czemu.pager.fs.Directory;
import czemu.pager.fs.FileDescriptors;
import czemu.pager.vm.TaskVm;

/** mm0's view of a task: its thread, program, vm_areas, open files and current directory. */
public final class Task {
    private final Tcb thread;
    private final String program;
    private final SymbolTable symbols;
    private TaskVm vm;
    private FileDescriptors files;
    private Directory cwd;
    private final int parentTid;
    private int mmapBase = 0x40000000;

    public Task(Tcb thread, String program, SymbolTable symbols, Directory cwd) {
        this(thread, program, symbols, new TaskVm(), new FileDescriptors(), cwd, 0);
    }

    /** A task whose vm and fd table may be shared with others (clone) or be copies (fork). */
    public Task(Tcb thread, String program, SymbolTable symbols, TaskVm vm, FileDescriptors files, Directory cwd, int parentTid) {
        this.thread = thread;
        this.program = program;
        this.symbols = symbols;
        this.vm = vm;
        this.files = files;
        this.cwd = cwd;
        this.parentTid = parentTid;
    }

    public int parentTid() { return parentTid; }

    /** Where private mmaps start looking for room: the page after the program image. */
    public int mmapBase() { return mmapBase; }
    public void setMmapBase(int address) { mmapBase = address; }

    public Tcb thread() { return thread; }
    public int tid() { return thread.tid(); }
    public String program() { return program; }
    public SymbolTable symbols() { return symbols; }
    public TaskVm vm() { return vm; }
    public FileDescriptors files() { return files; }
    public Directory cwd() { return cwd; }
    public void setCwd(Directory cwd) { this.cwd = cwd; }

    /** An address with the symbol it falls in, for reports: {@code 0x40000124 <main+0x20>}. */
    public String describe(int address) {
        String symbol = symbols.describe(address);
        String hex = String.format("0x%08x", address);
        return symbol.startsWith("0x") ? hex : hex + " <" + symbol + ">";
    }

    @Override
    public String toString() {
        return "task " + tid() + " (" + program + ")";
    }
}
