package czemu.emulator.trace;

import java.util.Locale;

/** What a faulting access tried to do. */
public enum FaultAccess {
    READ, WRITE, EXECUTE;

    /** {@code read}, {@code write} or {@code exec}, as a trace line spells it. */
    public String word() {
        return this == EXECUTE ? "exec" : name().toLowerCase(Locale.ROOT);
    }

    /** The access a trace word names, or null. */
    public static FaultAccess ofWord(String word) {
        for (FaultAccess access : values()) {
            if (access.word().equals(word)) return access;
        }
        return null;
    }
}
