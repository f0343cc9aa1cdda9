package czemu.pager.linux;

import czemu.pager.linux.abi.LinuxSyscalls;
import java.util.HashMap;
import java.util.Map;

/**
 * The Linux calls czemu serves, by number: each with its name, how --strace shows its arguments
 * ({@link CallFormatter}) and its handler. Each group of calls (files, memory, processes, ...)
 * registers its own; a number nobody registered is unknown.
 */
public final class LinuxCallTable {
    /** A served call. */
    public record Entry(String name, String arguments, LinuxCall handler) {}

    private final Map<Integer, Entry> entries = new HashMap<>();

    /** Serves {@code number} with {@code handler}; {@code arguments} holds one {@link CallFormatter} letter per argument. */
    public void add(int number, String arguments, LinuxCall handler) {
        if (entries.putIfAbsent(number, new Entry(LinuxSyscalls.name(number), arguments, handler)) != null) {
            throw new IllegalStateException("Linux call " + LinuxSyscalls.name(number) + " registered twice");
        }
    }

    /** The entry for {@code number}, or null when it is not served. */
    public Entry find(int number) {
        return entries.get(number);
    }

    public int size() {
        return entries.size();
    }
}
