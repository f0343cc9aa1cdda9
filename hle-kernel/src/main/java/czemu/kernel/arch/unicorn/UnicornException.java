package czemu.kernel.arch.unicorn;

/** A Unicorn call failed; the message names the call and Unicorn's reason. */
public final class UnicornException extends RuntimeException {
    public UnicornException(String message) {
        super(message);
    }
}
