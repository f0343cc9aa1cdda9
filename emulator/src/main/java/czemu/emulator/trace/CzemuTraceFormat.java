package czemu.emulator.trace;

import czemu.kernel.abi.IpcTags;
import czemu.kernel.abi.ThreadIds;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * The words of czemu's own trace format (docs/traces.md), shared by {@link TraceWriter} and
 * {@link CzemuTraceReader}.
 */
public final class CzemuTraceFormat {
    /** The first word of the header line; the format version follows it. */
    static final String MAGIC = "czemu-trace";
    static final int VERSION = 1;

    /** Header words for the granularity: a record per instruction, or per translation block. */
    static final String INSTRUCTIONS = "instructions";
    static final String BLOCKS = "blocks";

    static final String INSTRUCTION_LINE = "I";
    static final String PC_LINE = "P";
    static final String BLOCKED = "blocked";

    private static final String[] TAG_NAMES = tagNames();
    private static final Map<String, Integer> TAGS_BY_NAME = new HashMap<>();

    static {
        for (int tag = 0; tag < TAG_NAMES.length; tag++) {
            if (TAG_NAMES[tag] != null) TAGS_BY_NAME.put(TAG_NAMES[tag], tag);
        }
    }

    private CzemuTraceFormat() {
    }

    /** A thread as czemu's reports show it: {@code 2}, {@code 1:2} in container 1, NILTHREAD. */
    public static String thread(int tid) {
        return ThreadIds.describe(tid);
    }

    /** The inverse of {@link #thread}; throws NumberFormatException for anything else. */
    public static int parseThread(String text) {
        switch (text) {
            case "NILTHREAD": return ThreadIds.NIL_THREAD;
            case "ANYTHREAD": return ThreadIds.ANY_THREAD;
            default: break;
        }
        int colon = text.indexOf(':');
        if (colon < 0) return Integer.parseUnsignedInt(text);
        return ThreadIds.of(Integer.parseInt(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
    }

    /** An IPC tag by its IpcTags name (OPEN, PFAULT, ...), or its number. */
    static String tag(int tag) {
        return tag >= 0 && tag < TAG_NAMES.length && TAG_NAMES[tag] != null ? TAG_NAMES[tag] : Integer.toString(tag);
    }

    static int parseTag(String text) {
        Integer named = TAGS_BY_NAME.get(text);
        return named != null ? named : Integer.parseInt(text);
    }

    /** A Linux signal by name (SIGUSR1), or its number when it has none. */
    static String signal(int signal) {
        return czemu.pager.linux.CallFormatter.signalName(signal);
    }

    /** The inverse of {@link #signal}; throws NumberFormatException for anything else. */
    static int parseSignal(String text) {
        for (int signal = 1; signal <= czemu.pager.linux.abi.LinuxAbi.NSIG; signal++) {
            if (signal(signal).equals(text)) return signal;
        }
        return Integer.parseInt(text);
    }

    /** Program names may hold spaces; a trace line may not. */
    static String escape(String text) {
        return text.replace("%", "%25").replace(" ", "%20").replace("\n", "%0a");
    }

    static String unescape(String text) {
        return text.replace("%20", " ").replace("%0a", "\n").replace("%25", "%");
    }

    private static String[] tagNames() {
        String[] names = new String[IpcTags.TAG_MASK + 1];
        for (Field field : IpcTags.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class && !field.getName().equals("TAG_MASK")) {
                try {
                    int tag = field.getInt(null);
                    if (names[tag] == null) names[tag] = field.getName();
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
