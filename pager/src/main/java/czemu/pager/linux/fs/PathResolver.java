package czemu.pager.linux.fs;

import czemu.pager.fs.Directory;
import czemu.pager.fs.MemFs;
import czemu.pager.fs.Vnode;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.process.LinuxProcess;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Paths of Linux calls in mm0's memfs: absolute ones from the root, relative ones from the current
 * directory or, for the *at calls, from the directory a descriptor names. The guest's root is
 * memfs's root, so no path leads outside it. Two names are not in memfs: /dev/null (a device) and
 * /proc/self/exe (a link to the running program, for readlink and execve).
 */
public final class PathResolver {
    public static final String SELF_EXE = "/proc/self/exe";

    /** The directory a path starts from, or the errno that stops it. */
    public record Base(Directory directory, int error) {}

    private final MemFs fs;

    public PathResolver(MemFs fs) {
        this.fs = fs;
    }

    public MemFs fs() {
        return fs;
    }

    /** Where {@code path} starts for a call given {@code dirFd} (AT_FDCWD: the current directory). */
    public Base base(LinuxProcess process, int dirFd, String path) {
        if (path.startsWith("/") || dirFd == LinuxAbi.AT_FDCWD) return new Base(process.cwd(), 0);
        OpenFileDescription file = process.files().get(dirFd);
        if (file == null) return new Base(null, -LinuxAbi.EBADF);
        if (!(file.node() instanceof Directory directory)) return new Base(null, -LinuxAbi.ENOTDIR);
        return new Base(directory, 0);
    }

    /** The node at {@code path}; an empty path is -ENOENT, as in Linux. */
    public MemFs.Lookup lookup(LinuxProcess process, int dirFd, String path) {
        if (path.isEmpty()) return new MemFs.Lookup(null, -LinuxAbi.ENOENT);
        Base base = base(process, dirFd, path);
        if (base.error() != 0) return new MemFs.Lookup(null, base.error());
        return fs.lookup(base.directory(), path);
    }

    /** The absolute, normalised form of {@code path} seen from {@code cwd} ("." and ".." resolved by name). */
    public static String absolute(Directory cwd, String path) {
        Deque<String> parts = new ArrayDeque<>();
        if (!path.startsWith("/")) {
            for (Vnode dir = cwd; dir != null && dir.parent() != null; dir = dir.parent()) parts.addFirst(dir.name());
        }
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** getcwd's answer for a directory: its path from the root. */
    public static String pathOf(Directory directory) {
        return absolute(directory, ".");
    }
}
