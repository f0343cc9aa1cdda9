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

    /**
     * Removes the entry at {@code path} (unlink, rmdir): -ENOENT when missing, -EISDIR or -ENOTDIR when it is
     * not of the kind asked for, -ENOTEMPTY for a directory with entries, -EBUSY for the root. An open
     * file stays readable through its descriptors (they hold the node).
     */
    public int remove(Directory cwd, String path, boolean directory) {
        Lookup found = lookup(cwd, path);
        if (found.error() != 0) return found.error();
        Vnode node = found.node();
        if (node == root) return -Errno.EBUSY;
        if (directory && !(node instanceof Directory)) return -Errno.ENOTDIR;
        if (!directory && node instanceof Directory) return -Errno.EISDIR;
        if (node instanceof Directory dir && !dir.isEmpty()) return -Errno.ENOTEMPTY;
        node.parent().remove(node.name());
        return 0;
    }

    /**
     * Moves the node at {@code from} (relative to {@code fromBase}) to {@code to} (relative to {@code toBase}), replacing a file there (or an empty directory by a
     * directory), as rename(2) does: -ENOENT, -ENOTDIR, -EISDIR, -ENOTEMPTY, or -EINVAL for a directory
     * moved below itself.
     */
    public int rename(Directory fromBase, String from, Directory toBase, String to) {
        Lookup source = lookup(fromBase, from);
        if (source.error() != 0) return source.error();
        Vnode node = source.node();
        if (node == root) return -Errno.EBUSY;
        List<String> parts = components(to);
        if (parts.isEmpty()) return -Errno.EBUSY;
        String name = parts.remove(parts.size() - 1);
        if (name.equals("..")) return -Errno.EBUSY;
        Lookup parent = lookup(toBase, (to.startsWith("/") ? "/" : "") + String.join("/", parts));
        if (parent.error() != 0) return parent.error();
        if (!(parent.node() instanceof Directory target)) return -Errno.ENOTDIR;
        for (Directory up = target; up != null; up = up.parent()) {
            if (up == node) return -Errno.EINVAL;
        }
        Vnode existing = target.lookup(name);
        if (existing == node) return 0;
        if (existing != null) {
            if (node instanceof Directory && !(existing instanceof Directory)) return -Errno.ENOTDIR;
            if (!(node instanceof Directory) && existing instanceof Directory) return -Errno.EISDIR;
            if (existing instanceof Directory dir && !dir.isEmpty()) return -Errno.ENOTEMPTY;
            target.remove(name);
        }
        node.parent().remove(node.name());
        node.moveTo(target, name);
        target.add(node);
        return 0;
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
