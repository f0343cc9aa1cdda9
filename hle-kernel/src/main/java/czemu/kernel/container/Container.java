package czemu.kernel.container;

/** A container: an isolated set of tasks with its own id (the top byte of their thread ids) and pager. */
public final class Container {
    private final int id;
    private final String name;
    private int pagerTid;

    public Container(int id, String name) {
        this.id = id;
        this.name = name;
    }

    public int id() { return id; }
    public String name() { return name; }
    public int pagerTid() { return pagerTid; }
    public void setPagerTid(int pagerTid) { this.pagerTid = pagerTid; }
}
