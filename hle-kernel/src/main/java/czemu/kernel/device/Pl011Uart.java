package czemu.kernel.device;

/**
 * The PL011 UART guests print through (codezero-abi.md §1.7): a write to DR sends its low byte to
 * the console; FR always reads "transmit FIFO empty, receive FIFO empty", so a guest never waits.
 * Control registers keep what was written; the identification registers read as a real PL011's.
 */
public final class Pl011Uart implements Device {
    private static final int DR = 0x00, FR = 0x18;
    private static final int FR_RXFE = 1 << 4, FR_TXFE = 1 << 7;
    private static final int[] PERIPHERAL_AND_CELL_ID = {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

    private final ConsoleSink console;
    private final int[] registers = new int[0x1000 / 4];

    public Pl011Uart(ConsoleSink console) {
        this.console = console;
    }

    @Override
    public int read(int offset, int size) {
        int word = offset & ~3;
        if (word == FR) return FR_TXFE | FR_RXFE;
        if (word == DR) return 0; // no input
        if (word >= 0xFE0) return PERIPHERAL_AND_CELL_ID[(word - 0xFE0) / 4];
        return registers[word / 4] >>> ((offset & 3) * 8);
    }

    @Override
    public void write(int offset, int value, int size) {
        int word = offset & ~3;
        if (word == DR) {
            console.write(value & 0xFF);
            return;
        }
        registers[word / 4] = value;
    }
}
