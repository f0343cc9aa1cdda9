package czemu.pager.fs;

/** A file system node: a directory or a regular file, with an inode number. */
public abstract sealed class Vnode permits Directory, RegularFile {
    private final int inode;
    private String name;
    private Directory parent;

    Vnode(int inode, String name, Directory parent) {
        this.inode = inode;
        this.name = name;
        this.parent = parent;
    }

    public int inode() { return inode; }
    public String name() { return name; }
    public Directory parent() { return parent; }

    /** rename: the node moves to another name or directory (memfs keeps one link per node). */
    void moveTo(Directory newParent, String newName) {
        this.parent = newParent;
        this.name = newName;
    }
}
