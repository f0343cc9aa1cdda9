package czemu.kernel.debug;

import czemu.kernel.arch.Cpu;
import czemu.kernel.arch.MemoryAccess;
import czemu.kernel.memory.PagePermissions;
import czemu.kernel.memory.PageTable;
import czemu.kernel.scheduler.Scheduler;
import czemu.kernel.space.AddressSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A debugger's watchpoints, made with the MMU. Unicorn memory hooks are ruled out (DESIGN.md §2:
 * any memory hook takes every load and store of the machine off the fast path), so a watched page
 * is <em>narrowed</em> in the page tables of every user space ({@link PageTable#narrow}): no
 * write where only writes are watched, no access at all where reads are. An access to such a page
 * aborts; the fault path sees that the owner's mapping allows it and hands the instruction to the
 * debugger, which looks at every access the instruction makes ({@link #hit}): one inside a watched
 * range of the right kind stops the thread before the instruction, anything else (a neighbour of
 * the watched bytes) is stepped over with the space's narrowing lifted for that one instruction.
 *
 * <p>Every task of the machine is a thread of one debuggee for gdb, so a watchpoint covers its
 * virtual range in every user space: existing ones at once, new ones (fork, exec, a container's
 * tasks) when they first go live on the MMU. Accesses made by the kernel on a thread's behalf (IPC
 * buffers, getid) and by the debugger itself see the owner's mapping and are not watched, as
 * ptrace's hardware watchpoints ignore the kernel's accesses.
 */
final class Watchpoints {
    /** Pages narrowed at most, over all watchpoints: a larger request is refused rather than slowing every space. */
    static final int MAX_PAGES = 4096;
    private static final int PAGE = 4096;
    /** What a page keeps when only writes to it are watched; reads and instruction fetches go on unhindered. */
    private static final PagePermissions NO_WRITE = PagePermissions.READ_EXECUTE;

    /** {@code length} bytes from {@code address}, caught for accesses of {@code kind}. */
    record Watch(int address, int length, DebugStop.WatchKind kind) {
        long start() {
            return Integer.toUnsignedLong(address);
        }

        long end() {
            return start() + length;
        }

        boolean catches(MemoryAccess access) {
            boolean kindMatches = switch (kind) {
                case WRITE -> access.write();
                case READ -> !access.write();
                case ACCESS -> true;
            };
            long first = Integer.toUnsignedLong(access.address());
            return kindMatches && first < end() && first + access.size() > start();
        }
    }

    /** A watched access: the watchpoint and its first byte the access touches (what gdb is told). */
    record Hit(Watch watch, int address) {}

    private final Cpu cpu;
    private final Scheduler scheduler;
    private final List<Watch> watches = new ArrayList<>();
    /** The most user access each watched page keeps. */
    private Map<Integer, PagePermissions> pages = Map.of();
    /** The tables narrowed for the present set of watches; weak, so a released space's table just goes. */
    private final Map<PageTable, Boolean> upToDate = new WeakHashMap<>();

    Watchpoints(Cpu cpu, Scheduler scheduler) {
        this.cpu = cpu;
        this.scheduler = scheduler;
    }

    boolean isEmpty() {
        return watches.isEmpty();
    }

    /** Adds a watchpoint over {@code spaces}; false when it would narrow more than {@link #MAX_PAGES} pages. Adding one twice is harmless. */
    boolean add(Watch watch, Iterable<AddressSpace> spaces) {
        if (watches.contains(watch)) return true;
        List<Watch> more = new ArrayList<>(watches);
        more.add(watch);
        Map<Integer, PagePermissions> wanted = pagesOf(more);
        if (wanted.size() > MAX_PAGES) return false;
        watches.add(watch);
        replacePages(wanted, spaces);
        return true;
    }

    void remove(Watch watch, Iterable<AddressSpace> spaces) {
        if (!watches.remove(watch)) return;
        replacePages(pagesOf(watches), spaces);
    }

    /** Drops every watchpoint and gives every space its owner's mappings back. */
    void clear(Iterable<AddressSpace> spaces) {
        watches.clear();
        replacePages(Map.of(), spaces);
    }

    /** The first access of an instruction that a watchpoint catches, or null. */
    Hit hit(List<MemoryAccess> accesses) {
        for (MemoryAccess access : accesses) {
            for (Watch watch : watches) {
                if (watch.catches(access)) {
                    long first = Math.max(Integer.toUnsignedLong(access.address()), watch.start());
                    return new Hit(watch, (int) first);
                }
            }
        }
        return null;
    }

    /** Narrows {@code space}'s table for the present watchpoints if it is not yet (a new space going live). */
    void bringUpToDate(AddressSpace space) {
        PageTable table = space.pageTable();
        if (table == null || pages.isEmpty() && !table.hasNarrowing() || upToDate.containsKey(table)) return;
        apply(space);
    }

    /** Gives {@code space} its owner's mappings until {@link #bringUpToDate} (one instruction is stepped over meanwhile). */
    void lift(AddressSpace space) {
        PageTable table = space.pageTable();
        if (table == null || !table.hasNarrowing()) return;
        for (int page : table.narrowedPages()) {
            table.widen(page);
            if (scheduler.isLive(space)) cpu.invalidateTlbEntry(page);
        }
        upToDate.remove(table);
    }

    private void replacePages(Map<Integer, PagePermissions> wanted, Iterable<AddressSpace> spaces) {
        pages = wanted;
        upToDate.clear();
        for (AddressSpace space : spaces) apply(space);
    }

    /** Makes the table's narrowing match {@link #pages} exactly. */
    private void apply(AddressSpace space) {
        PageTable table = space.pageTable();
        if (table == null) return;
        boolean live = scheduler.isLive(space);
        for (int page : table.narrowedPages()) {
            if (!pages.containsKey(page)) {
                table.widen(page);
                if (live) cpu.invalidateTlbEntry(page);
            }
        }
        for (Map.Entry<Integer, PagePermissions> page : pages.entrySet()) {
            table.narrow(page.getKey(), page.getValue());
            if (live) cpu.invalidateTlbEntry(page.getKey());
        }
        if (!pages.isEmpty()) upToDate.put(table, Boolean.TRUE);
    }

    /** Each page the watches touch, with no access where a read is watched and no write where only writes are. */
    private static Map<Integer, PagePermissions> pagesOf(List<Watch> watches) {
        Map<Integer, PagePermissions> wanted = new HashMap<>();
        for (Watch watch : watches) {
            PagePermissions atMost = watch.kind() == DebugStop.WatchKind.WRITE ? NO_WRITE : PagePermissions.NONE;
            for (long page = watch.start() & -PAGE; page < watch.end(); page += PAGE) {
                wanted.merge((int) page, atMost, (a, b) -> a == PagePermissions.NONE || b == PagePermissions.NONE
                        ? PagePermissions.NONE : NO_WRITE);
                if (wanted.size() > MAX_PAGES) return wanted;
            }
        }
        return wanted;
    }
}
