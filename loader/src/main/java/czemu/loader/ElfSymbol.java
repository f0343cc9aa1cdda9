package czemu.loader;

import java.util.Objects;

/**
 * A named address from the ELF symbol table. For an ARM function symbol the low bit of the value
 * says Thumb (AAELF, "Symbol values"); {@code address} has that bit cleared and {@code thumb} keeps it.
 * {@code function} is true for STT_FUNC symbols and for untyped labels in executable sections
 * (assembly entry points such as {@code _start} are often untyped).
 */
public record ElfSymbol(String name, int address, int size, boolean function, boolean thumb) {

    public ElfSymbol {
        Objects.requireNonNull(name, "name");
    }

    /** Whether {@code [address, address + size)} contains {@code a} (all unsigned). */
    public boolean covers(int a) {
        long offset = Integer.toUnsignedLong(a) - Integer.toUnsignedLong(address);
        return offset >= 0 && offset < Integer.toUnsignedLong(size);
    }

    @Override
    public String toString() {
        return String.format("%s@0x%x+0x%x%s", name, address, size, function ? (thumb ? " (Thumb function)" : " (function)") : "");
    }
}
