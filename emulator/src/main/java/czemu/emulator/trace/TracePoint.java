package czemu.emulator.trace;

import czemu.loader.ElfSymbol;
import czemu.loader.SymbolTable;

/**
 * Where a trace window opens or closes (czemu run --trace-start, --trace-stop): at the first
 * instruction executed at an address (given as {@code 0x...}, or as a symbol of the program,
 * {@code main} or {@code main+0x10}), or after a number of instructions (blocks in a pc-only trace).
 */
public record TracePoint(Kind kind, long value, String text) {
    public enum Kind { ADDRESS, COUNT }

    /**
     * Reads {@code 0x40001000} (an address), {@code 5000} (a count) or {@code name[+offset]} (a
     * symbol of {@code symbols}); IllegalArgumentException names what is wrong.
     */
    public static TracePoint parse(String text, SymbolTable symbols) {
        String t = text.trim();
        if (t.isEmpty()) throw new IllegalArgumentException("an empty place: give an address (0x...), a symbol or a count");
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                long address = Long.parseLong(t.substring(2).replace("_", ""), 16);
                if (address > 0xFFFFFFFFL) throw new NumberFormatException();
                return new TracePoint(Kind.ADDRESS, address, t);
            }
            if (Character.isDigit(t.charAt(0))) return new TracePoint(Kind.COUNT, Long.parseLong(t.replace("_", "")), t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is neither a 32-bit address (0x...) nor an instruction count");
        }
        int plus = t.indexOf('+');
        String name = plus < 0 ? t : t.substring(0, plus);
        long offset = 0;
        if (plus >= 0) {
            String off = t.substring(plus + 1);
            try {
                offset = off.startsWith("0x") || off.startsWith("0X") ? Long.parseLong(off.substring(2), 16) : Long.parseLong(off);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "': the offset '" + off + "' is not a number");
            }
        }
        ElfSymbol symbol = symbols.lookup(name).orElseThrow(() ->
                new IllegalArgumentException("'" + name + "' is not a symbol of the program"));
        return new TracePoint(Kind.ADDRESS, (Integer.toUnsignedLong(symbol.address()) + offset) & 0xFFFFFFFFL, t); // Thumb bit already clear
    }

    /** The address as the engine reports a pc. */
    public int address() {
        return (int) value;
    }
}
