package czemu.emulator.gdb;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits the byte stream from gdb into packets ({@code $payload#cs}), acknowledgements
 * ({@code +}, {@code -}) and interrupts (a lone 0x03 between packets). Other bytes between
 * packets are ignored. A payload longer than the limit is consumed to its end without being kept
 * and reported as oversize; a {@code $} inside a payload starts a new packet (resynchronizing
 * after garbage). Memory use is bounded by the limit.
 */
final class PacketReader {

    interface Handler {
        /** A complete packet; {@code checksumOk} false when the checksum is wrong or not hex. */
        void onPacket(String payload, boolean checksumOk);

        /** A packet longer than the limit was skipped. */
        void onOversize();

        /** 0x03 between packets. */
        void onInterrupt();

        /** {@code +} (true) or {@code -} (false) between packets. */
        void onAck(boolean positive);
    }

    private enum State { IDLE, DATA, CHECKSUM1, CHECKSUM2 }

    private final InputStream in;
    private final int limit;
    private final Handler handler;

    PacketReader(InputStream in, int limit, Handler handler) {
        this.in = in;
        this.limit = limit;
        this.handler = handler;
    }

    /** Reads until end of stream (returns) or an I/O error (throws). */
    void run() throws IOException {
        StringBuilder payload = new StringBuilder(256); // grows to at most the limit
        byte[] buf = new byte[4096];
        State state = State.IDLE;
        int sum = 0, check1 = 0;
        boolean oversize = false;
        while (true) {
            int n = in.read(buf);
            if (n < 0) return;
            for (int i = 0; i < n; i++) {
                int c = buf[i] & 0xFF;
                switch (state) {
                    case IDLE -> {
                        if (c == '$') {
                            payload.setLength(0);
                            sum = 0;
                            oversize = false;
                            state = State.DATA;
                        } else if (c == '+') {
                            handler.onAck(true);
                        } else if (c == '-') {
                            handler.onAck(false);
                        } else if (c == 0x03) {
                            handler.onInterrupt();
                        }
                    }
                    case DATA -> {
                        if (c == '#') {
                            state = State.CHECKSUM1;
                        } else if (c == '$') {
                            payload.setLength(0);
                            sum = 0;
                            oversize = false;
                        } else {
                            sum += c;
                            if (!oversize) {
                                if (payload.length() >= limit) {
                                    oversize = true;
                                    payload.setLength(0);
                                } else {
                                    payload.append((char) c);
                                }
                            }
                        }
                    }
                    case CHECKSUM1 -> {
                        check1 = c;
                        state = State.CHECKSUM2;
                    }
                    case CHECKSUM2 -> {
                        state = State.IDLE;
                        int hi = Rsp.hexValue(check1), lo = Rsp.hexValue(c);
                        boolean ok = hi >= 0 && lo >= 0 && (hi << 4 | lo) == (sum & 0xFF);
                        if (oversize) {
                            handler.onOversize();
                        } else {
                            handler.onPacket(payload.toString(), ok);
                        }
                    }
                }
            }
        }
    }
}
