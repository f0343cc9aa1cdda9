package czemu.loader;

/**
 * What the program headers say beyond the loadable segments, for a Linux-style process start:
 * where the program header table itself lies in memory (the auxiliary vector's AT_PHDR, which a
 * static glibc reads to find its TLS segment), its entry count and size, the OS of a GNU ABI note
 * ({@code .note.ABI-tag}: 0 is Linux), and the PT_INTERP path of a dynamically linked program.
 *
 * @param headersAddress the virtual address of the program header table, 0 when no segment loads it
 * @param gnuAbiOs       the OS word of an NT_GNU_ABI_TAG note, or {@link #NO_ABI_NOTE}
 * @param interpreter    the PT_INTERP path, or null for a static program
 */
public record ProgramInfo(int headersAddress, int headerCount, int headerSize, int gnuAbiOs, String interpreter) {
    public static final int NO_ABI_NOTE = -1;
    /** The GNU ABI note's OS word for Linux (the ELF gABI's "GNU ABI tag" note, desc word 0). */
    public static final int GNU_ABI_OS_LINUX = 0;
    public static final ProgramInfo NONE = new ProgramInfo(0, 0, 0, NO_ABI_NOTE, null);

    public boolean hasLinuxAbiNote() {
        return gnuAbiOs == GNU_ABI_OS_LINUX;
    }

    public boolean dynamic() {
        return interpreter != null;
    }
}
