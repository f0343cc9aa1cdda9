package czemu.loader;

/**
 * The ELF numbers the loader reads: System V gABI (ELF32 layouts) and ARM's "ELF for the Arm
 * Architecture" (AAELF) for the machine number and the Thumb bit.
 */
final class Elf32 {
    private Elf32() {
    }

    // Structure sizes of the 32-bit layouts.
    static final int EHDR_SIZE = 52;
    static final int PHDR_SIZE = 32;
    static final int SHDR_SIZE = 40;
    static final int SYM_SIZE = 16;

    // e_ident
    static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    static final int EI_CLASS = 4;
    static final int EI_DATA = 5;
    static final int EI_OSABI = 7;
    static final int ELFCLASS32 = 1;
    static final int ELFCLASS64 = 2;
    static final int ELFDATA2LSB = 1;
    static final int ELFDATA2MSB = 2;

    // ELF header field offsets (ELF32)
    static final int E_TYPE = 16;
    static final int E_MACHINE = 18;
    static final int E_ENTRY = 24;
    static final int E_PHOFF = 28;
    static final int E_SHOFF = 32;
    static final int E_FLAGS = 36;
    static final int E_PHENTSIZE = 42;
    static final int E_PHNUM = 44;
    static final int E_SHENTSIZE = 46;
    static final int E_SHNUM = 48;

    static final int ET_REL = 1;
    static final int ET_EXEC = 2;
    static final int ET_DYN = 3;
    static final int ET_CORE = 4;

    static final int EM_ARM = 40;

    // Program header
    static final int PT_LOAD = 1;
    static final int PT_INTERP = 3;
    static final int PT_NOTE = 4;
    static final int PT_PHDR = 6;
    // Notes (gABI "Note Section"; the GNU ABI tag of the LSB: name "GNU", type 1)
    static final int NT_GNU_ABI_TAG = 1;
    static final int PF_X = 1;
    static final int PF_W = 2;
    static final int PF_R = 4;

    // Section header
    static final int SHT_SYMTAB = 2;
    static final int SHT_STRTAB = 3;
    static final int SHT_DYNSYM = 11;
    static final int SHF_EXECINSTR = 4;
    static final int SHN_UNDEF = 0;
    static final int SHN_LORESERVE = 0xff00;

    // Symbol st_info
    static final int STT_NOTYPE = 0;
    static final int STT_OBJECT = 1;
    static final int STT_FUNC = 2;
    static final int STB_LOCAL = 0;
}
