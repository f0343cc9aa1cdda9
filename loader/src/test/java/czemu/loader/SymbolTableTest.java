package czemu.loader;

import static czemu.loader.TestElf.GLOBAL;
import static czemu.loader.TestElf.LOCAL;
import static czemu.loader.TestElf.R;
import static czemu.loader.TestElf.SHN_ABS;
import static czemu.loader.TestElf.SHN_UNDEF;
import static czemu.loader.TestElf.STT_FILE;
import static czemu.loader.TestElf.STT_FUNC;
import static czemu.loader.TestElf.STT_NOTYPE;
import static czemu.loader.TestElf.STT_OBJECT;
import static czemu.loader.TestElf.STT_SECTION;
import static czemu.loader.TestElf.W;
import static czemu.loader.TestElf.X;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Symbols read from .symtab/.dynsym, and naming addresses with them. */
class SymbolTableTest {

    /** text 0x40000000..+0x1000 (section 1), data 0x40001000..+0x100 (section 2). */
    private static TestElf program() {
        return new TestElf().load(0x40000000, 0x1000, R | X, 0x1000).load(0x40001000, 0x100, R | W, 0x100);
    }

    private static SymbolTable symbols(TestElf t) throws LoaderException {
        return ElfLoader.load("t.elf", t.build(), TaskRegion.CODEZERO_POSIX).symbols();
    }

    @Test
    void readsFunctionsAndObjectsFromSymtab() throws Exception {
        SymbolTable table = symbols(program().function("main", 0x40000100, 0x40)
                .symbol("counter", 0x40001010, 4, STT_OBJECT, GLOBAL, 2));
        assertEquals(Optional.of(new ElfSymbol("main", 0x40000100, 0x40, true, false)), table.lookup("main"));
        assertEquals(Optional.of(new ElfSymbol("counter", 0x40001010, 4, false, false)), table.lookup("counter"));
        assertEquals(Optional.empty(), table.lookup("missing"));
        assertEquals(List.of("main", "counter"), table.all().stream().map(ElfSymbol::name).toList());
    }

    @Test
    void thumbFunctionHasLowBitClearedAndFlagged() throws Exception {
        SymbolTable table = symbols(program().function("thumb_fn", 0x40000201, 0x20));
        ElfSymbol s = table.lookup("thumb_fn").orElseThrow();
        assertEquals(0x40000200, s.address());
        assertTrue(s.thumb());
        assertEquals("thumb_fn+0x4", table.describe(0x40000204));
    }

    @Test
    void objectWithOddAddressKeepsItsLowBit() throws Exception {
        SymbolTable table = symbols(program().symbol("byte_var", 0x40001011, 1, STT_OBJECT, GLOBAL, 2));
        ElfSymbol s = table.lookup("byte_var").orElseThrow();
        assertEquals(0x40001011, s.address());
        assertFalse(s.thumb());
    }

    @Test
    void dropsMappingSectionFileAndUndefinedSymbols() throws Exception {
        SymbolTable table = symbols(program().function("main", 0x40000100, 0x40)
                .symbol("$a", 0x40000100, 0, STT_NOTYPE, LOCAL, 1)
                .symbol("$d", 0x40001000, 0, STT_NOTYPE, LOCAL, 2)
                .symbol("", 0x40000000, 0, STT_SECTION, LOCAL, 1)
                .symbol("main.c", 0, 0, STT_FILE, LOCAL, SHN_ABS)
                .symbol("printf", 0, 0, STT_FUNC, GLOBAL, SHN_UNDEF));
        assertEquals(List.of("main"), table.all().stream().map(ElfSymbol::name).toList());
    }

    @Test
    void untypedLabelInCodeCountsAsFunction() throws Exception {
        SymbolTable table = symbols(program().symbol("_start", 0x40000000, 0, STT_NOTYPE, GLOBAL, 1)
                .symbol("_start_test_exec", 0x40001000, 0, STT_NOTYPE, GLOBAL, 2)
                .symbol("__stack", 0x7ffff000, 0, STT_NOTYPE, GLOBAL, SHN_ABS));
        assertTrue(table.lookup("_start").orElseThrow().function());
        assertFalse(table.lookup("_start_test_exec").orElseThrow().function());
        assertFalse(table.lookup("__stack").orElseThrow().function());
        assertEquals("_start+0x8", table.describe(0x40000008));
    }

    @Test
    void globalWinsOverLocalOfTheSameName() throws Exception {
        SymbolTable table = symbols(program().symbol("helper", 0x40000300, 8, STT_FUNC, LOCAL, 1)
                .function("helper", 0x40000400, 8));
        assertEquals(0x40000400, table.lookup("helper").orElseThrow().address());
        assertEquals(2, table.all().size());
    }

    @Test
    void fallsBackToDynsymWithoutSymtab() throws Exception {
        TestElf t = program().function("main", 0x40000100, 0x40);
        t.symtabType = "dynsym";
        assertEquals(0x40000100, symbols(t).lookup("main").orElseThrow().address());
    }

    @Test
    void fileWithoutSectionHeadersHasNoSymbols() throws Exception {
        assertTrue(symbols(program()).all().isEmpty());
        assertEquals("0x40000010", symbols(program()).describe(0x40000010));
    }

    @Test
    void sizedSymbolsCoverOnlyTheirOwnBytes() throws Exception {
        SymbolTable table = symbols(program().function("main", 0x40000100, 0x40)
                .function("after", 0x40000200, 0x10)
                .symbol("table", 0x40001000, 0x20, STT_OBJECT, GLOBAL, 2));
        assertEquals("main", table.containing(0x4000013f).orElseThrow().name());
        assertEquals("table", table.containing(0x4000101f).orElseThrow().name());
        // Past a sized symbol nothing is claimed: a wild pc must not read as "main+0x19efc".
        assertEquals(Optional.empty(), table.containing(0x40000180));
        assertEquals(Optional.empty(), table.containing(0x40001020));
        assertEquals(Optional.empty(), table.containing(0x400000ff));
        assertEquals("0x4001adc4", table.describe(0x4001adc4));
    }

    @Test
    void unsizedLabelCoversWhatFollowsItNearby() throws Exception {
        SymbolTable table = symbols(program().symbol("_start", 0x40000000, 0, STT_NOTYPE, GLOBAL, 1));
        assertEquals("_start+0x1c", table.describe(0x4000001c));
        assertEquals("0x40001000", table.describe(0x40001000));
    }

    @Test
    void describeNamesOffsetOrHexAddress() throws Exception {
        SymbolTable table = symbols(program().function("main", 0x40000100, 0x40));
        assertEquals("main+0x1c", table.describe(0x4000011c));
        assertEquals("main", table.describe(0x40000100));
        assertEquals("0x40000010", table.describe(0x40000010));
    }

    @Test
    void addressesAboveTwoGigabytesSortUnsigned() {
        SymbolTable table = new SymbolTable(List.of(
                new ElfSymbol("high", 0xfffff000, 0x20, true, false),
                new ElfSymbol("low", 0x40000000, 0x20, true, false)));
        assertEquals(List.of("low", "high"), table.all().stream().map(ElfSymbol::name).toList());
        assertEquals("high+0x10", table.describe(0xfffff010));
        assertEquals("low+0x10", table.describe(0x40000010));
    }

    @Test
    void rejectsSymbolNameOutsideStringTable() {
        byte[] elf = program().function("main", 0x40000100, 0x40).build();
        int shoff = TestElf.u32(elf, 32);
        int symtab = TestElf.u32(elf, shoff + 3 * 40 + 16); // section 3: after null and two segments
        TestElf.put32(elf, symtab + 16, 0x7fff); // st_name of the first real symbol
        LoaderException e = assertThrows(LoaderException.class,
                () -> ElfLoader.load("t.elf", elf, TaskRegion.CODEZERO_POSIX));
        assertEquals("t.elf: symbol 1's name at 0x7fff runs past the end of its string table (0x6 bytes)",
                e.getMessage());
    }

    @Test
    void rejectsSymbolTableLinkedToNonStringSection() {
        byte[] elf = program().function("main", 0x40000100, 0x40).build();
        int shoff = TestElf.u32(elf, 32);
        TestElf.put32(elf, shoff + 3 * 40 + 24, 1); // sh_link of .symtab -> the text section
        LoaderException e = assertThrows(LoaderException.class,
                () -> ElfLoader.load("t.elf", elf, TaskRegion.CODEZERO_POSIX));
        assertEquals("t.elf: symbol table (section 3) links to section 1, which is not a string table",
                e.getMessage());
    }
}
