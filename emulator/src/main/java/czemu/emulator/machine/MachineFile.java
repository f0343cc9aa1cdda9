package czemu.emulator.machine;

import czemu.kernel.capability.BootCapabilities;
import czemu.kernel.scheduler.SchedulingMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A machine configuration file ({@code czemu run --config FILE}): an INI text with one
 * {@code [machine]} section and one {@code [container NAME]} section per container, in id order.
 * <pre>
 * [machine]
 * ram = 256                 # MiB
 * scheduling = fast         # or deterministic
 *
 * [container posix]         # container 0: its first task's exit status is czemu's
 * program = hello.elf       # relative to this file
 * args = one two
 * file = data.txt:/data.txt # repeatable, as --file
 * root = rootfs             # as --root
 * ram = 32                  # MiB: its memory region (default: all RAM)
 * capabilities = strict     # or posix (default): what its pager shares with its tasks
 * share = thread-control    # also share thread_control and exchange_registers (and
 *                           # capability-control, memory; several separated by spaces)
 * reach = other             # its tasks may also IPC the threads of these containers
 * </pre>
 * Errors name the file, the line and the problem.
 */
public record MachineFile(Integer ramMib, SchedulingMode scheduling, List<ContainerSpec> containers) {

    /** The capability options of one container: its policy, and the ids of the containers it may reach. */
    public static czemu.kernel.Capabilities.BootOptions bootOptions(ContainerSpec container, List<ContainerSpec> all) {
        List<Integer> ids = new ArrayList<>();
        for (String other : container.reach()) {
            for (int i = 0; i < all.size(); i++) if (all.get(i).name().equals(other)) ids.add(i);
        }
        return new czemu.kernel.Capabilities.BootOptions(container.policy(), container.shares(), ids);
    }

    /** One container: its program and what its file system starts with. */
    public record ContainerSpec(String name, Path program, List<String> args, List<String> files, Path root, int regionMib,
                                BootCapabilities.Policy policy, Set<BootCapabilities.Share> shares, List<String> reach) {
        public ContainerSpec(String name, Path program, List<String> args, List<String> files, Path root) {
            this(name, program, args, files, root, 0, BootCapabilities.Policy.POSIX, Set.of(), List.of());
        }
    }

    public static MachineFile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Path base = file.toAbsolutePath().getParent();
        Integer ram = null;
        SchedulingMode scheduling = null;
        List<ContainerSpec> containers = new ArrayList<>();
        String section = null;
        String name = null;
        Path program = null, root = null;
        int region = 0;
        BootCapabilities.Policy policy = BootCapabilities.Policy.POSIX;
        Set<BootCapabilities.Share> shares = Set.of();
        List<String> reach = List.of();
        List<String> args = List.of(), files = new ArrayList<>();
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? stripComment(lines.get(i)) : "[end]";
            if (line.isEmpty()) continue;
            String where = file + ":" + (i + 1) + ": ";
            if (line.startsWith("[")) {
                if ("container".equals(section)) {
                    if (program == null) throw new IOException(where + "[container " + name + "] has no program");
                    containers.add(new ContainerSpec(name, program, args, files, root, region, policy, shares, reach));
                }
                if (!line.endsWith("]")) throw new IOException(where + "a section header ends with ]");
                String[] header = line.substring(1, line.length() - 1).trim().split("\\s+", 2);
                section = header[0];
                if (section.equals("container")) {
                    if (header.length < 2) throw new IOException(where + "[container NAME] needs a name");
                    name = header[1];
                    program = null;
                    root = null;
                    region = 0;
                    policy = BootCapabilities.Policy.POSIX;
                    shares = Set.of();
                    reach = List.of();
                    args = List.of();
                    files = new ArrayList<>();
                } else if (!section.equals("machine") && !section.equals("end")) {
                    throw new IOException(where + "unknown section [" + section + "] (expected [machine] or [container NAME])");
                }
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0 || section == null) throw new IOException(where + "expected KEY = VALUE inside a section");
            String key = line.substring(0, equals).trim(), value = line.substring(equals + 1).trim();
            switch (section + "." + key) {
                case "machine.ram" -> ram = number(where, key, value);
                case "machine.scheduling" -> scheduling = switch (value) {
                    case "fast" -> SchedulingMode.FAST;
                    case "deterministic" -> SchedulingMode.DETERMINISTIC;
                    default -> throw new IOException(where + "scheduling is fast or deterministic, not " + value);
                };
                case "container.program" -> program = base.resolve(value);
                case "container.args" -> args = value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
                case "container.file" -> files.add(resolveHost(base, value));
                case "container.root" -> root = base.resolve(value);
                case "container.capabilities" -> policy = policy(where + "capabilities", value);
                case "container.share" -> shares = shares(where + "share", List.of(value.split("\\s+")));
                case "container.reach" -> reach = value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
                case "container.ram" -> {
                    region = number(where, key, value);
                    if (region < 1) throw new IOException(where + "a container's ram is at least 1 MiB, not " + value);
                }
                default -> throw new IOException(where + "unknown key '" + key + "' in [" + section + "]");
            }
        }
        if (containers.isEmpty()) throw new IOException(file + ": no [container NAME] section");
        List<String> names = containers.stream().map(ContainerSpec::name).toList();
        for (ContainerSpec c : containers) {
            for (String other : c.reach()) {
                if (!names.contains(other)) throw new IOException(file + ": [container " + c.name() + "] reaches " + other + ", which is no container here");
            }
        }
        return new MachineFile(ram, scheduling, containers);
    }

    /** A capability policy by name; {@code what} prefixes the error (a file and line, or an option). */
    public static BootCapabilities.Policy policy(String what, String value) throws IOException {
        return switch (value) {
            case "posix" -> BootCapabilities.Policy.POSIX;
            case "strict" -> BootCapabilities.Policy.STRICT;
            default -> throw new IOException(what + " is posix or strict, not " + value);
        };
    }

    /**
     * What a container shares beyond its policy, by name: thread-control, capability-control, memory
     * ({@link BootCapabilities.Share}); {@code what} prefixes the error.
     */
    public static Set<BootCapabilities.Share> shares(String what, List<String> values) throws IOException {
        Set<BootCapabilities.Share> out = EnumSet.noneOf(BootCapabilities.Share.class);
        for (String value : values) {
            BootCapabilities.Share share = BootCapabilities.Share.parse(value);
            if (share == null) throw new IOException(what + " knows thread-control, capability-control and memory, not " + value);
            out.add(share);
        }
        return Collections.unmodifiableSet(out);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).trim();
    }

    private static int number(String where, String key, String value) throws IOException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IOException(where + key + " is a number, not " + value);
        }
    }

    /** HOST:GUEST with HOST relative to the configuration file. */
    private static String resolveHost(Path base, String spec) {
        int colon = spec.lastIndexOf(':');
        return colon <= 0 ? spec : base.resolve(spec.substring(0, colon)) + spec.substring(colon);
    }
}
