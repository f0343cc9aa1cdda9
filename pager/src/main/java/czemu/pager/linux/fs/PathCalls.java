package czemu.pager.linux.fs;

import czemu.pager.fs.Directory;
import czemu.pager.fs.MemFs;
import czemu.pager.fs.RegularFile;
import czemu.pager.fs.Vnode;
import czemu.pager.linux.Call;
import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.LinuxCallTable;
import czemu.pager.linux.LinuxSystem;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.process.LinuxProcess;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static czemu.pager.linux.abi.LinuxSyscalls.*;

/**
 * Names in the file system: stat64/lstat64/fstat64/fstatat64 and statx, getdents64, mkdir, rmdir,
 * unlink, rename, getcwd/chdir/fchdir, access, readlink and truncate64, in their plain and *at
 * forms, over mm0's memfs. memfs has no links, so lstat is stat and readlink knows only
 * /proc/self/exe. Files imported from the host read-only cannot be written, removed or renamed (-EACCES).
 */
public final class PathCalls {
    private final LinuxSystem system;
    private final PathResolver paths;
    private final GuestMemory memory;

    public PathCalls(LinuxSystem system, PathResolver paths) {
        this.system = system;
        this.paths = paths;
        this.memory = system.memory();
    }

    public void registerIn(LinuxCallTable table) {
        table.add(STAT64, "sx", call -> stat(call, LinuxAbi.AT_FDCWD, call.arg(0), 0, call.arg(1), false));
        table.add(LSTAT64, "sx", call -> stat(call, LinuxAbi.AT_FDCWD, call.arg(0), 0, call.arg(1), false));
        table.add(FSTAT64, "dx", call -> statFd(call, call.arg(0), call.arg(1), false));
        table.add(FSTATAT64, "asxx", call -> stat(call, call.arg(0), call.arg(1), call.arg(3), call.arg(2), false));
        table.add(STATX, "asxxx", call -> stat(call, call.arg(0), call.arg(1), call.arg(2), call.arg(4), true));
        table.add(GETDENTS64, "dxu", this::getdents);
        table.add(MKDIR, "so", call -> mkdir(call, LinuxAbi.AT_FDCWD, call.arg(0)));
        table.add(MKDIRAT, "aso", call -> mkdir(call, call.arg(0), call.arg(1)));
        table.add(RMDIR, "s", call -> remove(call, LinuxAbi.AT_FDCWD, call.arg(0), true));
        table.add(UNLINK, "s", call -> remove(call, LinuxAbi.AT_FDCWD, call.arg(0), false));
        table.add(UNLINKAT, "asx", call -> {
            if ((call.arg(2) & ~LinuxAbi.AT_REMOVEDIR) != 0) return -LinuxAbi.EINVAL;
            return remove(call, call.arg(0), call.arg(1), (call.arg(2) & LinuxAbi.AT_REMOVEDIR) != 0);
        });
        table.add(RENAME, "ss", call -> rename(call, LinuxAbi.AT_FDCWD, call.arg(0), LinuxAbi.AT_FDCWD, call.arg(1), 0));
        table.add(RENAMEAT, "asas", call -> rename(call, call.arg(0), call.arg(1), call.arg(2), call.arg(3), 0));
        table.add(RENAMEAT2, "asasx", call -> rename(call, call.arg(0), call.arg(1), call.arg(2), call.arg(3), call.arg(4)));
        table.add(GETCWD, "xu", this::getcwd);
        table.add(CHDIR, "s", this::chdir);
        table.add(FCHDIR, "d", this::fchdir);
        table.add(ACCESS, "so", call -> access(call, LinuxAbi.AT_FDCWD, call.arg(0), call.arg(1)));
        table.add(FACCESSAT, "aso", call -> access(call, call.arg(0), call.arg(1), call.arg(2)));
        table.add(FACCESSAT2, "asox", call -> access(call, call.arg(0), call.arg(1), call.arg(2)));
        table.add(READLINK, "sxu", call -> readlink(call, LinuxAbi.AT_FDCWD, call.arg(0), call.arg(1), call.arg(2)));
        table.add(READLINKAT, "asxu", call -> readlink(call, call.arg(0), call.arg(1), call.arg(2), call.arg(3)));
        table.add(TRUNCATE64, "s_l", this::truncate);
    }

    // ---- stat ---------------------------------------------------------------------------------

    /** stat64 family and statx: {@code flags} may hold AT_EMPTY_PATH (the fd itself) and AT_SYMLINK_NOFOLLOW (no links here). */
    private int stat(Call call, int dirFd, int pathAddress, int flags, int buffer, boolean statx) {
        String path = memory.string(call.tcb(), pathAddress);
        if (path == null) return -LinuxAbi.EFAULT;
        if (path.isEmpty() && (flags & LinuxAbi.AT_EMPTY_PATH) != 0) return statFd(call, dirFd, buffer, statx);
        LinuxProcess process = call.process();
        FileStatus status;
        if (PathResolver.absolute(process.cwd(), path).equals(NullDevice.PATH)) {
            status = NullDevice.statusOf();
        } else {
            MemFs.Lookup found = paths.lookup(process, dirFd, path);
            if (found.error() != 0) return found.error();
            status = MemFsFile.statusOf(found.node(), system.fileSystemTime());
        }
        return writeStatus(call, buffer, status, statx);
    }

    private int statFd(Call call, int fd, int buffer, boolean statx) {
        OpenFileDescription file = call.process().files().get(fd);
        if (file == null) return -LinuxAbi.EBADF;
        return writeStatus(call, buffer, file.status(), statx);
    }

    private int writeStatus(Call call, int buffer, FileStatus status, boolean statx) {
        byte[] bytes = statx ? StatLayouts.statx(status) : StatLayouts.stat64(status);
        return memory.write(call.tcb(), buffer, bytes) ? 0 : -LinuxAbi.EFAULT;
    }

    // ---- directories --------------------------------------------------------------------------

    /**
     * getdents64(fd, buffer, count): struct linux_dirent64 {u64 ino; s64 off; u16 reclen; u8 type;
     * char name[]} records, 8-byte aligned: ".", "..", then the entries in memfs order. The
     * descriptor's cursor is the index of the next entry, and each d_off the index after its record.
     */
    private int getdents(Call call) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        if (!(file instanceof MemFsFile open) || !(open.node() instanceof Directory directory)) return -LinuxAbi.ENOTDIR;
        int capacity = (int) Math.min(Integer.toUnsignedLong(call.arg(2)), GuestMemory.MAX_TRANSFER);
        java.util.List<Vnode> entries = new java.util.ArrayList<>(directory.entries());
        ByteBuffer out = GuestMemory.structure(capacity);
        int index = (int) open.cursor();
        while (index < entries.size() + 2) {
            Vnode node = index == 0 ? directory : index == 1 ? (directory.parent() == null ? directory : directory.parent())
                    : entries.get(index - 2);
            String name = index == 0 ? "." : index == 1 ? ".." : node.name();
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            int length = (19 + bytes.length + 1 + 7) & ~7;
            if (out.remaining() < length) {
                if (out.position() == 0) return -LinuxAbi.EINVAL;
                break;
            }
            int start = out.position();
            out.putLong(node.inode()).putLong(index + 1).putShort((short) length)
                    .put((byte) (node instanceof Directory ? LinuxAbi.DT_DIR : LinuxAbi.DT_REG)).put(bytes);
            out.position(start + length);
            index++;
        }
        byte[] records = java.util.Arrays.copyOf(out.array(), out.position());
        if (!memory.write(call.tcb(), call.arg(1), records)) return -LinuxAbi.EFAULT;
        open.setCursor(index);
        return records.length;
    }

    private int mkdir(Call call, int dirFd, int pathAddress) {
        String path = memory.string(call.tcb(), pathAddress);
        if (path == null) return -LinuxAbi.EFAULT;
        PathResolver.Base base = paths.base(call.process(), dirFd, path);
        if (base.error() != 0) return base.error();
        if (path.isEmpty()) return -LinuxAbi.ENOENT;
        return paths.fs().makeDirectory(base.directory(), path).error();
    }

    private int remove(Call call, int dirFd, int pathAddress, boolean directory) {
        String path = memory.string(call.tcb(), pathAddress);
        if (path == null) return -LinuxAbi.EFAULT;
        MemFs.Lookup found = paths.lookup(call.process(), dirFd, path);
        if (found.error() != 0) return found.error();
        if (found.node() instanceof RegularFile file && file.readOnly()) return -LinuxAbi.EACCES;
        PathResolver.Base base = paths.base(call.process(), dirFd, path);
        return paths.fs().remove(base.directory(), path, directory);
    }

    private int rename(Call call, int fromDirFd, int fromAddress, int toDirFd, int toAddress, int flags) {
        String from = memory.string(call.tcb(), fromAddress), to = memory.string(call.tcb(), toAddress);
        if (from == null || to == null) return -LinuxAbi.EFAULT;
        LinuxProcess process = call.process();
        if ((flags & ~1) != 0) return -LinuxAbi.EINVAL; // only RENAME_NOREPLACE (linux/fs.h)
        MemFs.Lookup source = paths.lookup(process, fromDirFd, from);
        if (source.error() != 0) return source.error();
        if (source.node() instanceof RegularFile file && file.readOnly()) return -LinuxAbi.EACCES;
        MemFs.Lookup target = paths.lookup(process, toDirFd, to);
        if (target.error() == 0 && target.node() instanceof RegularFile file && file.readOnly()) return -LinuxAbi.EACCES;
        if (target.error() == 0 && flags != 0) return -LinuxAbi.EEXIST;
        PathResolver.Base fromBase = paths.base(process, fromDirFd, from), toBase = paths.base(process, toDirFd, to);
        if (toBase.error() != 0) return toBase.error();
        return paths.fs().rename(fromBase.directory(), from, toBase.directory(), to);
    }

    private int getcwd(Call call) {
        byte[] path = (PathResolver.pathOf(call.process().cwd()) + "\0").getBytes(StandardCharsets.UTF_8);
        if (Integer.toUnsignedLong(call.arg(1)) < path.length) return -LinuxAbi.ERANGE;
        return memory.write(call.tcb(), call.arg(0), path) ? path.length : -LinuxAbi.EFAULT;
    }

    private int chdir(Call call) {
        String path = memory.string(call.tcb(), call.arg(0));
        if (path == null) return -LinuxAbi.EFAULT;
        MemFs.Lookup found = paths.lookup(call.process(), LinuxAbi.AT_FDCWD, path);
        if (found.error() != 0) return found.error();
        if (!(found.node() instanceof Directory directory)) return -LinuxAbi.ENOTDIR;
        call.process().setCwd(directory);
        return 0;
    }

    private int fchdir(Call call) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        if (!(file.node() instanceof Directory directory)) return -LinuxAbi.ENOTDIR;
        call.process().setCwd(directory);
        return 0;
    }

    /** access: existence, and W_OK (2) refused on read-only imports; memfs keeps no execute bits, so X_OK passes. */
    private int access(Call call, int dirFd, int pathAddress, int mode) {
        String path = memory.string(call.tcb(), pathAddress);
        if (path == null) return -LinuxAbi.EFAULT;
        if (PathResolver.absolute(call.process().cwd(), path).equals(NullDevice.PATH)) return 0;
        MemFs.Lookup found = paths.lookup(call.process(), dirFd, path);
        if (found.error() != 0) return found.error();
        if ((mode & 2) != 0 && found.node() instanceof RegularFile file && file.readOnly()) return -LinuxAbi.EACCES;
        return 0;
    }

    private int readlink(Call call, int dirFd, int pathAddress, int buffer, int size) {
        String path = memory.string(call.tcb(), pathAddress);
        if (path == null) return -LinuxAbi.EFAULT;
        if (size <= 0) return -LinuxAbi.EINVAL;
        if (PathResolver.absolute(call.process().cwd(), path).equals(PathResolver.SELF_EXE)) {
            byte[] target = call.process().executable().getBytes(StandardCharsets.UTF_8);
            byte[] shown = java.util.Arrays.copyOf(target, Math.min(target.length, size));
            return memory.write(call.tcb(), buffer, shown) ? shown.length : -LinuxAbi.EFAULT;
        }
        MemFs.Lookup found = paths.lookup(call.process(), dirFd, path);
        return found.error() != 0 ? found.error() : -LinuxAbi.EINVAL; // it exists, but is not a link
    }

    private int truncate(Call call) {
        String path = memory.string(call.tcb(), call.arg(0));
        if (path == null) return -LinuxAbi.EFAULT;
        MemFs.Lookup found = paths.lookup(call.process(), LinuxAbi.AT_FDCWD, path);
        if (found.error() != 0) return found.error();
        if (!(found.node() instanceof RegularFile)) return -LinuxAbi.EISDIR;
        return new MemFsFile(found.node(), LinuxAbi.O_WRONLY, system.pageCache(), system.fileSystemTime()).truncate(call.arg64(2));
    }
}
