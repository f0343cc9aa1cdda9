package czemu.emulator.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stub over a real loopback socket, driven with raw remote-protocol packets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GdbServerProtocolTest {
    FakeTarget target;
    GdbServer server;
    RspClient gdb;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        target = new FakeTarget();
        server = GdbServer.listen(0, target).log(log::add);
        server.start();
        gdb = new RspClient(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        gdb.close();
        server.close();
        for (String line : log) {
            assertFalse(line.contains("target error") || line.contains("reader failed")
                    || line.contains("attach"), line);
        }
    }

    /** What gdb does first, then no-ack mode. */
    void handshake() throws IOException {
        String sup = gdb.request("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;vContSupported+");
        assertTrue(sup.contains("PacketSize=4000"), sup);
        for (String f : List.of("QStartNoAckMode+", "vContSupported+", "swbreak+", "hwbreak+",
                "qXfer:features:read+", "qXfer:threads:read+", "qXfer:siginfo:read+")) {
            assertTrue(sup.contains(f), f + " in " + sup);
        }
        assertEquals("", gdb.request("vMustReplyEmpty"));
        gdb.noAck();
    }

    static String hexLe(long v, int bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes; i++) sb.append(String.format("%02x", (v >>> (8 * i)) & 0xFF));
        return sb.toString();
    }

    // ---- connection and framing ------------------------------------------------------------

    @Test
    void handshakeAndInitialStop() throws Exception {
        handshake();
        assertEquals("T05thread:1;", gdb.request("?"));
        assertEquals("QC1", gdb.request("qC"));
        assertEquals("1", gdb.request("qAttached"));
        assertEquals("vCont;c;C;s;S", gdb.request("vCont?"));
        assertEquals("", gdb.request("qTStatus"));
        assertEquals("", gdb.request("yunknown"));
        assertEquals("OK", gdb.request("Hg0"));
        assertEquals("OK", gdb.request("Hc-1"));
        assertEquals(1, target.attaches);
        assertTrue(server.awaitFirstSession(1, TimeUnit.SECONDS));
    }

    @Test
    void ackModeNakAndRetransmit() throws IOException {
        // A corrupted packet is answered with '-' and not executed.
        gdb.sendRaw("$qC#00");
        assertEquals('-', gdb.in.read());
        // A good one is acked and answered; our '-' makes the stub send the reply again.
        gdb.sendRaw(RspClient.frame("qC"));
        assertEquals('+', gdb.in.read());
        gdb.ackMode = false;
        assertEquals("QC1", gdb.receive());
        gdb.sendRaw("-");
        assertEquals("QC1", gdb.receive());
        gdb.sendRaw("+");
        gdb.ackMode = true;
        assertEquals("T05thread:1;", gdb.request("?"));
    }

    @Test
    void noAckModeProcessesEvenABadChecksumLikeGdbserver() throws IOException {
        handshake();
        gdb.sendRaw("$qC#00");
        assertEquals("QC1", gdb.receive());
    }

    @Test
    void runLengthEncodedInput() throws IOException {
        handshake();
        // "00*\"0" expands to eight zeros: '"' is 34, so five more copies of '0'.
        assertEquals("OK", gdb.request("M8000,4:00*\"0"));
        assertEquals("00000000", gdb.request("m8000,4"));
        assertEquals("E01", gdb.request("m8000,4*"));
    }

    @Test
    void oversizePacketIsRejectedAndTheStubGoesOn() throws IOException {
        handshake();
        StringBuilder huge = new StringBuilder("$M8000,10000:");
        huge.append("00".repeat(0x10000)).append("#00");
        gdb.sendRaw(huge.toString());
        assertEquals("E01", gdb.receive());
        assertEquals("QC1", gdb.request("qC"));
    }

    @Test
    void floodOfControlBytesAndGarbage() throws IOException {
        handshake();
        byte[] flood = new byte[1 << 20];
        for (int i = 0; i < flood.length; i++) flood[i] = (byte) "\u0003-+x\u00ff".charAt(i % 5);
        gdb.sendRaw(flood);
        assertEquals("QC1", gdb.request("qC"));
        // an endless packet that never ends with '#': skipped without being stored
        gdb.sendRaw("$" + "m".repeat(1 << 20));
        gdb.sendRaw("#00");
        assertEquals("E01", gdb.receive());
        assertEquals("QC1", gdb.request("qC"));
    }

    @Test
    void garbageBetweenPacketsIsIgnored() throws IOException {
        handshake();
        gdb.sendRaw("hello\r\n+++}}}#12");
        assertEquals("QC1", gdb.request("qC"));
        // '$' inside a packet restarts it
        gdb.sendRaw("$m80$qC#" + String.format("%02x", Rsp.checksum("qC")));
        assertEquals("QC1", gdb.receive());
    }

    // ---- registers --------------------------------------------------------------------------

    @Test
    void registersReadAndWrite() throws IOException {
        handshake();
        ArmRegisters r1 = target.readRegisters(1);
        String g = gdb.request("g");
        assertEquals(ArmRegister.G_PACKET_BYTES * 2, g.length());
        assertEquals(656, g.length());
        assertEquals(Rsp.toHex(r1.toBytes()), g);
        assertEquals(hexLe(0x100, 4), g.substring(0, 8)); // r0 of thread 1
        assertEquals(hexLe(0x60000010, 4), g.substring(128, 136)); // cpsr right after pc
        assertEquals(hexLe(Double.doubleToRawLongBits(1.5), 8), g.substring(136, 152)); // d0

        assertEquals(hexLe(0x103, 4), gdb.request("p3"));
        assertEquals(hexLe(FakeTarget.MEM_BASE, 4), gdb.request("pf"));
        assertEquals(hexLe(0x60000010, 4), gdb.request("p19")); // cpsr = 25
        assertEquals(hexLe(Double.doubleToRawLongBits(1.5), 8), gdb.request("p1a")); // d0 = 26
        assertEquals(hexLe(Double.doubleToRawLongBits(32.5), 8), gdb.request("p39")); // d31 = 57
        assertEquals(hexLe(0x03000000, 4), gdb.request("p3a")); // fpscr = 58
        assertEquals("E01", gdb.request("p10")); // 16..24: nothing
        assertEquals("E01", gdb.request("p3b"));
        assertEquals("E01", gdb.request("pzz"));
        assertEquals("E01", gdb.request("p123456789"));

        assertEquals("OK", gdb.request("P3=" + hexLe(0xcafef00dL, 4)));
        assertEquals(0xcafef00d, target.readRegisters(1).r[3]);
        assertEquals("OK", gdb.request("P1f=" + hexLe(Double.doubleToRawLongBits(-2.25), 8)));
        assertEquals(Double.doubleToRawLongBits(-2.25), target.readRegisters(1).d[5]);
        assertEquals("E01", gdb.request("P3=1234")); // wrong size
        assertEquals("E01", gdb.request("P3"));
        assertEquals("E01", gdb.request("P99=00000000"));

        ArmRegisters w = new ArmRegisters(target.readRegisters(1));
        w.r[0] = 0x11223344;
        w.cpsr = 0x80000030;
        w.d[31] = 0x0123456789abcdefL;
        w.fpscr = 0x1f;
        assertEquals("OK", gdb.request("G" + Rsp.toHex(w.toBytes())));
        assertEquals(w, target.readRegisters(1));
        assertEquals("E01", gdb.request("G00"));
        assertEquals("E01", gdb.request("G" + "zz".repeat(328)));

        // Hg selects the thread the register packets apply to
        assertEquals("OK", gdb.request("Hg2"));
        assertEquals(hexLe(0x203, 4), gdb.request("p3"));
        assertEquals("E02", gdb.request("Hg63"));
        assertEquals(hexLe(0x203, 4), gdb.request("p3"));
        assertEquals("OK", gdb.request("Hgp1.1"));
        assertEquals(hexLe(0xcafef00dL, 4), gdb.request("p3"));
        assertEquals(hexLe(0x11223344, 4), gdb.request("p0"));
    }

    // ---- memory ---------------------------------------------------------------------------------

    @Test
    void memoryReadWriteAndBinaryWrite() throws IOException {
        handshake();
        byte[] mem = target.memory;
        assertEquals(Rsp.toHex(mem, 0, 16), gdb.request("m8000,10"));
        assertEquals("E14", gdb.request("m100,4")); // unreadable start
        // a range running off the end returns what could be read
        assertEquals(Rsp.toHex(mem, FakeTarget.MEM_SIZE - 4, 4), gdb.request("m17ffc,10"));
        // a huge length is clamped to what fits in one packet
        String big = gdb.request("m8000,7fffffff");
        assertEquals(GdbSession.PACKET_SIZE, big.length());
        assertEquals("E01", gdb.request("m8000,80000000"));
        assertEquals("E01", gdb.request("m8000"));
        assertEquals("E01", gdb.request("mxyz,4"));
        assertEquals("E01", gdb.request("m-1,4"));
        assertEquals("E01", gdb.request("m100000000,4"));
        assertEquals("E14", gdb.request("mffffffff,10")); // stops at 4 GiB, unreadable

        assertEquals("OK", gdb.request("M8010,4:deadbeef"));
        assertEquals("deadbeef", gdb.request("m8010,4"));
        assertEquals("E01", gdb.request("M8010,4:dead"));
        assertEquals("E01", gdb.request("M8010,2:dexx"));
        assertEquals("E14", gdb.request("M100,2:0000"));

        // X with every character that must be escaped
        byte[] data = {0x23, 0x24, 0x7d, 0x2a, 0x00, (byte) 0xff, 0x03, 0x0a};
        StringBuilder x = new StringBuilder("X8020,8:");
        for (byte b : data) Rsp.appendEscaped(x, b);
        assertTrue(x.toString().contains("}"));
        assertEquals("OK", gdb.request(x.toString()));
        assertEquals(Rsp.toHex(data), gdb.request("m8020,8"));
        assertEquals("OK", gdb.request("X8020,0:")); // gdb's probe
        assertEquals("E01", gdb.request("X8020,4:ab"));
        assertEquals("E01", gdb.request("X8020,1:}"));
    }

    // ---- breakpoints ------------------------------------------------------------------------------

    @Test
    void breakpointsAreForwarded() throws IOException {
        handshake();
        assertEquals("OK", gdb.request("Z0,8010,4"));
        assertEquals("OK", gdb.request("Z0,8012,2"));
        assertEquals("OK", gdb.request("Z0,8014,3;X2,0a"));
        assertEquals("OK", gdb.request("Z1,8018,4"));
        assertEquals("OK", gdb.request("Z2,9000,4"));
        assertEquals("OK", gdb.request("Z3,9004,1"));
        assertEquals("", gdb.request("Z4,9008,8")); // the fake does not do access watchpoints
        assertEquals("E03", gdb.request("Z0," + Long.toHexString(FakeTarget.BAD_BREAKPOINT) + ",2"));
        assertEquals("", gdb.request("Z5,8000,4"));
        assertEquals("E01", gdb.request("Z0,8000"));
        assertEquals("E01", gdb.request("Z2,9000,0"));
        assertEquals("E01", gdb.request("Z2,ffffffff,8"));
        assertEquals("OK", gdb.request("z0,8010,4"));
        assertEquals(List.of(
                "insert 1 Breakpoint[type=SOFTWARE, address=32784, kind=4]",
                "insert 1 Breakpoint[type=SOFTWARE, address=32786, kind=2]",
                "insert 1 Breakpoint[type=SOFTWARE, address=32788, kind=3]",
                "insert 1 Breakpoint[type=HARDWARE, address=32792, kind=4]",
                "insert 1 Breakpoint[type=WRITE_WATCH, address=36864, kind=4]",
                "insert 1 Breakpoint[type=READ_WATCH, address=36868, kind=1]",
                "insert 1 Breakpoint[type=ACCESS_WATCH, address=36872, kind=8]",
                "insert 1 Breakpoint[type=SOFTWARE, address=36862, kind=2]",
                "remove 1 Breakpoint[type=SOFTWARE, address=32784, kind=4]"),
                target.breakpointLog());
    }

    // ---- execution --------------------------------------------------------------------------------

    @Test
    void stepAndContinueWithStopReasons() throws IOException {
        handshake();
        assertEquals("T05thread:1;", gdb.request("vCont;s:1"));
        assertEquals(Map.of(1, ResumeAction.STEP), target.resumes.get(0).actions());
        assertNull(target.resumes.get(0).defaultAction());
        assertEquals(hexLe(FakeTarget.MEM_BASE + 4, 4), gdb.request("pf"));

        // step thread 2, others continue; the stop makes thread 2 the current one
        assertEquals("T05thread:2;", gdb.request("vCont;s:2;c"));
        assertEquals(ResumeAction.CONTINUE, target.resumes.get(1).defaultAction());
        assertEquals("QC2", gdb.request("qC"));
        assertEquals(hexLe(0x203, 4), gdb.request("p3"));

        assertEquals("OK", gdb.request("Z0,8040,4"));
        assertEquals("T05thread:1;swbreak:;", gdb.request("vCont;c"));
        assertEquals(hexLe(0x8040, 4), gdb.request("pf"));
        assertEquals("OK", gdb.request("z0,8040,4"));

        target.script(StopEvent.hardwareBreakpoint(1));
        assertEquals("T05thread:1;hwbreak:;", gdb.request("c"));
        target.script(StopEvent.watchpoint(2, StopEvent.WatchKind.WRITE, 0x9000));
        assertEquals("T05thread:2;watch:9000;", gdb.request("vCont;c"));
        target.script(StopEvent.watchpoint(1, StopEvent.WatchKind.READ, 0x9004));
        assertEquals("T05thread:1;rwatch:9004;", gdb.request("vCont;c"));
        target.script(StopEvent.watchpoint(1, StopEvent.WatchKind.ACCESS, 0xfffffffcL));
        assertEquals("T05thread:1;awatch:fffffffc;", gdb.request("vCont;c"));
        target.script(StopEvent.signal(2, GdbSignal.ALRM));
        assertEquals("T0ethread:2;", gdb.request("vCont;c"));
        assertEquals("T0ethread:2;", gdb.request("?"));
    }

    @Test
    void faultStopAndSiginfo() throws IOException {
        handshake();
        assertTrue(gdb.request("qXfer:siginfo:read::0,80").startsWith("l")); // the initial SIGTRAP
        target.script(StopEvent.segmentationFault(2, 0xdeadbeefL, false));
        assertEquals("T0bthread:2;", gdb.request("vCont;c"));
        String si = gdb.request("qXfer:siginfo:read::0,200");
        assertEquals('l', si.charAt(0));
        byte[] raw = Rsp.unescape(si.substring(1));
        assertEquals(128, raw.length);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(11, b.getInt(0)); // si_signo
        assertEquals(StopEvent.SEGV_MAPERR, b.getInt(8)); // si_code
        assertEquals(0xdeadbeef, b.getInt(12)); // si_addr
        // in two chunks
        String a = gdb.request("qXfer:siginfo:read::0,40");
        String c = gdb.request("qXfer:siginfo:read::40,80");
        assertEquals('m', a.charAt(0));
        assertEquals('l', c.charAt(0));
        assertEquals(128, Rsp.unescape(a.substring(1) + c.substring(1)).length);
        // another thread has no siginfo
        assertEquals("OK", gdb.request("Hg1"));
        assertEquals("E01", gdb.request("qXfer:siginfo:read::0,80"));
        // SIGBUS travels as GDB's 10 and shows as Linux's 7
        target.script(new StopEvent.Fault(1, GdbSignal.BUS, StopEvent.BUS_ADRALN, 0x8001));
        assertEquals("T0athread:1;", gdb.request("vCont;c"));
        raw = Rsp.unescape(gdb.request("qXfer:siginfo:read::0,80").substring(1));
        assertEquals(7, ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
    }

    @Test
    void resumeRequestsFromVContAndLegacyPackets() throws IOException {
        handshake();
        target.script(StopEvent.signal(1, GdbSignal.TRAP));
        gdb.request("vCont;C0b:1;c");
        ResumeRequest r = target.resumes.get(0);
        assertEquals(Map.of(1, new ResumeAction(false, 11)), r.actions());
        assertEquals(ResumeAction.CONTINUE, r.defaultAction());

        target.script(StopEvent.signal(1, GdbSignal.TRAP));
        gdb.request("vCont;S05:2;c:1");
        r = target.resumes.get(1);
        assertEquals(new ResumeAction(true, 5), r.actionFor(2));
        assertEquals(ResumeAction.CONTINUE, r.actionFor(1));
        assertNull(r.defaultAction());

        // leftmost action wins for a thread
        target.script(StopEvent.signal(1, GdbSignal.TRAP));
        gdb.request("vCont;s:1;c:1;c");
        assertEquals(ResumeAction.STEP, target.resumes.get(2).actionFor(1));

        // legacy: s steps the Hc thread (or the current one), c continues everything
        gdb.request("Hc2");
        gdb.request("s");
        assertEquals(Map.of(2, ResumeAction.STEP), target.resumes.get(3).actions());
        gdb.request("Hc-1");
        gdb.request("s");
        assertEquals(Map.of(2, ResumeAction.STEP), target.resumes.get(4).actions()); // current = 2
        target.script(StopEvent.signal(1, GdbSignal.TRAP));
        gdb.request("c");
        assertEquals(ResumeRequest.continueAll(), target.resumes.get(5));
        target.script(StopEvent.signal(1, GdbSignal.TRAP));
        gdb.request("C1e");
        assertEquals(new ResumeAction(false, 30), target.resumes.get(6).actionFor(1));
        // s with an address sets the PC first
        gdb.request("s9000");
        assertEquals(0x9004, target.readRegisters(1).r[15]);

        // malformed or unknown
        int before = target.resumes.size();
        assertEquals("E02", gdb.request("vCont;s:63"));
        assertEquals("E01", gdb.request("vCont;"));
        assertEquals("E01", gdb.request("vCont;x"));
        assertEquals("E01", gdb.request("vCont;t:1"));
        assertEquals("E01", gdb.request("vCont;r8000,8004:1"));
        assertEquals("E01", gdb.request("vCont;Cxx"));
        assertEquals("E01", gdb.request("vCont;c;;c"));
        assertEquals("E01", gdb.request("C"));
        assertEquals(before, target.resumes.size());
    }

    @Test
    void ctrlCWhileRunningAndWhileStopped() throws IOException {
        handshake();
        gdb.sendRaw("\u0003"); // stopped: ignored
        assertEquals("QC1", gdb.request("qC"));
        assertEquals(0, target.interrupts);

        gdb.send("vCont;c"); // nothing stops it
        assertTrue(gdb.quietFor(200));
        assertTrue(target.isRunning());
        gdb.sendRaw("\u0003");
        assertEquals("T02thread:1;", gdb.receive());
        assertEquals(1, target.interrupts);
        assertEquals("QC1", gdb.request("qC"));
    }

    @Test
    void packetsSentWhileRunningAreRefused() throws IOException {
        handshake();
        gdb.send("vCont;c");
        assertEquals("E01", gdb.request("qC")); // a confused client; the target is not queried
        assertEquals("E01", gdb.request("vCont;c"));
        assertEquals("E01", gdb.request("D"));
        gdb.sendRaw("\u0003");
        assertEquals("T02thread:1;", gdb.receive());
        assertEquals("QC1", gdb.request("qC"));
        assertEquals(1, target.resumes.size());
    }

    @Test
    void exitAndKilledStops() throws IOException {
        handshake();
        target.script(StopEvent.exited(3));
        assertEquals("W03", gdb.request("vCont;c"));
        assertEquals("W03", gdb.request("?"));
        assertEquals("E01", gdb.request("g"));
        assertEquals("E01", gdb.request("m8000,4"));
        assertEquals("l", gdb.request("qfThreadInfo"));
        assertEquals("E01", gdb.request("vCont;c"));
    }

    @Test
    void killedBySignal() throws IOException {
        handshake();
        target.script(StopEvent.killed(GdbSignal.SEGV));
        assertEquals("X0b", gdb.request("vCont;c"));
    }

    // ---- threads ------------------------------------------------------------------------------

    @Test
    void threadQueries() throws IOException {
        handshake();
        assertEquals("m1,2", gdb.request("qfThreadInfo"));
        assertEquals("l", gdb.request("qsThreadInfo"));
        assertEquals("l", gdb.request("qsThreadInfo"));
        assertEquals(Rsp.textToHex("container 0, task 1, thread 1: blocked in IPC receiving from 1"),
                gdb.request("qThreadExtraInfo,2"));
        assertEquals("E02", gdb.request("qThreadExtraInfo,9"));
        assertEquals("OK", gdb.request("T1"));
        assertEquals("OK", gdb.request("T2"));
        assertEquals("E01", gdb.request("T3"));
        assertEquals("E01", gdb.request("T0"));
        assertEquals("E01", gdb.request("Tfffffffff"));
        assertEquals("OK", gdb.request("Hcp1.-1"));
    }

    @Test
    void manyThreadsListInSeveralPackets() throws IOException {
        for (int i = 3; i < 4000; i++) target.addThread(0x10000 + i, "t" + i, "");
        handshake();
        StringBuilder all = new StringBuilder();
        String chunk = gdb.request("qfThreadInfo");
        int packets = 0;
        while (!chunk.equals("l")) {
            assertEquals('m', chunk.charAt(0));
            assertTrue(chunk.length() <= GdbSession.PACKET_SIZE);
            if (all.length() > 0) all.append(',');
            all.append(chunk.substring(1));
            packets++;
            chunk = gdb.request("qsThreadInfo");
        }
        assertTrue(packets > 1);
        assertEquals(target.threads.size(), all.toString().split(",").length);
    }

    @Test
    void targetXmlInChunks() throws IOException {
        handshake();
        String xml = readXfer("qXfer:features:read:target.xml:", 0x100);
        assertEquals(TargetDescription.TARGET_XML, xml);
        assertTrue(xml.contains("<feature name=\"org.gnu.gdb.arm.core\">"));
        assertTrue(xml.contains("<feature name=\"org.gnu.gdb.arm.vfp\">"));
        assertTrue(xml.contains("<reg name=\"cpsr\" bitsize=\"32\" regnum=\"25\"/>"));
        assertTrue(xml.contains("<reg name=\"d31\" bitsize=\"64\" regnum=\"57\" type=\"ieee_double\"/>"));
        assertTrue(xml.contains("<reg name=\"fpscr\" bitsize=\"32\" regnum=\"58\""));
        assertEquals("l", gdb.request("qXfer:features:read:target.xml:100000,10"));
        assertEquals("E00", gdb.request("qXfer:features:read:other.xml:0,10"));
        assertEquals("E00", gdb.request("qXfer:features:read:target.xml:0"));
        assertEquals("E01", gdb.request("qXfer:features:read:target.xml:zz,10"));
        assertEquals("", gdb.request("qXfer:features:write:target.xml:0,10"));
        assertEquals("", gdb.request("qXfer:libraries:read::0,10"));
        // a big request is cut to the packet size
        String whole = gdb.request("qXfer:features:read:target.xml:0,fffff");
        assertEquals('l', whole.charAt(0));
        assertEquals(TargetDescription.TARGET_XML, whole.substring(1));
    }

    @Test
    void threadsXmlInChunksWithEscaping() throws IOException {
        target.addThread(7, "a<b>&\"c'", "waiting on <2> & more");
        handshake();
        String xml = readXfer("qXfer:threads:read::", 16);
        assertTrue(xml.startsWith("<?xml version=\"1.0\"?>\n<threads>\n"), xml);
        assertTrue(xml.contains("<thread id=\"1\" name=\"main\">container 0, task 1, thread 0: running</thread>"), xml);
        assertTrue(xml.contains("<thread id=\"2\" name=\"worker\">"), xml);
        assertTrue(xml.contains("<thread id=\"7\" name=\"a&lt;b&gt;&amp;&quot;c&apos;\">waiting on &lt;2&gt; &amp; more</thread>"), xml);
        assertTrue(xml.endsWith("</threads>\n"));
    }

    String readXfer(String prefix, int chunk) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int offset = 0;
        for (int i = 0; i < 10_000; i++) {
            String r = gdb.request(prefix + Integer.toHexString(offset) + "," + Integer.toHexString(chunk));
            byte[] data = Rsp.unescape(r.substring(1));
            assertTrue(data.length <= chunk);
            all.write(data, 0, data.length);
            offset += data.length;
            if (r.charAt(0) == 'l') return all.toString(StandardCharsets.UTF_8);
            assertEquals('m', r.charAt(0));
        }
        throw new AssertionError("no end");
    }

    // ---- monitor ---------------------------------------------------------------------------------

    @Test
    void monitorCommandsWithOutputPackets() throws IOException {
        handshake();
        gdb.send("qRcmd," + Rsp.textToHex("caps"));
        String o = gdb.receive();
        assertEquals("O" + Rsp.textToHex("monitor says: caps\n"), o);
        assertEquals("OK", gdb.receive());
        assertEquals(List.of("caps"), target.monitorCommands);

        assertEquals("OK", gdb.request("qRcmd," + Rsp.textToHex("silent")));

        gdb.send("qRcmd," + Rsp.textToHex("big"));
        StringBuilder text = new StringBuilder();
        int packets = 0;
        while (true) {
            String r = gdb.receive();
            if (r.equals("OK")) break;
            assertEquals('O', r.charAt(0));
            assertTrue(r.length() <= GdbSession.PACKET_SIZE);
            text.append(new String(Rsp.fromHex(r.substring(1)), StandardCharsets.UTF_8));
            packets++;
        }
        assertTrue(packets >= 3);
        assertEquals("x".repeat(20000) + "\n", text.toString());
        assertEquals("E01", gdb.request("qRcmd,zz"));
    }

    // ---- leaving -----------------------------------------------------------------------------------

    @Test
    void detach() throws Exception {
        handshake();
        assertEquals("OK", gdb.request("D"));
        gdb.awaitClosed();
        assertTrue(target.detached.await(10, TimeUnit.SECONDS));
        assertEquals(1, target.detaches);
        assertEquals(0, target.kills);
    }

    @Test
    void detachWithPidAndReattach() throws Exception {
        handshake();
        assertEquals("OK", gdb.request("D;1"));
        gdb.awaitClosed();
        assertTrue(target.detached.await(10, TimeUnit.SECONDS));
        gdb.close();
        gdb = new RspClient(server.port());
        assertEquals("T05thread:1;", gdb.request("?"));
        assertEquals(2, target.attaches);
    }

    @Test
    void kill() throws Exception {
        handshake();
        gdb.sendRaw(RspClient.frame("k"));
        gdb.awaitClosed();
        assertTrue(target.killed.await(10, TimeUnit.SECONDS));
        assertEquals(0, target.detaches);
    }

    @Test
    void killSentJustBeforeHangingUpStillKills() throws Exception {
        handshake();
        gdb.sendRaw(RspClient.frame("k"));
        gdb.close();
        assertTrue(target.killed.await(10, TimeUnit.SECONDS));
        assertEquals(0, target.detaches);
    }

    @Test
    void vKillKeepsTheConnection() throws Exception {
        handshake();
        assertEquals("OK", gdb.request("vKill;1"));
        assertEquals(1, target.kills);
        assertEquals("X09", gdb.request("?"));
        assertEquals("E01", gdb.request("g"));
    }

    @Test
    void disconnectDetaches() throws Exception {
        handshake();
        gdb.close();
        assertTrue(target.detached.await(10, TimeUnit.SECONDS));
        assertEquals(0, target.kills);
    }

    @Test
    void disconnectWhileRunningDetaches() throws Exception {
        handshake();
        gdb.send("vCont;c");
        assertTrue(gdb.quietFor(100));
        gdb.close();
        assertTrue(target.detached.await(10, TimeUnit.SECONDS));
    }

    @Test
    void secondConnectionIsRefusedWhileOneIsServed() throws Exception {
        handshake();
        try (RspClient other = new RspClient(server.port())) {
            other.awaitClosed();
        }
        assertEquals("QC1", gdb.request("qC"));
    }

    @Test
    void serverCloseEndsTheSession() throws Exception {
        handshake();
        server.close();
        gdb.awaitClosed();
        assertTrue(target.detached.await(10, TimeUnit.SECONDS));
    }
}
