package czemu.emulator.gdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to resume, from one {@code vCont} (or legacy {@code c}/{@code s}/{@code C}/{@code S}) packet.
 *
 * @param actions       per-thread actions, for thread ids the stub has checked exist
 * @param defaultAction what every other thread does, or null: every other thread stays stopped
 *                      (all-stop mode: when the target stops, all threads stop)
 */
public record ResumeRequest(Map<Integer, ResumeAction> actions, ResumeAction defaultAction) {
    public ResumeRequest {
        actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
    }

    /** The action of {@code thread}: its own, else the default, else null (stays stopped). */
    public ResumeAction actionFor(int thread) {
        ResumeAction a = actions.get(thread);
        return a != null ? a : defaultAction;
    }

    /** Every thread continues. */
    public static ResumeRequest continueAll() {
        return new ResumeRequest(Map.of(), ResumeAction.CONTINUE);
    }
}
