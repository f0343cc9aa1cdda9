package czemu.emulator.gdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The encoding helpers, the framing reader, the register numbering and the siginfo layout. */
class RspCodecTest {

    @Test
    void frameAndChecksum() {
        assertEquals("$OK#9a", new String(Rsp.frame("OK"), StandardCharsets.ISO_8859_1));
        assertEquals("$#00", new String(Rsp.frame(""), StandardCharsets.ISO_8859_1));
        assertEquals("$qSupported#37", new String(Rsp.frame("qSupported"), StandardCharsets.ISO_8859_1));
    }

    @Test
    void hex() {
        assertEquals("00ff7f80", Rsp.toHex(new byte[] {0, -1, 127, -128}));
        assertArrayEquals(new byte[] {0, -1, 127, -128}, Rsp.fromHex("00FF7f80"));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.fromHex("abc"));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.fromHex("zz"));
        assertEquals(0xffffffffL, Rsp.parseAddress("ffffffff"));
        assertEquals(0x10L, Rsp.parseAddress("0000000000000010")); // leading zeros are free
        assertThrows(Rsp.BadPacket.class, () -> Rsp.parseAddress("100000000"));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.parseAddress(""));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.parseAddress("-1"));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.parseLength("80000000"));
        assertEquals(Integer.MAX_VALUE, Rsp.parseLength("7fffffff"));
    }

    @Test
    void threadIds() {
        assertEquals(-1, Rsp.parseThreadId("-1"));
        assertEquals(0, Rsp.parseThreadId("0"));
        assertEquals(0x2a, Rsp.parseThreadId("2a"));
        assertEquals(2, Rsp.parseThreadId("p1.2"));
        assertEquals(-1, Rsp.parseThreadId("p1.-1"));
        assertEquals(-1, Rsp.parseThreadId("p1"));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.parseThreadId("80000000"));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.parseThreadId("p1."));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.parseThreadId("-2"));
    }

    @Test
    void binaryEscapingRoundTrip() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        StringBuilder sb = new StringBuilder();
        for (byte b : all) Rsp.appendEscaped(sb, b);
        String s = sb.toString();
        assertEquals(-1, s.indexOf('#'));
        assertEquals(-1, s.indexOf('$'));
        assertEquals(-1, s.indexOf('*'));
        assertEquals(256 + 4, s.length());
        assertArrayEquals(all, Rsp.unescape(s));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.unescape("ab}"));
    }

    @Test
    void runLength() {
        assertEquals("0000", Rsp.expandRunLength("0* ", 100)); // ' ' = 32: three more
        assertEquals("abbbbbbc", Rsp.expandRunLength("ab*\"c", 100));
        assertEquals("plain", Rsp.expandRunLength("plain", 100));
        assertEquals("}*x", Rsp.expandRunLength("}*x", 100)); // an escape pair, not a run
        assertThrows(Rsp.BadPacket.class, () -> Rsp.expandRunLength("*a", 100));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.expandRunLength("a*", 100));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.expandRunLength("a*\u0001", 100));
        assertThrows(Rsp.BadPacket.class, () -> Rsp.expandRunLength("a*~a*~", 100)); // 2 * 97 > 100
    }

    @Test
    void helpersNeverThrowAnythingButBadPacket() {
        Random rnd = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            char[] cs = new char[rnd.nextInt(12)];
            String alphabet = "0123456789abcdefABCDEF-p.*}#$,:;xz\u0003\u00ff";
            for (int j = 0; j < cs.length; j++) cs[j] = alphabet.charAt(rnd.nextInt(alphabet.length()));
            String s = new String(cs);
            for (Runnable r : List.<Runnable>of(() -> Rsp.fromHex(s), () -> Rsp.parseAddress(s),
                    () -> Rsp.parseLength(s), () -> Rsp.parseThreadId(s), () -> Rsp.unescape(s),
                    () -> Rsp.expandRunLength(s, 64))) {
                try {
                    r.run();
                } catch (Rsp.BadPacket expected) {
                    // fine
                }
            }
        }
    }

    @Test
    void xferChunksStayWithinThePacketSize() {
        byte[] data = new byte[3 * GdbSession.PACKET_SIZE];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i % 3 == 0 ? '}' : i); // many escapes
        String c = GdbSession.xferChunk(data, 0, Integer.MAX_VALUE);
        assertEquals('m', c.charAt(0));
        assertTrue(c.length() <= GdbSession.PACKET_SIZE);
        assertEquals("l", GdbSession.xferChunk(data, data.length, 10));
        assertEquals("l", GdbSession.xferChunk(data, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals("l" + "}]", GdbSession.xferChunk(new byte[] {'}'}, 0, 5));
        assertEquals("m", GdbSession.xferChunk(new byte[] {1, 2}, 0, 0));
    }

    @Test
    void registerNumbering() {
        assertEquals(0, ArmRegister.R0.gdbNumber());
        assertEquals(13, ArmRegister.SP.gdbNumber());
        assertEquals(15, ArmRegister.PC.gdbNumber());
        assertEquals(25, ArmRegister.CPSR.gdbNumber());
        assertEquals(26, ArmRegister.D0.gdbNumber());
        assertEquals(57, ArmRegister.D31.gdbNumber());
        assertEquals(58, ArmRegister.FPSCR.gdbNumber());
        for (ArmRegister r : ArmRegister.values()) assertEquals(r, ArmRegister.byGdbNumber(r.gdbNumber()));
        for (int n = 16; n <= 24; n++) assertNull(ArmRegister.byGdbNumber(n));
        assertNull(ArmRegister.byGdbNumber(59));
        assertNull(ArmRegister.byGdbNumber(-1));
        assertEquals(328, ArmRegister.G_PACKET_BYTES);
        assertEquals(64, ArmRegister.CPSR.gPacketOffset());
        assertEquals(68, ArmRegister.D0.gPacketOffset());
        assertEquals(324, ArmRegister.FPSCR.gPacketOffset());

        ArmRegisters regs = new ArmRegisters();
        for (ArmRegister r : ArmRegister.values()) regs.set(r, 0x1122334455667788L * (r.ordinal() + 1));
        assertEquals(regs, ArmRegisters.fromBytes(regs.toBytes()));
        assertEquals(0x55667788L * 1 & 0xFFFFFFFFL, regs.get(ArmRegister.R0));
    }

    @Test
    void siginfoLayout() {
        ByteBuffer b = ByteBuffer.wrap(Siginfo.of(StopEvent.segmentationFault(3, 0x80001234L, true)))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(128, b.capacity());
        assertEquals(11, b.getInt(0));
        assertEquals(0, b.getInt(4));
        assertEquals(StopEvent.SEGV_ACCERR, b.getInt(8));
        assertEquals(0x80001234, b.getInt(12));
        b = ByteBuffer.wrap(Siginfo.of(StopEvent.watchpoint(1, StopEvent.WatchKind.READ, 0x9000)))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(5, b.getInt(0));
        assertEquals(StopEvent.TRAP_HWBKPT, b.getInt(8));
        assertEquals(0x9000, b.getInt(12));
        assertEquals(2, Siginfo.of(StopEvent.interrupted(1))[0]);
        assertNull(Siginfo.of(StopEvent.exited(0)));
        assertNull(Siginfo.of(StopEvent.killed(9)));
    }

    // ---- the framing reader -----------------------------------------------------------------

    static List<String> read(String input, int limit) throws IOException {
        List<String> events = new ArrayList<>();
        new PacketReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)), limit,
                new PacketReader.Handler() {
                    @Override
                    public void onPacket(String payload, boolean checksumOk) {
                        events.add((checksumOk ? "packet " : "bad ") + payload);
                    }

                    @Override
                    public void onOversize() {
                        events.add("oversize");
                    }

                    @Override
                    public void onInterrupt() {
                        events.add("interrupt");
                    }

                    @Override
                    public void onAck(boolean positive) {
                        events.add(positive ? "+" : "-");
                    }
                }).run();
        return events;
    }

    @Test
    void readerFramesPacketsAcksAndInterrupts() throws IOException {
        assertEquals(List.of("+", "packet qC", "-", "interrupt", "packet OK"),
                read("+$qC#b4-\u0003junk$OK#9a", 100));
        assertEquals(List.of("bad qC"), read("$qC#00", 100));
        assertEquals(List.of("bad qC"), read("$qC#zz", 100));
        assertEquals(List.of("packet a\u0003b"), read(new String(Rsp.frame("a\u0003b"), StandardCharsets.ISO_8859_1), 100));
        // '$' restarts a packet; a packet cut off by the end of input is dropped
        assertEquals(List.of("packet qC"), read("$garbage$qC#b4$m80", 100));
        // over the limit: consumed and reported, then the next packet is fine
        assertEquals(List.of("oversize", "packet qC"), read("$" + "x".repeat(101) + "#00$qC#b4", 100));
        assertEquals(List.of("packet " + "x".repeat(100)),
                read(new String(Rsp.frame("x".repeat(100)), StandardCharsets.ISO_8859_1), 100));
    }
}
