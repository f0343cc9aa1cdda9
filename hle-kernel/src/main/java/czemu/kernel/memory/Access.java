package czemu.kernel.memory;

/** The kind of access that faulted or is being checked. */
public enum Access {
    READ, WRITE, EXECUTE;

    public String describe() {
        return name().toLowerCase();
    }
}
