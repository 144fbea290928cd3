package org.rqbpf.runtime.attach;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PacketSourceTest {
    private static int sum(byte[] b, int off, int len, long s) {
        for (int i = 0; i + 1 < len; i += 2) {
            s += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            s += (b[off + len - 1] & 0xff) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    @Test
    void packetsAreWellFormedWithValidChecksums() {
        PacketSource src = new PacketSource(new FlowTable(1, 64), new SplittableRandom(2));
        Packet p = new Packet(0);
        int v4 = 0;
        int v6 = 0;
        for (int n = 0; n < 2000; n++) {
            src.next(p);
            byte[] b = p.bytes;
            assertTrue(p.length >= 54 && p.length <= Packet.MAX_FRAME, "length " + p.length);
            int type = CtxBytes.readBe16(b, 12);
            assertEquals(p.ethertype, type);
            int l3;
            int l4len;
            int proto;
            long pseudo;
            if (type == Packet.ETH_P_IP) {
                v4++;
                l3 = 20;
                assertEquals(0x45, b[14]);
                assertEquals(0xffff, sum(b, 14, 20, 0), "IPv4 header checksum");
                l4len = CtxBytes.readBe16(b, 16) - 20;
                proto = b[23];
                pseudo = sum(b, 26, 8, 0);
            } else {
                v6++;
                assertEquals(Packet.ETH_P_IPV6, type);
                l3 = 40;
                l4len = CtxBytes.readBe16(b, 18);
                proto = b[20];
                pseudo = sum(b, 22, 32, 0);
            }
            assertEquals(p.length, 14 + l3 + l4len);
            assertTrue(proto == 6 || proto == 17);
            assertEquals(0xffff, sum(b, 14 + l3, l4len, pseudo + proto + l4len), "TCP/UDP checksum");
        }
        assertTrue(v4 > 1000 && v6 > 100, v4 + " IPv4, " + v6 + " IPv6");
    }

    @Test
    void theSameSeedGivesTheSamePackets() {
        Packet a = new Packet(0);
        Packet b = new Packet(0);
        PacketSource sa = new PacketSource(new FlowTable(5, 32), new SplittableRandom(9));
        PacketSource sb = new PacketSource(new FlowTable(5, 32), new SplittableRandom(9));
        for (int i = 0; i < 100; i++) {
            sa.next(a);
            sb.next(b);
            assertArrayEquals(Arrays.copyOf(a.bytes, a.length), Arrays.copyOf(b.bytes, b.length));
        }
    }
}
