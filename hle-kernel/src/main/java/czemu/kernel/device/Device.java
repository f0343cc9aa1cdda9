package czemu.kernel.device;

/** A memory-mapped device page, reached by trap-and-emulate (DESIGN.md §2). Offsets are within its page. */
public interface Device {
    int read(int offset, int size);

    void write(int offset, int value, int size);
}
