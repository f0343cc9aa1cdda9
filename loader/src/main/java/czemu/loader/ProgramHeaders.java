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
}
