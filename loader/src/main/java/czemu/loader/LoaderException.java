package czemu.loader;

/**
 * An ELF file czemu refuses to load. The message is one line, {@code <file>: <problem>}, so the
 * command line can print it as {@code czemu: error: <message>} (STYLE.md, "Errors name the thing
 * and the reason").
 */
public final class LoaderException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String problem;

    public LoaderException(String file, String problem) {
        super(file + ": " + oneLine(problem));
        this.file = file;
        this.problem = oneLine(problem);
    }

    /** The name the file was loaded under. */
    public String file() {
        return file;
    }

    /** The message without the file name. */
    public String problem() {
        return problem;
    }

    // Wrapped exception texts may carry newlines; a report line must stay one line.
    private static String oneLine(String s) {
        return String.valueOf(s).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
