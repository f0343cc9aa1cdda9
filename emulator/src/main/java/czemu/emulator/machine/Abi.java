package czemu.emulator.machine;

import czemu.loader.ElfLoader;
import czemu.loader.LoadImage;
import czemu.loader.LoaderException;
import czemu.loader.ProgramInfo;
import czemu.loader.TaskRegion;
import java.util.Locale;

/**
 * Which front door a program enters by: Codezero's (the syscall page, mm0's IPC protocol) or Linux's
 * EABI ({@code svc 0}, the number in r7). {@link #detect} reads the ELF: a GNU ABI note naming Linux
 * (what glibc puts in {@code .note.ABI-tag}) or EI_OSABI GNU/Linux makes it Linux, and so does an
 * EABI program linked outside Codezero's task region (musl, which writes no note, links at 0x10000);
 * anything else, including a file the loader refuses, is Codezero's, whose loader then says why.
 */
public enum Abi {
    CODEZERO, LINUX;

    /** e_ident[EI_OSABI] of a GNU/Linux ELF (ELFOSABI_GNU). */
    private static final int ELFOSABI_GNU = 3;

    public static Abi detect(String name, byte[] elf) {
        LoadImage image;
        try {
            image = ElfLoader.load(name, elf, TaskRegion.ANYWHERE);
        } catch (LoaderException e) {
            return CODEZERO;
        }
        ProgramInfo info = image.programInfo();
        if (info.hasLinuxAbiNote() || image.osAbi() == ELFOSABI_GNU) return LINUX;
        boolean codezeroRegion = image.segments().stream()
                .allMatch(segment -> TaskRegion.CODEZERO_POSIX.contains(segment.vaddr(), segment.memSize()));
        return image.eabiVersion() >= 4 && !codezeroRegion ? LINUX : CODEZERO;
    }

    /** {@code linux}, {@code codezero} (the --abi values), case-insensitive; null for anything else. */
    public static Abi parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "linux" -> LINUX;
            case "codezero" -> CODEZERO;
            default -> null;
        };
    }
}
