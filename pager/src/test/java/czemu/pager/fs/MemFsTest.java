package czemu.pager.fs;

import czemu.kernel.abi.Errno;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MemFsTest {
    private final MemFs fs = new MemFs();

    @Test
    void dotComponentsAndRepeatedSlashesAreIgnored() {
        assertEquals(0, fs.makeDirectory(fs.root(), "/usr").error());
        assertEquals(0, fs.makeDirectory(fs.root(), "/usr/bin").error());
        MemFs.Lookup found = fs.lookup(fs.root(), "/usr/./././bin//");
        assertEquals("bin", found.node().name());
    }

    @Test
    void trailingSlashMakesTheDirectoryAndRelativePathsStartAtCwd() {
        assertEquals(0, fs.makeDirectory(fs.root(), "/home/").error());
        Directory home = (Directory) fs.lookup(fs.root(), "/home").node();
        assertEquals(0, fs.makeDirectory(home, "bahadir").error());
        assertEquals("bahadir", fs.lookup(fs.root(), "/home/bahadir").node().name());
        assertEquals("home", fs.lookup(home, "bahadir/..").node().name());
    }

    @Test
    void createOnAnExistingNameIsEexistAndAMissingParentEnoent() {
        assertEquals(0, fs.createFile(fs.root(), "/text.txt").error());
        assertEquals(-Errno.EEXIST, fs.createFile(fs.root(), "/text.txt").error());
        assertEquals(-Errno.ENOENT, fs.makeDirectory(fs.root(), "/no/such").error());
        assertEquals(-Errno.ENOENT, fs.lookup(fs.root(), "/missing").error());
        assertEquals(-Errno.ENOTDIR, fs.lookup(fs.root(), "/text.txt/x").error());
    }

    @Test
    void sparseWriteReadsZerosInTheGap() {
        RegularFile file = (RegularFile) fs.createFile(fs.root(), "/sparse").node();
        file.write(8192, new byte[] {7}, 0, 1);
        assertEquals(8193, file.length());
        byte[] back = new byte[8193];
        assertEquals(8193, file.read(0, back, 0, back.length));
        assertEquals(0, back[4096]);
        assertEquals(7, back[8192]);
        assertEquals(0, file.read(8193, back, 0, 10), "reads at the end give 0 bytes");
    }
}
