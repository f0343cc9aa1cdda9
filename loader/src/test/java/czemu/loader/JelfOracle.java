package czemu.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfSegment;
import net.fornwall.jelf.ElfSymbol;
import net.fornwall.jelf.ElfSymbolTableSection;

/**
 * An independent reading of well-formed files: jelf must see the same segments and symbols as our
 * bounds-checked reader. (jelf is not hardened against damaged files, so it is only a test oracle.)
 */
final class JelfOracle {
    private JelfOracle() {
    }

    static void assertAgrees(byte[] bytes, LoadImage image) {
        ElfFile elf = ElfFile.from(bytes);
        assertEquals(Integer.toUnsignedLong(image.entry() | (image.entryIsThumb() ? 1 : 0)), elf.e_entry, "entry");
        List<String> theirs = new ArrayList<>();
        for (int i = 0; i < elf.e_phnum; i++) {
            ElfSegment p = elf.getProgramHeader(i);
            if (p.p_type == 1 && p.p_memsz != 0) {
                theirs.add(String.format("%d %x+%x file %x@%x %s%s%s", i, p.p_vaddr, p.p_memsz, p.p_filesz,
                        p.p_offset, p.isReadable() ? "r" : "-", p.isWriteable() ? "w" : "-",
                        p.isExecutable() ? "x" : "-"));
            }
        }
        List<String> ours = image.segments().stream()
                .sorted((a, b) -> Integer.compare(a.index(), b.index()))
                .map(s -> String.format("%d %x+%x file %x@%x %s%s%s", s.index(), s.vaddr(), s.memSize(),
                        s.fileSize(), s.fileOffset(), s.readable() ? "r" : "-", s.writable() ? "w" : "-",
                        s.executable() ? "x" : "-"))
                .toList();
        assertEquals(theirs, ours, "PT_LOAD segments");

        ElfSymbolTableSection table = elf.getSymbolTableSection();
        if (table == null) {
            table = elf.getDynamicSymbolTableSection();
        }
        if (table == null) {
            assertEquals(List.of(), image.symbols().all(), "symbols without a symbol table");
            return;
        }
        for (ElfSymbol s : table.symbols) {
            String name = s.getName();
            boolean named = name != null && !name.isEmpty() && !name.startsWith("$");
            boolean typed = s.getType() <= ElfSymbol.STT_FUNC && s.st_shndx != 0;
            if (named && typed && s.getBinding() != ElfSymbol.BINDING_LOCAL) {
                long value = s.getType() == ElfSymbol.STT_FUNC ? s.st_value & ~1L : s.st_value;
                czemu.loader.ElfSymbol ours1 = image.symbols().lookup(name).orElseThrow(() ->
                        new AssertionError("symbol " + name + " missing"));
                assertEquals(value, Integer.toUnsignedLong(ours1.address()), name);
                assertEquals(s.st_size, Integer.toUnsignedLong(ours1.size()), name);
            }
        }
    }
}
