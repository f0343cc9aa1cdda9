package czemu.pager.exec;

/** A program could not be started: the errno the caller gets and a one-line reason. */
public final class ExecException extends Exception {
    private final int errno;

    public ExecException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** Negative, as the EXECVE reply carries it. */
    public int errno() {
        return errno;
    }
}
