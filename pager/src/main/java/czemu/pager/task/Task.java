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
    private final TaskVm vm = new TaskVm();
    private final FileDescriptors files = new FileDescriptors();
    private Directory cwd;

    public Task(Tcb thread, String program, SymbolTable symbols, Directory cwd) {
        this.thread = thread;
        this.program = program;
        this.symbols = symbols;
        this.cwd = cwd;
    }

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
