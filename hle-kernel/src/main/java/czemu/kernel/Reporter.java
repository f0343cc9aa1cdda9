package czemu.kernel;

/** Where the kernel and the pager say what went wrong with a guest (one line each, no stack traces). */
@FunctionalInterface
public interface Reporter {
    void report(String line);
}
