package czemu.emulator.gdb;

import java.nio.charset.StandardCharsets;

/**
 * Encoding helpers of the remote serial protocol. Packet payloads are handled as ISO-8859-1
 * strings, one char per byte, so binary data survives unchanged.
 */
final class Rsp {
    private Rsp() {}

    /** A packet the stub cannot make sense of; answered with {@code E01}. */
    static final class BadPacket extends RuntimeException {
        BadPacket(String why) { super(why, null, false, false); }
    }

    static final char[] HEX = "0123456789abcdef".toCharArray();

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    static int checksum(CharSequence s) {
        int sum = 0;
        for (int i = 0; i < s.length(); i++) sum += s.charAt(i);
        return sum & 0xFF;
    }

    /** {@code $payload#cs} as bytes. */
    static byte[] frame(String payload) {
        int cs = checksum(payload);
        String framed = "$" + payload + "#" + HEX[cs >> 4] + HEX[cs & 15];
        return framed.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String toHex(byte[] bytes) {
        return toHex(bytes, 0, bytes.length);
    }

    static String toHex(byte[] bytes, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 2);
        for (int i = off; i < off + len; i++) {
            sb.append(HEX[(bytes[i] >> 4) & 15]).append(HEX[bytes[i] & 15]);
        }
        return sb.toString();
    }

    static String textToHex(String text) {
        return toHex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hex pairs to bytes; throws {@link BadPacket} on odd length or a non-hex digit. */
    static byte[] fromHex(CharSequence s) {
        if ((s.length() & 1) != 0) throw new BadPacket("odd hex length");
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = hexValue(s.charAt(2 * i)), lo = hexValue(s.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) throw new BadPacket("bad hex");
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** An unsigned hex number of at most {@code maxDigits} significant digits (leading zeros free). */
    static long parseHex(String s, int maxDigits) {
        if (s.isEmpty()) throw new BadPacket("empty number");
        long v = 0;
        int significant = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = hexValue(s.charAt(i));
            if (d < 0) throw new BadPacket("bad hex digit");
            if (significant > 0 || d != 0) significant++;
            if (significant > maxDigits) throw new BadPacket("number too large");
            v = v << 4 | d;
        }
        return v;
    }

    /** A 32-bit guest address. */
    static long parseAddress(String s) {
        return parseHex(s, 8);
    }

    /** A non-negative length/offset that fits an int. */
    static int parseLength(String s) {
        long v = parseHex(s, 8);
        if (v > Integer.MAX_VALUE) throw new BadPacket("length too large");
        return (int) v;
    }

    /** Thread id in a packet: -1 (all), 0 (any), a positive id; {@code pPID.TID} is accepted too. */
    static int parseThreadId(String s) {
        if (s.startsWith("p")) {
            int dot = s.indexOf('.');
            if (dot < 0) return -1; // pPID: all threads of the process
            s = s.substring(dot + 1);
        }
        if (s.equals("-1")) return -1;
        long v = parseHex(s, 8);
        if (v > Integer.MAX_VALUE) throw new BadPacket("thread id too large");
        return (int) v;
    }

    static String threadIdHex(int id) {
        return Integer.toHexString(id);
    }

    /** Adds {@code b} to {@code sb}, escaped for binary packets ({@code # $ } *}). */
    static void appendEscaped(StringBuilder sb, int b) {
        b &= 0xFF;
        if (b == '#' || b == '$' || b == '}' || b == '*') sb.append('}').append((char) (b ^ 0x20));
        else sb.append((char) b);
    }

    /** Undoes binary escaping; throws {@link BadPacket} on a dangling escape. */
    static byte[] unescape(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '}') {
                if (++i >= s.length()) throw new BadPacket("dangling escape");
                out[n++] = (byte) (s.charAt(i) ^ 0x20);
            } else {
                out[n++] = (byte) c;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * Expands run-length encoding ({@code c*n}: n - 29 more copies of c). Returns {@code s} when
     * it has no {@code *}; throws {@link BadPacket} if the result would exceed {@code limit}.
     */
    static String expandRunLength(String s, int limit) {
        if (s.indexOf('*') < 0) return s;
        StringBuilder sb = new StringBuilder(Math.min(limit, s.length() * 2));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '}' && i + 1 < s.length()) { // an escape pair is never a run's start or count
                sb.append(c).append(s.charAt(++i));
            } else if (c == '*') {
                if (sb.length() == 0 || i + 1 >= s.length()) throw new BadPacket("bad run length");
                int count = s.charAt(++i) - 29;
                if (count < 0 || count > 97) throw new BadPacket("bad run length");
                char prev = sb.charAt(sb.length() - 1);
                if (sb.length() + count > limit) throw new BadPacket("run length overflow");
                for (int k = 0; k < count; k++) sb.append(prev);
            } else {
                sb.append(c);
            }
            if (sb.length() > limit) throw new BadPacket("run length overflow");
        }
        return sb.toString();
    }

    /** XML text/attribute escaping. */
    static String xmlEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n') sb.append(' ');
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
