package czemu.emulator.trace;

/**
 * The AArch32 core registers a trace speaks of, numbered r0..r12, sp (13), lr (14), pc (15) and
 * cpsr (16), so a set of them fits in an int mask and their values in an int[{@link #COUNT}].
 */
public final class Registers {
    public static final int SP = 13;
    public static final int LR = 14;
    public static final int PC = 15;
    public static final int CPSR = 16;
    public static final int COUNT = 17;

    private static final String[] NAMES = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
        "r12", "sp", "lr", "pc", "cpsr"};

    private Registers() {
    }

    /** The name a czemu trace uses: {@code r0}..{@code r12}, {@code sp}, {@code lr}, {@code pc}, {@code cpsr}. */
    public static String name(int register) {
        return NAMES[register];
    }

    /**
     * The number of a core register named the way czemu, QEMU ({@code R13}, {@code PSR}), Tarmac
     * ({@code r13}, {@code R0}, {@code cpsr}) or the assembler ({@code fp}, {@code ip}) spell it,
     * in any case; -1 for anything else (FP and system registers, banked copies).
     */
    public static int number(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        switch (n) {
            case "sp": return SP;
            case "lr": return LR;
            case "pc": return PC;
            case "cpsr": case "psr": case "xpsr": return CPSR;
            case "fp": return 11;
            case "ip": return 12;
            case "sb": return 9;
            case "sl": return 10;
            default: break;
        }
        if (n.length() >= 2 && n.length() <= 3 && n.charAt(0) == 'r') {
            int number = 0;
            for (int i = 1; i < n.length(); i++) {
                char c = n.charAt(i);
                if (c < '0' || c > '9') return -1;
                number = number * 10 + (c - '0');
            }
            // "r07" is how QEMU would never write it, but R00..R15 are its names.
            return number <= PC ? number : -1;
        }
        return -1;
    }

    /** Parses a comma-separated list such as {@code r12,cpsr} into a mask; names the bad one otherwise. */
    public static int mask(String list) {
        int mask = 0;
        for (String part : list.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) continue;
            int number = number(name);
            if (number < 0) throw new IllegalArgumentException("not a core register: " + name);
            mask |= 1 << number;
        }
        return mask;
    }
}
