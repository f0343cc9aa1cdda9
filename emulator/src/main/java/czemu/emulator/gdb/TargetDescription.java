package czemu.emulator.gdb;

/**
 * The XML target description served as {@code qXfer:features:read:target.xml}: the standard ARM
 * features gdb knows ({@code org.gnu.gdb.arm.core}, {@code org.gnu.gdb.arm.vfp} with d0..d31 and
 * fpscr, and {@code org.gnu.gdb.arm.neon}, which only tells gdb to synthesize q0..q15), numbered
 * as {@link ArmRegister} says.
 */
final class TargetDescription {
    private TargetDescription() {}

    static final String TARGET_XML = build();

    private static String build() {
        StringBuilder x = new StringBuilder(4096);
        x.append("<?xml version=\"1.0\"?>\n");
        x.append("<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n");
        x.append("<target version=\"1.0\">\n");
        x.append("  <architecture>arm</architecture>\n");
        x.append("  <feature name=\"org.gnu.gdb.arm.core\">\n");
        for (int i = 0; i <= 12; i++) reg(x, "r" + i, 32, i, null, null);
        reg(x, "sp", 32, 13, "data_ptr", null);
        reg(x, "lr", 32, 14, null, null);
        reg(x, "pc", 32, 15, "code_ptr", null);
        // gdb's own numbering: 16..24 were the FPA registers, so cpsr is 25.
        reg(x, "cpsr", 32, ArmRegister.CPSR.gdbNumber(), null, null);
        x.append("  </feature>\n");
        x.append("  <feature name=\"org.gnu.gdb.arm.vfp\">\n");
        for (int i = 0; i < 32; i++) {
            reg(x, "d" + i, 64, ArmRegister.d(i).gdbNumber(), "ieee_double", null);
        }
        reg(x, "fpscr", 32, ArmRegister.FPSCR.gdbNumber(), "int", "float");
        x.append("  </feature>\n");
        x.append("  <feature name=\"org.gnu.gdb.arm.neon\"/>\n");
        x.append("</target>\n");
        return x.toString();
    }

    private static void reg(StringBuilder x, String name, int bits, int regnum, String type,
                            String group) {
        x.append("    <reg name=\"").append(name).append("\" bitsize=\"").append(bits)
                .append("\" regnum=\"").append(regnum).append('"');
        if (type != null) x.append(" type=\"").append(type).append('"');
        if (group != null) x.append(" group=\"").append(group).append('"');
        x.append("/>\n");
    }
}
