package czemu.pager.fs;

import czemu.kernel.abi.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * mm0's in-memory file system (codezero-abi.md §3.7): absolute paths start at the root, relative ones
 * at the task's current directory; "." components and repeated slashes are ignored, ".." goes up.
 */
public final class MemFs {
    private int nextInode = 1;
    private final Directory root = new Directory(nextInode++, "/", null);

    public Directory root() {
        return root;
    }

    /** The node at {@code path}, or a negative errno (-ENOENT, -ENOTDIR) as a {@link Lookup}. */
    public Lookup lookup(Directory cwd, String path) {
        Directory dir = path.startsWith("/") ? root : cwd;
        Vnode node = dir;
        for (String part : components(path)) {
            if (!(node instanceof Directory current)) return Lookup.error(-Errno.ENOTDIR);
            node = part.equals("..") ? (current.parent() == null ? current : current.parent()) : current.lookup(part);
            if (node == null) return Lookup.error(-Errno.ENOENT);
        }
        return Lookup.found(node);
    }

    /** Creates a file; with O_CREAT mm0 always makes a new node, so an existing name is -EEXIST (§3.3). */
    public Lookup createFile(Directory cwd, String path) {
        return create(cwd, path, false);
    }

    public Lookup makeDirectory(Directory cwd, String path) {
        return create(cwd, path, true);
    }

    private Lookup create(Directory cwd, String path, boolean directory) {
        List<String> parts = components(path);
        if (parts.isEmpty()) return Lookup.error(-Errno.EEXIST);
        String name = parts.remove(parts.size() - 1);
        if (name.equals("..")) return Lookup.error(-Errno.EEXIST);
        Lookup parent = lookup(cwd, (path.startsWith("/") ? "/" : "") + String.join("/", parts));
        if (parent.error() != 0) return parent;
        if (!(parent.node() instanceof Directory dir)) return Lookup.error(-Errno.ENOTDIR);
        if (dir.lookup(name) != null) return Lookup.error(-Errno.EEXIST);
        Vnode node = directory ? new Directory(nextInode++, name, dir) : new RegularFile(nextInode++, name, dir);
        dir.add(node);
        return Lookup.found(node);
    }

    /** The directory at an absolute path, creating what is missing (importing host files). */
    public Lookup makeDirectories(String path) {
        Directory dir = root;
        for (String part : components(path)) {
            Vnode next = part.equals("..") ? dir.parent() : dir.lookup(part);
            if (next == null) {
                next = new Directory(nextInode++, part, dir);
                dir.add(next);
            }
            if (!(next instanceof Directory d)) return Lookup.error(-Errno.ENOTDIR);
            dir = d;
        }
        return Lookup.found(dir);
    }

    private static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) parts.add(part);
        }
        return parts;
    }

    /** A lookup result: a node, or a negative errno. */
    public record Lookup(Vnode node, int error) {
        static Lookup found(Vnode node) {
            return new Lookup(node, 0);
        }

        static Lookup error(int errno) {
            return new Lookup(null, errno);
        }
    }
}
