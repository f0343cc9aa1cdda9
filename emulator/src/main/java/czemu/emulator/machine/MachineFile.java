package czemu.emulator.machine;

import czemu.kernel.scheduler.SchedulingMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * </pre>
 * Errors name the file, the line and the problem.
 */
public record MachineFile(Integer ramMib, SchedulingMode scheduling, List<ContainerSpec> containers) {

    /** One container: its program and what its file system starts with. */
    public record ContainerSpec(String name, Path program, List<String> args, List<String> files, Path root, int regionMib) {
        public ContainerSpec(String name, Path program, List<String> args, List<String> files, Path root) {
            this(name, program, args, files, root, 0);
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
        List<String> args = List.of(), files = new ArrayList<>();
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? stripComment(lines.get(i)) : "[end]";
            if (line.isEmpty()) continue;
            String where = file + ":" + (i + 1) + ": ";
            if (line.startsWith("[")) {
                if ("container".equals(section)) {
                    if (program == null) throw new IOException(where + "[container " + name + "] has no program");
                    containers.add(new ContainerSpec(name, program, args, files, root, region));
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
                case "container.ram" -> {
                    region = number(where, key, value);
                    if (region < 1) throw new IOException(where + "a container's ram is at least 1 MiB, not " + value);
                }
                default -> throw new IOException(where + "unknown key '" + key + "' in [" + section + "]");
            }
        }
        if (containers.isEmpty()) throw new IOException(file + ": no [container NAME] section");
        return new MachineFile(ram, scheduling, containers);
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
