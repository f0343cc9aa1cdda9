package czemu.pager.fs;

/** One open file description: the node and this descriptor's own cursor (§3.3: each fd has its own). */
public final class OpenFile {
    private final Vnode node;
    private long cursor;

    public OpenFile(Vnode node) {
        this.node = node;
    }

    public Vnode node() { return node; }
    public long cursor() { return cursor; }
    public void setCursor(long cursor) { this.cursor = cursor; }
}
