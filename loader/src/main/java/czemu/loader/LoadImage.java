package czemu.loader;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** A validated ELF executable: what the pager needs to build a task's address space. */
public final class LoadImage {

    private final String name;
    private final byte[] bytes;
    private final int entry;
    private final boolean entryIsThumb;
    private final List<LoadSegment> segments;
    private final SymbolTable symbols;
    private final int osAbi;
    private final int flags;
    private final ProgramInfo programInfo;

    /** Normally made by {@link ElfLoader#load}; public so other modules' tests can build one. */
    public LoadImage(String name, byte[] bytes, int entry, boolean entryIsThumb, List<LoadSegment> segments,
                     SymbolTable symbols, int osAbi, int flags) {
        this(name, bytes, entry, entryIsThumb, segments, symbols, osAbi, flags, ProgramInfo.NONE);
    }

    /** As above, with what the program headers say beyond the segments. */
    public LoadImage(String name, byte[] bytes, int entry, boolean entryIsThumb, List<LoadSegment> segments,
                     SymbolTable symbols, int osAbi, int flags, ProgramInfo programInfo) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.entry = entry;
        this.entryIsThumb = entryIsThumb;
        this.segments = segments.stream()
                .sorted(Comparator.comparingLong(s -> Integer.toUnsignedLong(s.vaddr())))
                .toList();
        this.symbols = Objects.requireNonNull(symbols, "symbols");
        this.osAbi = osAbi;
        this.flags = flags;
        this.programInfo = Objects.requireNonNull(programInfo, "programInfo");
    }

    /** The program header table's address, the GNU ABI note and PT_INTERP (a Linux process start needs them). */
    public ProgramInfo programInfo() {
        return programInfo;
    }

    public String name() {
        return name;
    }

    /** The whole ELF file. Shared, not copied: callers must not modify it. */
    public byte[] bytes() {
        return bytes;
    }

    /** The entry address with the Thumb bit cleared. */
    public int entry() {
        return entry;
    }

    /** Whether e_entry had its low bit set: start in Thumb state (AAELF, "ELF header"). */
    public boolean entryIsThumb() {
        return entryIsThumb;
    }

    /** The non-empty PT_LOAD segments, sorted by vaddr. */
    public List<LoadSegment> segments() {
        return segments;
    }

    public SymbolTable symbols() {
        return symbols;
    }

    /** page-up of the end of the highest segment: where the first mmap above the image may start. */
    public int imageEnd() {
        return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).anonymousEnd();
    }

    /** e_ident[EI_OSABI]: 0 for System V / bare EABI, 3 for GNU/Linux. A hint for the front door. */
    public int osAbi() {
        return osAbi;
    }

    /** e_flags; for ARM bits 24–31 carry the EABI version (5 for today's toolchains). */
    public int flags() {
        return flags;
    }

    /** The ARM EABI version in e_flags (AAELF: EF_ARM_EABIMASK, bits 24–31); 0 for a pre-EABI (GNU/OABI) file. */
    public int eabiVersion() {
        return flags >>> 24;
    }

    @Override
    public String toString() {
        return String.format("%s: entry 0x%x%s, %d segments, %d symbols", name, entry,
                entryIsThumb ? " (Thumb)" : "", segments.size(), symbols.all().size());
    }
}
