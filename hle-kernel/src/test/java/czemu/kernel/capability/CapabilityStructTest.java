package czemu.kernel.capability;

import static czemu.kernel.capability.CapabilityTypes.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CapabilityStructTest {

    private static int le(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    @Test
    void encodesEveryFieldAtItsOffsetLittleEndian() {
        Capability c = new Capability(0x11223344, 0x01000002, 0x55667788, TYPE_IPC | RTYPE_THREAD,
                0x90000013, 0xA1A2A3A4, 0xB1B2B3B4, 0xC1C2C3C4, 0xD1D2D3D4);
        byte[] b = c.encode();
        assertEquals(44, b.length);
        assertEquals(0, le(b, 0), "link next");
        assertEquals(0, le(b, 4), "link prev");
        assertEquals(0x11223344, le(b, 8));
        assertEquals(0x01000002, le(b, 12));
        assertEquals(0x55667788, le(b, 16));
        assertEquals(0x00010010, le(b, 20));
        assertEquals(0x90000013, le(b, 24));
        assertEquals(0xA1A2A3A4, le(b, 28));
        assertEquals(0xB1B2B3B4, le(b, 32));
        assertEquals(0xC1C2C3C4, le(b, 36));
        assertEquals(0xD1D2D3D4, le(b, 40));
        assertEquals(0x44, b[8] & 0xFF, "least significant byte first");
        assertEquals(0x11, b[11] & 0xFF);
        assertEquals(Capability.OFFSET_CAPID, 8);
        assertEquals(Capability.OFFSET_OWNER, 12);
        assertEquals(Capability.OFFSET_RESID, 16);
        assertEquals(Capability.OFFSET_TYPE, 20);
        assertEquals(Capability.OFFSET_ACCESS, 24);
        assertEquals(Capability.OFFSET_START, 28);
        assertEquals(Capability.OFFSET_END, 32);
        assertEquals(Capability.OFFSET_SIZE, 36);
        assertEquals(Capability.OFFSET_USED, 40);
    }

    @Test
    void decodeIgnoresTheLinkWordsAndRoundTrips() {
        Random r = new Random(44);
        for (int i = 0; i < 500; i++) {
            byte[] raw = new byte[44];
            r.nextBytes(raw);
            Capability c = Capability.decode(raw);
            byte[] again = c.encode();
            for (int k = 0; k < 8; k++) assertEquals(0, again[k]);
            for (int k = 8; k < 44; k++) assertEquals(raw[k], again[k]);
            assertTrue(Capability.decode(again).sameFields(c));
        }
    }

    @Test
    void decodesAndEncodesAtAnOffset() {
        Capability a = new Capability(1, 2, 3, 4, 5, 6, 7, 8, 9);
        Capability b = new Capability(10, 20, 30, 40, 50, 60, 70, 80, 90);
        byte[] buf = new byte[100];
        a.encodeInto(buf, 3);
        b.encodeInto(buf, 3 + 44);
        assertTrue(Capability.decode(buf, 3).sameFields(a));
        assertTrue(Capability.decode(buf, 47).sameFields(b));
        assertThrows(IndexOutOfBoundsException.class, () -> Capability.decode(buf, 57));
        assertThrows(IndexOutOfBoundsException.class, () -> Capability.decode(new byte[43]));
    }

    @Test
    void helpersSplitTheTypeWordAndReadTheGenericBits() {
        Capability c = new Capability(0, 1, 0, TYPE_QUANTITY | RTYPE_CAPPOOL, CHANGEABLE, 0, 0, 30, 4);
        assertEquals(TYPE_QUANTITY, c.capType());
        assertEquals(RTYPE_CAPPOOL, c.resourceType());
        assertTrue(c.isQuantity());
        assertFalse(c.isImmutable());
        assertEquals(26, c.available());
        c.setAccess(IPC_SEND);
        assertTrue(c.isImmutable());
        c.setResourceType(RTYPE_SPACE);
        assertEquals(TYPE_QUANTITY | RTYPE_SPACE, c.type());
        assertFalse(c.hasRange());
        c.setEnd(1);
        assertTrue(c.hasRange());
        Capability d = c.copy();
        assertNotSame(c, d);
        assertTrue(d.sameFields(c));
        d.setUsed(5);
        assertFalse(d.sameFields(c));
        assertArrayEquals(c.encode(), new Capability().assign(c).encode());
    }

    @Test
    void describesCapsReadably() {
        Capability ipc = new Capability(7, 1, 0, TYPE_IPC | RTYPE_CONTAINER,
                IPC_SEND | IPC_RECV | IPC_SHORT | IPC_FULL | IPC_EXTENDED | CHANGEABLE | REPLICABLE | TRANSFERABLE,
                0, 0, 0, 0);
        assertEquals("cap 7  IPC to container 0  SEND|RECV|SHORT|FULL|EXTENDED  CHANGEABLE|REPLICABLE|TRANSFERABLE"
                + "  owner 1", ipc.describe());
        Capability pool = new Capability(12, 1, RESID_NONE, TYPE_QUANTITY | RTYPE_THREADPOOL,
                CHANGEABLE | TRANSFERABLE, 0, 0, 64, 3);
        assertEquals("cap 12  QUANTITY threadpool 64 (used 3)  CHANGEABLE|TRANSFERABLE  owner 1", pool.describe());
        Capability granted = new Capability(9, 2, 3, TYPE_IPC | RTYPE_THREAD, IPC_SEND | IPC_RECV | IPC_EXTENDED,
                0, 0, 0, 0);
        assertEquals("cap 9  IPC to thread 3  SEND|RECV|EXTENDED  IMMUTABLE  owner 2", granted.describe());
        Capability mem = new Capability(0, 1, 0, TYPE_MAP_VIRTMEM | RTYPE_CONTAINER, MAP_READ | MAP_WRITE,
                0x30000, 0x40000, 0x10000, 0);
        assertEquals("cap 0  MAP_VIRTMEM pfn 0x30000-0x40000 (65536 pages) to container 0  READ|WRITE  IMMUTABLE"
                + "  owner 1", mem.describe());
        Capability space = new Capability(4, 0x01000001, 5, TYPE_UMUTEX | RTYPE_SPACE, UMUTEX_LOCK | 0x80,
                0, 0, 0, 0);
        assertEquals("cap 4  UMUTEX to space 5  LOCK|0x80  IMMUTABLE  owner 1:1", space.describe());
    }

    @Test
    void namesEveryAccessBitOfEveryType() {
        assertEquals("CREATE|DESTROY|RUN|SUSPEND|RECYCLE|WAIT", accessNames(TYPE_TCTRL, 0x3F));
        assertEquals("PAGER|UTCB|SP|PC|REGS|CPU|CPUTIME", accessNames(TYPE_EXREGS, 0x7F));
        assertEquals("READ|WRITE|EXEC|CACHED|UNCACHED|UNMAP|UTCB|CACHE_INVALIDATE|CACHE_CLEAN",
                accessNames(TYPE_MAP_PHYSMEM, 0x1FF));
        assertEquals(accessNames(TYPE_MAP_PHYSMEM, 0x1FF), accessNames(TYPE_MAP_VIRTMEM, 0x1FF));
        assertEquals("SEND|RECV|SHORT|FULL|EXTENDED|ASYNC", accessNames(TYPE_IPC, 0x3F));
        assertEquals("LOCK|UNLOCK", accessNames(TYPE_UMUTEX, 3));
        assertEquals("GRANT|READ|SHARE|REPLICATE|SPLIT|DEDUCE|DESTROY", accessNames(TYPE_CAP, 0x7F));
        assertEquals("-", accessNames(TYPE_QUANTITY, CHANGEABLE));
        assertEquals("0x1", accessNames(TYPE_QUANTITY, 1));
        assertEquals("IMMUTABLE", genericNames(0x7F));
        assertEquals("CHANGEABLE|REPLICABLE|TRANSFERABLE|0x80000000", genericNames(0xF0000000));
        assertEquals("IPC", typeName(TYPE_IPC | RTYPE_SPACE));
        assertEquals("CAP", typeName(TYPE_CAP));
        assertEquals("type 0x3", typeName(3));
        assertEquals("cappool", rtypeName(RTYPE_CAPPOOL));
        assertEquals("thread", rtypeName(RTYPE_THREAD));
        assertEquals("rtype 0x200", rtypeName(1 << 25));
        assertEquals("DESTROY", requestName(REQ_DESTROY));
        assertEquals("request 9", requestName(9));
    }

    @Test
    void adoptedNumbers() {
        assertEquals(0, REQ_NCAPS);
        assertEquals(1, REQ_READ);
        assertEquals(2, REQ_SHARE);
        assertEquals(3, REQ_GRANT);
        assertEquals(4, REQ_REPLICATE);
        assertEquals(5, REQ_SPLIT);
        assertEquals(6, REQ_DEDUCE);
        assertEquals(7, REQ_DESTROY);
        assertEquals(IPC_SHORT, ipcTransferBit(0));
        assertEquals(IPC_FULL, ipcTransferBit(1));
        assertEquals(IPC_EXTENDED, ipcTransferBit(0x08000022));
        assertEquals(0, ipcTransferBit(3));
        assertEquals(CAP_READ, requestBit(REQ_NCAPS));
        assertEquals(CAP_DESTROY, requestBit(REQ_DESTROY));
        assertEquals(0, requestBit(8));
        assertEquals(0x70, CAP_MODIFY);
    }
}
