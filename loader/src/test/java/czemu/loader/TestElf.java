package czemu.loader;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds real ELF32 little-endian images for the tests: an ELF header, program headers, segment
 * bytes at page-congruent file offsets and, when symbols are added, section headers (one section
 * per segment, then .symtab, .strtab, .shstrtab). Header fields are public so a test can break
 * exactly one of them.
 */
final class TestElf {
    static final int R = 4, W = 2, X = 1;
    static final int PT_NOTE = 4;
    static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4;
    static final int LOCAL = 0, GLOBAL = 1, WEAK = 2;
    static final int SHN_UNDEF = 0, SHN_ABS = 0xfff1;

    int elfClass = 1;
    int data = 1;
    int type = 2;
    int machine = 40;
    int osAbi = 0;
    int flags = 0x05000200; // EABI5, soft-float: what arm-none-eabi-gcc writes
    int entry = 0x40000000;
    String symtabType = "symtab"; // or "dynsym"

    private record Phdr(int type, int vaddr, int memSize, int flags, byte[] content, int fileSize) {
    }

    private record Sym(String name, int value, int size, int type, int bind, int shndx) {
    }

    private final List<Phdr> phdrs = new ArrayList<>();
    private final List<Sym> syms = new ArrayList<>();

    /** A text segment at 0x40000000 with 0x100 bytes of code, entry at its start. */
    static TestElf minimal() {
        return new TestElf().load(0x40000000, 0x100, R | X, 0x100);
    }

    /** A PT_LOAD segment whose first {@code fileSize} bytes come from the file (a byte pattern). */
    TestElf load(int vaddr, int memSize, int flags, int fileSize) {
        byte[] content = new byte[fileSize];
        for (int i = 0; i < fileSize; i++) {
            content[i] = (byte) (i * 7 + phdrs.size() + 1);
        }
        return load(vaddr, memSize, flags, content);
    }

    TestElf load(int vaddr, int memSize, int flags, byte[] content) {
        phdrs.add(new Phdr(1, vaddr, memSize, flags, content, content.length));
        return this;
    }

    /** A PT_LOAD entry claiming {@code fileSize} bytes but carrying none (for filesz > memsz cases). */
    TestElf loadClaiming(int vaddr, int memSize, int flags, int fileSize) {
        phdrs.add(new Phdr(1, vaddr, memSize, flags, new byte[0], fileSize));
        return this;
    }

    /** A program header of another type, e.g. PT_NOTE, which the loader must skip. */
    TestElf other(int phType) {
        phdrs.add(new Phdr(phType, 0, 0, R, new byte[0], 0));
        return this;
    }

    /** {@code shndx} 1.. names the section made for the 1st.. program header; or SHN_ABS / SHN_UNDEF. */
    TestElf symbol(String name, int value, int size, int symType, int bind, int shndx) {
        syms.add(new Sym(name, value, size, symType, bind, shndx));
        return this;
    }

    TestElf function(String name, int value, int size) {
        return symbol(name, value, size, STT_FUNC, GLOBAL, 1);
    }

    TestElf entry(int address) {
        entry = address;
        return this;
    }

    byte[] build() {
        Out out = new Out();
        out.skip(52 + 32 * phdrs.size());
        long[] offsets = new long[phdrs.size()];
        for (int i = 0; i < phdrs.size(); i++) {
            Phdr p = phdrs.get(i);
            if (p.content().length > 0) {
                // Page-congruent, as ld lays out files that are mmap-able.
                out.alignTo(4096, p.vaddr() & 0xfff);
                offsets[i] = out.size();
                out.write(p.content());
            } else {
                offsets[i] = out.size();
            }
        }
        long shoff = 0;
        int shnum = 0;
        if (!syms.isEmpty()) {
            shnum = phdrs.size() + 4;
            shoff = writeSections(out, offsets);
        }
        byte[] image = out.toByteArray();
        writeHeader(image, shoff, shnum);
        for (int i = 0; i < phdrs.size(); i++) {
            Phdr p = phdrs.get(i);
            int ph = 52 + 32 * i;
            put32(image, ph, p.type());
            put32(image, ph + 4, (int) offsets[i]);
            put32(image, ph + 8, p.vaddr());
            put32(image, ph + 12, p.vaddr());
            put32(image, ph + 16, p.fileSize());
            put32(image, ph + 20, p.memSize());
            put32(image, ph + 24, p.flags());
            put32(image, ph + 28, 0x1000);
        }
        return image;
    }

    private void writeHeader(byte[] image, long shoff, int shnum) {
        image[0] = 0x7f;
        image[1] = 'E';
        image[2] = 'L';
        image[3] = 'F';
        image[4] = (byte) elfClass;
        image[5] = (byte) data;
        image[6] = 1;
        image[7] = (byte) osAbi;
        put16(image, 16, type);
        put16(image, 18, machine);
        put32(image, 20, 1);
        put32(image, 24, entry);
        put32(image, 28, phdrs.isEmpty() ? 0 : 52);
        put32(image, 32, (int) shoff);
        put32(image, 36, flags);
        put16(image, 40, 52);
        put16(image, 42, 32);
        put16(image, 44, phdrs.size());
        put16(image, 46, 40);
        put16(image, 48, shnum);
        put16(image, 50, shnum == 0 ? 0 : shnum - 1);
    }

    /** Writes .symtab, .strtab, .shstrtab and the section header table; returns its offset. */
    private long writeSections(Out out, long[] offsets) {
        Strings shstr = new Strings();
        Strings str = new Strings();
        out.alignTo(4, 0);
        long symOff = out.size();
        out.write(new byte[16]); // the null symbol
        int firstGlobal = 1;
        List<Sym> ordered = new ArrayList<>(syms.stream().filter(s -> s.bind() == LOCAL).toList());
        firstGlobal += ordered.size();
        ordered.addAll(syms.stream().filter(s -> s.bind() != LOCAL).toList());
        for (Sym s : ordered) {
            byte[] e = new byte[16];
            put32(e, 0, str.add(s.name()));
            put32(e, 4, s.value());
            put32(e, 8, s.size());
            e[12] = (byte) (s.bind() << 4 | s.type());
            put16(e, 14, s.shndx());
            out.write(e);
        }
        long symSize = out.size() - symOff;
        long strOff = out.size();
        out.write(str.bytes());
        int[] segNames = new int[phdrs.size()];
        for (int i = 0; i < phdrs.size(); i++) {
            segNames[i] = shstr.add(".seg" + i);
        }
        boolean dyn = symtabType.equals("dynsym");
        int symName = shstr.add(dyn ? ".dynsym" : ".symtab");
        int strName = shstr.add(dyn ? ".dynstr" : ".strtab");
        int shstrName = shstr.add(".shstrtab");
        long shstrOff = out.size();
        byte[] shstrBytes = shstr.bytes();
        out.write(shstrBytes);

        out.alignTo(4, 0);
        long shoff = out.size();
        int strIndex = phdrs.size() + 2;
        out.write(new byte[40]); // SHN_UNDEF
        for (int i = 0; i < phdrs.size(); i++) {
            Phdr p = phdrs.get(i);
            int shFlags = 2 | ((p.flags() & W) != 0 ? 1 : 0) | ((p.flags() & X) != 0 ? 4 : 0);
            out.write(shdr(segNames[i], p.content().length > 0 ? 1 : 8, shFlags, p.vaddr(), offsets[i],
                    p.content().length > 0 ? p.content().length : p.memSize(), 0, 0));
        }
        out.write(shdr(symName, dyn ? 11 : 2, 0, 0, symOff, symSize, strIndex, 16, firstGlobal));
        out.write(shdr(strName, 3, 0, 0, strOff, str.bytes().length, 0, 0, 0));
        out.write(shdr(shstrName, 3, 0, 0, shstrOff, shstrBytes.length, 0, 0, 0));
        return shoff;
    }

    private static byte[] shdr(int name, int type, int flags, int addr, long off, long size, int link, int entsize) {
        return shdr(name, type, flags, addr, off, size, link, entsize, 0);
    }

    private static byte[] shdr(int name, int type, int flags, int addr, long off, long size, int link, int entsize,
                               int info) {
        byte[] h = new byte[40];
        put32(h, 0, name);
        put32(h, 4, type);
        put32(h, 8, flags);
        put32(h, 12, addr);
        put32(h, 16, (int) off);
        put32(h, 20, (int) size);
        put32(h, 24, link);
        put32(h, 28, info);
        put32(h, 32, 4);
        put32(h, 36, entsize);
        return h;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
    }

    static void put32(byte[] b, int off, int v) {
        put16(b, off, v);
        put16(b, off + 2, v >> 16);
    }

    static int u32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static final class Out extends ByteArrayOutputStream {
        void skip(int n) {
            write(new byte[n], 0, n);
        }

        void alignTo(int alignment, int remainder) {
            while (size() % alignment != remainder) {
                write(0);
            }
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }
    }

    private static final class Strings {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Strings() {
            out.write(0);
        }

        int add(String s) {
            int at = out.size();
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            return at;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
