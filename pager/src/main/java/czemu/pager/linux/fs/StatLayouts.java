package czemu.pager.linux.fs;

import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.abi.LinuxAbi;
import java.nio.ByteBuffer;

/** Encodes a {@link FileStatus} as the ARM EABI's struct stat64 and struct statx (offsets in LinuxAbi). */
public final class StatLayouts {
    private StatLayouts() {}

    public static byte[] stat64(FileStatus status) {
        ByteBuffer b = GuestMemory.structure(LinuxAbi.STAT64_SIZE);
        b.putLong(LinuxAbi.STAT64_DEV, (long) status.deviceMajor() << 8 | status.deviceMinor());
        b.putInt(LinuxAbi.STAT64_INO32, (int) status.inode());
        b.putInt(LinuxAbi.STAT64_MODE, status.mode());
        b.putInt(LinuxAbi.STAT64_NLINK, status.nlink());
        b.putLong(LinuxAbi.STAT64_RDEV, (long) status.rdevMajor() << 8 | status.rdevMinor());
        b.putLong(LinuxAbi.STAT64_SIZE_FIELD, status.size());
        b.putInt(LinuxAbi.STAT64_BLKSIZE, LinuxAbi.PAGE_SIZE);
        b.putLong(LinuxAbi.STAT64_BLOCKS, (status.size() + 511) / 512);
        b.putInt(LinuxAbi.STAT64_ATIME, (int) status.modifiedSeconds());
        b.putInt(LinuxAbi.STAT64_MTIME, (int) status.modifiedSeconds());
        b.putInt(LinuxAbi.STAT64_CTIME, (int) status.modifiedSeconds());
        b.putLong(LinuxAbi.STAT64_INO, status.inode());
        return b.array();
    }

    public static byte[] statx(FileStatus status) {
        ByteBuffer b = GuestMemory.structure(LinuxAbi.STATX_SIZE);
        b.putInt(LinuxAbi.STATX_MASK, LinuxAbi.STATX_BASIC_STATS);
        b.putInt(LinuxAbi.STATX_BLKSIZE, LinuxAbi.PAGE_SIZE);
        b.putInt(LinuxAbi.STATX_NLINK, status.nlink());
        b.putShort(LinuxAbi.STATX_MODE, (short) status.mode());
        b.putLong(LinuxAbi.STATX_INO, status.inode());
        b.putLong(LinuxAbi.STATX_SIZE_FIELD, status.size());
        b.putLong(LinuxAbi.STATX_BLOCKS, (status.size() + 511) / 512);
        for (int time : new int[] {LinuxAbi.STATX_ATIME, LinuxAbi.STATX_BTIME, LinuxAbi.STATX_CTIME, LinuxAbi.STATX_MTIME}) {
            b.putLong(time, status.modifiedSeconds());
        }
        b.putInt(LinuxAbi.STATX_RDEV_MAJOR, status.rdevMajor());
        b.putInt(LinuxAbi.STATX_RDEV_MAJOR + 4, status.rdevMinor());
        b.putInt(LinuxAbi.STATX_DEV_MAJOR, status.deviceMajor());
        b.putInt(LinuxAbi.STATX_DEV_MINOR, status.deviceMinor());
        return b.array();
    }
}
