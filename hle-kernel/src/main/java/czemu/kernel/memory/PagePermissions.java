package czemu.kernel.memory;

/**
 * What user mode may do with one page. {@link #NONE} maps a page user mode cannot touch at all, which
 * is how device pages trap into the kernel (trap-and-emulate, DESIGN.md §2).
 */
public record PagePermissions(boolean read, boolean write, boolean execute) {
    public static final PagePermissions NONE = new PagePermissions(false, false, false);
    public static final PagePermissions READ_ONLY = new PagePermissions(true, false, false);
    public static final PagePermissions READ_EXECUTE = new PagePermissions(true, false, true);
    public static final PagePermissions READ_WRITE = new PagePermissions(true, true, false);
    public static final PagePermissions ALL = new PagePermissions(true, true, true);

    public PagePermissions withoutWrite() {
        return new PagePermissions(read, false, execute);
    }

    @Override
    public String toString() {
        return (read ? "r" : "-") + (write ? "w" : "-") + (execute ? "x" : "-");
    }
}
