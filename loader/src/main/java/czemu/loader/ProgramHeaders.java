package czemu.loader;

import static czemu.loader.Elf32.*;

import java.util.ArrayList;
import java.util.List;

/** Reads the PT_LOAD entries of the program header table, each checked on its own. */
final class ProgramHeaders {
    private ProgramHeaders() {
    }

    /** The non-empty PT_LOAD segments in table order; empty if there are none. */
    static List<LoadSegment> loadSegments(ElfBytes f, ElfHeader h) throws LoaderException {
        List<LoadSegment> segments = new ArrayList<>();
        if (h.phnum() == 0) {
            return segments;
        }
        if (h.phentsize() != PHDR_SIZE) {
            throw f.fail(String.format("program header entry size 0x%x, expected 0x%x", h.phentsize(), PHDR_SIZE));
        }
        f.require("program headers end", h.phoff(), (long) h.phnum() * PHDR_SIZE);
        for (int i = 0; i < h.phnum(); i++) {
            long ph = h.phoff() + (long) i * PHDR_SIZE;
            if (f.u32(ph) != PT_LOAD) {
                continue;
            }
            long offset = f.u32Unsigned(ph + 4);
            int vaddr = f.u32(ph + 8);
            int fileSize = f.u32(ph + 16);
            int memSize = f.u32(ph + 20);
            int flags = f.u32(ph + 24);
            String where = String.format("segment %d [0x%x+0x%x]", i, vaddr, memSize);
            if (Integer.compareUnsigned(fileSize, memSize) > 0) {
                throw f.fail(String.format("%s has file size 0x%x larger than its memory size", where, fileSize));
            }
            if (memSize == 0) {
                continue; // maps nothing
            }
            if (fileSize != 0) {
                f.require("segment " + i + "'s file bytes end", offset, Integer.toUnsignedLong(fileSize));
            }
            // Checked here, before LoadSegment's own guard, so a wrapping segment gets a proper message.
            if (Integer.toUnsignedLong(vaddr) + Integer.toUnsignedLong(memSize) > 0xFFFF_F000L) {
                throw f.fail(where + " runs past the end of the 32-bit address space");
            }
            segments.add(new LoadSegment(i, vaddr, memSize, fileSize, offset,
                    (flags & PF_R) != 0, (flags & PF_W) != 0, (flags & PF_X) != 0));
        }
        return segments;
    }

    /**
     * The program header table's place in memory, the GNU ABI note and PT_INTERP. A malformed note
     * or interpreter is ignored rather than refused: neither is needed to run the program.
     */
    static ProgramInfo info(ElfBytes f, ElfHeader h, List<LoadSegment> segments) {
        if (h.phnum() == 0 || h.phentsize() != PHDR_SIZE) return ProgramInfo.NONE;
        int headersAddress = 0;
        int abiOs = ProgramInfo.NO_ABI_NOTE;
        String interpreter = null;
        for (int i = 0; i < h.phnum(); i++) {
            long ph = h.phoff() + (long) i * PHDR_SIZE;
            int type = f.u32(ph);
            long offset = f.u32Unsigned(ph + 4);
            long fileSize = f.u32Unsigned(ph + 16);
            boolean inFile = offset + fileSize <= f.length();
            if (type == PT_PHDR) headersAddress = f.u32(ph + 8);
            if (type == PT_NOTE && inFile && abiOs == ProgramInfo.NO_ABI_NOTE) abiOs = gnuAbiOs(f, offset, offset + fileSize);
            if (type == PT_INTERP && inFile) {
                byte[] path = f.cString(offset, offset + fileSize);
                interpreter = path == null ? "" : new String(path, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        if (headersAddress == 0) {
            for (LoadSegment s : segments) {
                long into = h.phoff() - s.fileOffset();
                if (into >= 0 && into + (long) h.phnum() * PHDR_SIZE <= Integer.toUnsignedLong(s.fileSize())) {
                    headersAddress = (int) (s.vaddr() + into);
                }
            }
        }
        return new ProgramInfo(headersAddress, h.phnum(), PHDR_SIZE, abiOs, interpreter);
    }

    /** The OS word of a GNU ABI tag among the notes in [from, to), or NO_ABI_NOTE. */
    private static int gnuAbiOs(ElfBytes f, long from, long to) {
        long at = from;
        while (at + 12 <= to) {
            long nameSize = f.u32Unsigned(at), descSize = f.u32Unsigned(at + 4);
            int type = f.u32(at + 8);
            long name = at + 12, desc = name + ((nameSize + 3) & ~3L), next = desc + ((descSize + 3) & ~3L);
            if (next > to) break;
            if (type == NT_GNU_ABI_TAG && nameSize == 4 && descSize >= 4
                    && f.u8(name) == 'G' && f.u8(name + 1) == 'N' && f.u8(name + 2) == 'U' && f.u8(name + 3) == 0) {
                return f.u32(desc);
            }
            at = next;
        }
        return ProgramInfo.NO_ABI_NOTE;
    }
}
