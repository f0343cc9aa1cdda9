package czemu.emulator.trace;

/**
 * An executed instruction (or, in a block trace, the first instruction of an executed block).
 *
 * @param encoding     the instruction as fetched: an ARM word, a 16-bit Thumb halfword, or a 32-bit
 *                     Thumb instruction with its first halfword in the high half
 * @param encodingSize 4 or 2 bytes, or 0 when the source did not record the encoding (QEMU)
 * @param writes       the registers it changed, or null when the trace records only pcs
 */
public record Instruction(long index, int thread, int pc, boolean thumb, int encoding, int encodingSize,
        RegisterWrites writes) implements TraceRecord {

    public Instruction {
        if (encodingSize != 0 && encodingSize != 2 && encodingSize != 4) {
            throw new IllegalArgumentException("encoding size " + encodingSize);
        }
    }

    public boolean hasEncoding() {
        return encodingSize != 0;
    }

    public boolean registersRecorded() {
        return writes != null;
    }

    /** The same instruction at another index, with other writes (used when filters fold skipped code in). */
    public Instruction with(long newIndex, RegisterWrites newWrites) {
        return new Instruction(newIndex, thread, pc, thumb, encoding, encodingSize, newWrites);
    }

    /** The encoding as a trace writes it: 8 or 4 hex digits, or {@code -} when unknown. */
    public String encodingText() {
        return switch (encodingSize) {
            case 4 -> String.format("%08x", encoding);
            case 2 -> String.format("%04x", encoding & 0xFFFF);
            default -> "-";
        };
    }
}
