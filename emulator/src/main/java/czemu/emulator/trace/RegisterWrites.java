package czemu.emulator.trace;

import java.util.Arrays;

/**
 * The registers one instruction changed and their new values. Immutable; built with {@link Builder}.
 * "Changed" means different when the thread reached its next instruction, so for an SVC it holds
 * the system call's results.
 */
public final class RegisterWrites {
    public static final RegisterWrites NONE = new RegisterWrites(0, new int[Registers.COUNT]);

    private final int mask;
    private final int[] values;

    private RegisterWrites(int mask, int[] values) {
        this.mask = mask;
        this.values = values;
    }

    /** Bit n set when register n was written. */
    public int mask() {
        return mask;
    }

    public boolean has(int register) {
        return (mask & (1 << register)) != 0;
    }

    public int value(int register) {
        if (!has(register)) throw new IllegalArgumentException(Registers.name(register) + " was not written");
        return values[register];
    }

    public boolean isEmpty() {
        return mask == 0;
    }

    /** The registers that differ between two full register files ({@code before} and {@code after}, pc excluded). */
    public static RegisterWrites diff(int[] before, int[] after) {
        int mask = 0;
        for (int r = 0; r < Registers.COUNT; r++) {
            if (r != Registers.PC && before[r] != after[r]) mask |= 1 << r;
        }
        return mask == 0 ? NONE : new RegisterWrites(mask, after.clone());
    }

    /** These writes followed by {@code later} ones: the later value wins where both wrote. */
    public RegisterWrites then(RegisterWrites later) {
        if (later.mask == 0) return this;
        if (mask == 0) return later;
        int[] merged = values.clone();
        for (int r = 0; r < Registers.COUNT; r++) {
            if (later.has(r)) merged[r] = later.values[r];
        }
        return new RegisterWrites(mask | later.mask, merged);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RegisterWrites other) || other.mask != mask) return false;
        for (int r = 0; r < Registers.COUNT; r++) {
            if (has(r) && values[r] != other.values[r]) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = mask;
        for (int r = 0; r < Registers.COUNT; r++) {
            if (has(r)) hash = hash * 31 + values[r];
        }
        return hash;
    }

    /** {@code r0=00000001 sp=7fffffc8}, the way a czemu trace line lists them. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < Registers.COUNT; r++) {
            if (has(r)) {
                if (s.length() > 0) s.append(' ');
                s.append(Registers.name(r)).append('=').append(String.format("%08x", values[r]));
            }
        }
        return s.toString();
    }

    /** Collects writes one register at a time. */
    public static final class Builder {
        private int mask;
        private final int[] values = new int[Registers.COUNT];

        public Builder set(int register, int value) {
            mask |= 1 << register;
            values[register] = value;
            return this;
        }

        public RegisterWrites build() {
            return mask == 0 ? NONE : new RegisterWrites(mask, Arrays.copyOf(values, values.length));
        }
    }
}
