package czemu.emulator.debug;

import czemu.emulator.gdb.ArmRegisters;
import czemu.emulator.gdb.ThreadInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the debugger has learnt about the machine since it last stopped: the thread list, registers
 * and whole pages of memory. Nothing in the machine changes while it stands still except through
 * the debugger's own writes, so each question is asked of the engine thread once per stop (gdb
 * asks for the same instruction words many times over around every single step); the machine
 * also puts in what gdb always asks first (the stopping thread's registers and code page) before
 * it reports the stop. Forgotten when the machine resumes; written memory and registers are
 * forgotten at once.
 *
 * <p>Thread-safe: filled on the engine thread, read on the stub's session thread.
 */
final class StopCache {
    static final int PAGE = 4096;

    private List<ThreadInfo> threads;
    private final Map<Integer, ArmRegisters> registers = new HashMap<>();
    /** Pages by thread and page address; an empty array is a page the debugger cannot read. */
    private final Map<Long, byte[]> pages = new HashMap<>();

    synchronized void forgetAll() {
        threads = null;
        registers.clear();
        pages.clear();
    }

    synchronized List<ThreadInfo> threads() {
        return threads;
    }

    synchronized void putThreads(List<ThreadInfo> list) {
        threads = List.copyOf(list);
    }

    /** A copy of the thread's registers, or null if not known. */
    synchronized ArmRegisters registers(int thread) {
        ArmRegisters known = registers.get(thread);
        return known == null ? null : new ArmRegisters(known);
    }

    synchronized void putRegisters(int thread, ArmRegisters values) {
        registers.put(thread, new ArmRegisters(values));
    }

    synchronized void forgetRegisters(int thread) {
        registers.remove(thread);
    }

    /** The whole page at {@code page} as {@code thread} sees it (empty: unreadable), or null if not known. */
    synchronized byte[] page(int thread, int page) {
        return pages.get(key(thread, page));
    }

    synchronized void putPage(int thread, int page, byte[] contents) {
        pages.put(key(thread, page), contents);
    }

    /** After a write: any thread may share the written page, so every page is read again. */
    synchronized void forgetMemory() {
        pages.clear();
    }

    private static long key(int thread, int page) {
        return (long) thread << 32 | Integer.toUnsignedLong(page);
    }
}
