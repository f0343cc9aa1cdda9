package czemu.kernel.container;

import czemu.kernel.memory.FramePool;

/**
 * A container: an isolated set of tasks with its own id (the top byte of their thread ids), its
 * pager, and its memory region: the frames its pager may give its tasks.
 */
public final class Container {
    private final int id;
    private final String name;
    private final FramePool frames;
    private int pagerTid;

    public Container(int id, String name, FramePool frames) {
        this.id = id;
        this.name = name;
        this.frames = frames;
    }

    public int id() { return id; }
    public String name() { return name; }
    public FramePool frames() { return frames; }
    public int pagerTid() { return pagerTid; }
    public void setPagerTid(int pagerTid) { this.pagerTid = pagerTid; }
}
