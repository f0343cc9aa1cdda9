package czemu.emulator;

import czemu.emulator.machine.Abi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

/** Which front door czemu run picks for a program, from its ELF alone. */
class AbiDetectionTest {
    @ParameterizedTest(name = "glibc's {0} (GNU ABI note for Linux) enters by the Linux door")
    @ValueSource(strings = {"hello", "forkexec", "cpubench-thumb"})
    void staticGlibcProgramsAreLinux(String name) {
        assertEquals(Abi.LINUX, Abi.detect(name, Samples.elf("gnu/" + name)));
    }

    @ParameterizedTest(name = "Codezero's {0} enters by the Codezero door")
    @ValueSource(strings = {"hello", "posixtest", "cpuloop"})
    void codezeroProgramsAreCodezero(String name) {
        assertEquals(Abi.CODEZERO, Abi.detect(name, Samples.elf(name)));
    }

    @Test
    void anEabiProgramWithoutANoteLinkedOutsideCodezerosTaskRegionIsLinux() {
        // The Linux build of cpuloop (samples/linux: no glibc, no note) links at 0x10000, as musl programs do.
        assertEquals(Abi.LINUX, Abi.detect("cpuloop", Samples.elf("linux/cpuloop")));
    }

    @Test
    void osAbiGnuLinuxMakesACodezeroImageLinux() {
        byte[] elf = Samples.elf("hello").clone();
        elf[7] = 3; // e_ident[EI_OSABI] = ELFOSABI_GNU
        assertEquals(Abi.LINUX, Abi.detect("hello", elf));
    }

    @Test
    void aFileTheLoaderRefusesGoesToTheCodezeroDoorWhoseLoaderSaysWhy() {
        assertEquals(Abi.CODEZERO, Abi.detect("junk", new byte[] {1, 2, 3}));
    }

    @Test
    void theAbiOptionNamesEitherDoor() {
        assertEquals(Abi.LINUX, Abi.parse("Linux"));
        assertEquals(Abi.CODEZERO, Abi.parse("codezero"));
        assertNull(Abi.parse("windows"));
    }
}
