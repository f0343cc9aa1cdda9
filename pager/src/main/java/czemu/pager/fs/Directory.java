package czemu.pager.fs;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A memfs directory: its entries in creation order (the order READDIR lists them in). */
public final class Directory extends Vnode {
    private final Map<String, Vnode> entries = new LinkedHashMap<>();

    Directory(int inode, String name, Directory parent) {
        super(inode, name, parent);
    }

    public Vnode lookup(String name) {
        return entries.get(name);
    }

    void add(Vnode node) {
        entries.put(node.name(), node);
    }

    void remove(String name) {
        entries.remove(name);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public Collection<Vnode> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }
}
