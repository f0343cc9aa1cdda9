package czemu.pager.exec;

import czemu.kernel.fault.UserMemory;
import czemu.kernel.thread.Tcb;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads C strings and NULL-terminated pointer arrays out of a task's memory, through the fault path (execve's arguments, paths). */
public final class UserStrings {
    /** mm0 copies at most a page of arguments (ARGS_MAX) and a page of path. */
    static final int MAX_STRING = 4096, MAX_POINTERS = 1024;

    private final UserMemory memory;

    public UserStrings(UserMemory memory) {
        this.memory = memory;
    }

    /** The string at {@code address}, or null if it is unreadable or has no NUL within MAX_STRING bytes. */
    public String string(Tcb thread, int address) {
        byte[] bytes = new byte[MAX_STRING];
        int length = 0;
        while (length < MAX_STRING) {
            int chunk = Math.min(MAX_STRING - length, 4096 - ((address + length) & 0xFFF));
            if (!memory.read(thread, address + length, bytes, length, chunk)) return null;
            for (int i = length; i < length + chunk; i++) {
                if (bytes[i] == 0) return new String(bytes, 0, i, StandardCharsets.UTF_8);
            }
            length += chunk;
        }
        return null;
    }

    /** The strings of a NULL-terminated array of pointers (argv, envp); null on a bad pointer. A NULL array is empty. */
    public List<String> array(Tcb thread, int address) {
        List<String> strings = new ArrayList<>();
        if (address == 0) return strings;
        int[] pointer = new int[1];
        for (int i = 0; i < MAX_POINTERS; i++) {
            if (!memory.readWords(thread, address + 4 * i, pointer)) return null;
            if (pointer[0] == 0) return strings;
            String s = string(thread, pointer[0]);
            if (s == null) return null;
            strings.add(s);
        }
        return null;
    }
}
