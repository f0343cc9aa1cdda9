package czemu.loader;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Reads an ARM ELF32 executable and checks it can become a task: its segments lie in the task
 * region, never share a page, and the entry point is in executable memory. Programs are loaded
 * from program headers; for the binaries Codezero builds this gives the same memory as mm0's
 * section-header loader (codezero-abi.md §1.5 [HLE]).
 */
public final class ElfLoader {
    private ElfLoader() {
    }

    /**
     * @param name  used in error messages and as {@link LoadImage#name()}
     * @param bytes the whole file; copied, so the caller may reuse the array
     * @throws LoaderException for anything malformed or unloadable; no other exception escapes
     */
    public static LoadImage load(String name, byte[] bytes, TaskRegion region) throws LoaderException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(region, "region");
        byte[] file = bytes.clone();
        try {
            ElfBytes f = new ElfBytes(name, file);
            ElfHeader header = ElfHeader.read(f);
            List<LoadSegment> segments = ProgramHeaders.loadSegments(f, header).stream()
                    .sorted(Comparator.comparingLong((LoadSegment s) -> Integer.toUnsignedLong(s.vaddr())))
                    .toList();
            if (segments.isEmpty()) {
                throw f.fail("no PT_LOAD segments");
            }
            checkInRegion(f, segments, region);
            checkNoSharedPages(f, segments);
            int entry = header.entry() & ~1;
            checkEntry(f, segments, entry, header.entry());
            SymbolTable symbols = SymbolReader.read(f, header);
            return new LoadImage(name, file, entry, (header.entry() & 1) != 0, segments, symbols,
                    header.osAbi(), header.flags(), ProgramHeaders.info(f, header, segments));
        } catch (RuntimeException e) {
            // Every read is bounds-checked first; this is a loader bug, but still a clean refusal.
            throw new LoaderException(name, "internal error reading the ELF file: " + e);
        }
    }

    private static void checkInRegion(ElfBytes f, List<LoadSegment> segments, TaskRegion region)
            throws LoaderException {
        for (LoadSegment s : segments) {
            if (!region.contains(s.vaddr(), s.memSize())) {
                throw f.fail(describe(s) + " lies outside the task region " + region);
            }
        }
    }

    /**
     * Segments are mapped in whole pages, so two that touch the same page would overwrite each
     * other's bytes or protections (mm0 likewise refuses text and data sharing a page, §1.5).
     */
    private static void checkNoSharedPages(ElfBytes f, List<LoadSegment> byVaddr) throws LoaderException {
        LoadSegment reach = null; // the earlier segment whose pages reach highest
        for (LoadSegment s : byVaddr) {
            if (reach != null && Integer.compareUnsigned(s.filePagesStart(), reach.anonymousEnd()) < 0) {
                throw f.fail(describe(s) + " overlaps segment " + reach.index());
            }
            if (reach == null || Integer.compareUnsigned(s.anonymousEnd(), reach.anonymousEnd()) > 0) {
                reach = s;
            }
        }
    }

    private static void checkEntry(ElfBytes f, List<LoadSegment> segments, int entry, int rawEntry)
            throws LoaderException {
        for (LoadSegment s : segments) {
            long offset = Integer.toUnsignedLong(entry) - Integer.toUnsignedLong(s.vaddr());
            if (s.executable() && offset >= 0 && offset < Integer.toUnsignedLong(s.memSize())) {
                return;
            }
        }
        throw f.fail(String.format("entry point 0x%x is not inside an executable segment", rawEntry));
    }

    private static String describe(LoadSegment s) {
        return String.format("segment %d [0x%x+0x%x]", s.index(), s.vaddr(), s.memSize());
    }
}
