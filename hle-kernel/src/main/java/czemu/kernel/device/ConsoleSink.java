package czemu.kernel.device;

/** Where the bytes a guest writes to its console UART go. */
@FunctionalInterface
public interface ConsoleSink {
    void write(int b);
}
