package czemu.pager.linux;

import czemu.kernel.Kernel;
import czemu.pager.fs.MemFs;
import czemu.pager.fs.RegularFile;
import czemu.pager.linux.fs.LinuxTerminal;
import czemu.pager.linux.time.LinuxClock;
import czemu.pager.vm.FilePages;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every group of Linux calls of one pager shares: the kernel, the callers' memory, blocking,
 * mm0's file system and page caches, the host terminal, and where reports go.
 *
 * @param clock the clocks programs read; its start is the time memfs files show
 * @param random the random bytes programs get (AT_RANDOM, getrandom)
 */
public record LinuxSystem(Kernel kernel, GuestMemory memory, Blocking blocking, MemFs fs,
                          Function<RegularFile, FilePages> pageCache, LinuxTerminal terminal, LinuxClock clock,
                          GuestRandom random, Consumer<String> reporter) {
    /** The seconds since the epoch memfs files show as their times (the machine's start). */
    public long fileSystemTime() {
        return clock.startSeconds();
    }
}
