package czemu.loader;

import static czemu.loader.Elf32.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link SymbolTable} from .symtab, or .dynsym when the file was stripped of .symtab.
 * A file without section headers simply has no symbols; a section table that is present but
 * broken is an error like any other malformed part of the file.
 */
final class SymbolReader {
    private SymbolReader() {
    }

    private record Section(int index, int type, int flags, long offset, long size, int link, int entsize) {
    }

    static SymbolTable read(ElfBytes f, ElfHeader h) throws LoaderException {
        if (h.shoff() == 0 || h.shnum() == 0) {
            return SymbolTable.empty();
        }
        if (h.shentsize() != SHDR_SIZE) {
            throw f.fail(String.format("section header entry size 0x%x, expected 0x%x", h.shentsize(), SHDR_SIZE));
        }
        f.require("section headers end", h.shoff(), (long) h.shnum() * SHDR_SIZE);
        List<Section> sections = new ArrayList<>(h.shnum());
        for (int i = 0; i < h.shnum(); i++) {
            long sh = h.shoff() + (long) i * SHDR_SIZE;
            sections.add(new Section(i, f.u32(sh + 4), f.u32(sh + 8), f.u32Unsigned(sh + 16),
                    f.u32Unsigned(sh + 20), f.u32(sh + 24), f.u32(sh + 36)));
        }
        Section symtab = first(sections, SHT_SYMTAB);
        if (symtab == null) {
            symtab = first(sections, SHT_DYNSYM);
        }
        return symtab == null ? SymbolTable.empty() : new SymbolTable(symbols(f, sections, symtab));
    }

    private static Section first(List<Section> sections, int type) {
        return sections.stream().filter(s -> s.type() == type).findFirst().orElse(null);
    }

    private static List<ElfSymbol> symbols(ElfBytes f, List<Section> sections, Section symtab)
            throws LoaderException {
        String what = "symbol table (section " + symtab.index() + ")";
        if (symtab.entsize() != SYM_SIZE) {
            throw f.fail(String.format("%s entry size 0x%x, expected 0x%x", what, symtab.entsize(), SYM_SIZE));
        }
        f.require(what + " ends", symtab.offset(), symtab.size());
        if (Integer.compareUnsigned(symtab.link(), sections.size()) >= 0
                || sections.get(symtab.link()).type() != SHT_STRTAB) {
            throw f.fail(what + " links to section " + Integer.toUnsignedString(symtab.link())
                    + ", which is not a string table");
        }
        Section strtab = sections.get(symtab.link());
        f.require("string table (section " + strtab.index() + ") ends", strtab.offset(), strtab.size());

        // Globals before locals, so a global wins a name that a file-local static also uses.
        List<ElfSymbol> globals = new ArrayList<>();
        List<ElfSymbol> locals = new ArrayList<>();
        long count = symtab.size() / SYM_SIZE;
        for (int i = 1; i < count; i++) { // entry 0 is the reserved null symbol
            long sym = symtab.offset() + (long) i * SYM_SIZE;
            int value = f.u32(sym + 4);
            int size = f.u32(sym + 8);
            int info = f.u8(sym + 12);
            int shndx = f.u16(sym + 14);
            int type = info & 0xf;
            boolean typed = type == STT_FUNC || type == STT_OBJECT || type == STT_NOTYPE;
            if (shndx == SHN_UNDEF || !typed) {
                continue; // undefined, or a section/file/TLS symbol: names no address in the image
            }
            String name = name(f, strtab, f.u32Unsigned(sym), i);
            if (name.isEmpty() || name.startsWith("$")) {
                continue; // ARM mapping symbols ($a, $t, $d) mark code/data runs, not names (AAELF, "Mapping symbols")
            }
            boolean function = type == STT_FUNC || (type == STT_NOTYPE && inCode(sections, shndx));
            boolean thumb = type == STT_FUNC && (value & 1) != 0;
            ElfSymbol symbol = new ElfSymbol(name, thumb ? value & ~1 : value, size, function, thumb);
            (info >> 4 == STB_LOCAL ? locals : globals).add(symbol);
        }
        globals.addAll(locals);
        return globals;
    }

    private static String name(ElfBytes f, Section strtab, long offset, int symbol) throws LoaderException {
        byte[] name = offset < strtab.size() ? f.cString(strtab.offset() + offset, strtab.offset() + strtab.size()) : null;
        if (name == null) {
            throw f.fail(String.format("symbol %d's name at 0x%x runs past the end of its string table (0x%x bytes)",
                    symbol, offset, strtab.size()));
        }
        return new String(name, StandardCharsets.UTF_8);
    }

    private static boolean inCode(List<Section> sections, int shndx) {
        return shndx < SHN_LORESERVE && shndx < sections.size()
                && (sections.get(shndx).flags() & SHF_EXECINSTR) != 0;
    }
}
