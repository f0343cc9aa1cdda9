package czemu.loader;

import static czemu.loader.Elf32.*;

import java.util.Map;

/** The ELF header, read only after checking it describes a little-endian ARM ELF32 executable. */
record ElfHeader(int osAbi, int entry, long phoff, long shoff, int flags,
                 int phentsize, int phnum, int shentsize, int shnum) {

    // Machines someone may plausibly hand us by mistake, so the message can say what the file is.
    private static final Map<Integer, String> MACHINES = Map.of(
            3, "x86", 8, "MIPS", 20, "PowerPC", 62, "x86-64", 183, "AArch64", 243, "RISC-V");

    static ElfHeader read(ElfBytes f) throws LoaderException {
        checkMagic(f);
        int elfClass = f.u8(EI_CLASS);
        if (elfClass != ELFCLASS32) {
            throw f.fail(elfClass == ELFCLASS64
                    ? "not a 32-bit ELF file (ELFCLASS64); ARM user programs are ELF32"
                    : "not a 32-bit ELF file (unknown EI_CLASS " + elfClass + ")");
        }
        f.require("ELF identification ends", 0, EI_DATA + 1);
        int data = f.u8(EI_DATA);
        if (data != ELFDATA2LSB) {
            throw f.fail(data == ELFDATA2MSB
                    ? "not a little-endian ELF file (ELFDATA2MSB, big-endian)"
                    : "not a little-endian ELF file (unknown EI_DATA " + data + ")");
        }
        f.require("ELF header ends", 0, EHDR_SIZE);
        int machine = f.u16(E_MACHINE);
        if (machine != EM_ARM) {
            String known = MACHINES.containsKey(machine) ? " (" + MACHINES.get(machine) + ")" : "";
            throw f.fail("not an ARM program: e_machine " + machine + known + ", expected EM_ARM 40");
        }
        int type = f.u16(E_TYPE);
        if (type != ET_EXEC) {
            throw f.fail("not an executable: e_type " + type + describeType(type)
                    + ", expected ET_EXEC 2 (a statically linked program)");
        }
        return new ElfHeader(f.u8(EI_OSABI), f.u32(E_ENTRY), f.u32Unsigned(E_PHOFF), f.u32Unsigned(E_SHOFF),
                f.u32(E_FLAGS), f.u16(E_PHENTSIZE), f.u16(E_PHNUM), f.u16(E_SHENTSIZE), f.u16(E_SHNUM));
    }

    private static void checkMagic(ElfBytes f) throws LoaderException {
        int have = (int) Math.min(f.length(), MAGIC.length);
        for (int i = 0; i < have; i++) {
            if (f.u8(i) != (MAGIC[i] & 0xff)) {
                throw f.fail("not an ELF file (bad magic)");
            }
        }
        if (f.length() <= EI_CLASS) {
            throw f.fail(f.length() == 0 ? "not an ELF file (empty)"
                    : String.format("truncated: ELF identification ends at 0x%x but the file has 0x%x bytes",
                            EI_CLASS + 1, f.length()));
        }
    }

    private static String describeType(int type) {
        return switch (type) {
            case ET_REL -> " (ET_REL, a relocatable object file)";
            case ET_DYN -> " (ET_DYN, a shared object or position-independent executable)";
            case ET_CORE -> " (ET_CORE, a core dump)";
            default -> "";
        };
    }
}
