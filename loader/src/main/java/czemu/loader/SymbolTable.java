package czemu.loader;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** The symbols of a loaded image, for lookups by name and for naming addresses in traces. */
public final class SymbolTable {

    private static final SymbolTable EMPTY = new SymbolTable(List.of());

    private final List<ElfSymbol> all;
    private final Map<String, ElfSymbol> byName = new HashMap<>();
    // Keyed by unsigned address so the high half of the address space sorts last.
    private final NavigableMap<Long, ElfSymbol> sized = new TreeMap<>();
    private final NavigableMap<Long, ElfSymbol> functions = new TreeMap<>();

    /**
     * @param symbols in order of preference: when two symbols share a name, or two sized symbols
     *                (or two functions) share an address, the earlier one wins.
     */
    public SymbolTable(List<ElfSymbol> symbols) {
        for (ElfSymbol s : symbols) {
            byName.putIfAbsent(s.name(), s);
            Long key = Integer.toUnsignedLong(s.address());
            if (s.size() != 0) {
                sized.putIfAbsent(key, s);
            }
            if (s.function()) {
                functions.putIfAbsent(key, s);
            }
        }
        all = symbols.stream()
                .sorted(Comparator.comparingLong((ElfSymbol s) -> Integer.toUnsignedLong(s.address()))
                        .thenComparing(ElfSymbol::name))
                .toList();
    }

    public static SymbolTable empty() {
        return EMPTY;
    }

    /** Every symbol, sorted by address then name. */
    public List<ElfSymbol> all() {
        return all;
    }

    public Optional<ElfSymbol> lookup(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The sized symbol starting closest below or at {@code address} if its
     * {@code [address, address + size)} contains it; otherwise the nearest function symbol at or
     * below it (code past the end of a sized function, or in an unsized assembly routine).
     */
    public Optional<ElfSymbol> containing(int address) {
        long key = Integer.toUnsignedLong(address);
        Map.Entry<Long, ElfSymbol> hit = sized.floorEntry(key);
        if (hit != null && hit.getValue().covers(address)) {
            return Optional.of(hit.getValue());
        }
        // An unsized label (assembly such as _start) covers what follows it, but only nearby: a sized
        // function never describes an address past its end, and a wild pc gets a plain address.
        return Optional.ofNullable(functions.floorEntry(key)).map(Map.Entry::getValue)
                .filter(label -> label.size() == 0 && key - Integer.toUnsignedLong(label.address()) < UNSIZED_LABEL_REACH);
    }

    /** How far past an unsized label an address is still described relative to it. */
    static final long UNSIZED_LABEL_REACH = 4096;

    /** {@code main+0x1c}, {@code main} at its first byte, or {@code 0x40001234} when no symbol applies. */
    public String describe(int address) {
        return containing(address).map(s -> {
            int offset = address - s.address();
            return offset == 0 ? s.name() : s.name() + "+0x" + Integer.toHexString(offset);
        }).orElseGet(() -> String.format("0x%08x", address));
    }
}
