package org.rqbpf.runtime.attach;

import java.util.SplittableRandom;

/**
 * Builds the packets of one CPU from its seeded stream: a flow from the {@link FlowTable}, then an
 * Ethernet II header (to 02:00:00:00:00:01 from the gateway 02:00:00:00:00:fe), an IPv4 header (DF, TTL
 * 40-64, valid header checksum) or an IPv6 header (flow label from the flow hash, hop limit 64), and a
 * TCP (ACK, PSH|ACK with data, or SYN) or UDP header with a valid checksum over the pseudo-header and
 * payload. Sizes are bimodal as on a real link: TCP pure ACKs, full 1500-byte-MTU segments and mid-size
 * segments; DNS queries of 20-200 bytes and 48-byte NTP packets.
 */
final class PacketSource {
    private static final int ETH = 14;
    private static final int IPV4 = 20;
    private static final int IPV6 = 40;
    private static final int TCPH = 20;
    private static final int UDPH = 8;

    private final FlowTable flows;
    private final SplittableRandom random;
    private final byte[] payload = new byte[Packet.MAX_FRAME];

    PacketSource(FlowTable flows, SplittableRandom random) {
        this.flows = flows;
        this.random = random;
        random.nextBytes(payload);
    }

    /** Fills {@code p} with the next packet. */
    void next(Packet p) {
        Flow f = flows.pick(random);
        int l3 = f.ipv6() ? IPV6 : IPV4;
        int l4 = f.protocol() == Flow.TCP ? TCPH : UDPH;
        int data = payloadSize(f, Packet.MAX_FRAME - ETH - l3 - l4);
        byte[] b = p.bytes;
        int ethertype = f.ipv6() ? Packet.ETH_P_IPV6 : Packet.ETH_P_IP;
        ethernet(b, ethertype);
        int l4len = l4 + data;
        if (f.ipv6()) {
            ipv6(b, f, l4len);
        } else {
            ipv4(b, f, l4len);
        }
        int at = ETH + l3;
        System.arraycopy(payload, random.nextInt(payload.length - data + 1), b, at + l4, data);
        if (f.protocol() == Flow.TCP) {
            tcp(b, at, f, data);
        } else {
            udp(b, at, f, l4len);
        }
        CtxBytes.be16(b, at + (f.protocol() == Flow.TCP ? 16 : 6), l4Checksum(b, f, at, l4len));
        p.length = ETH + l3 + l4len;
        p.ethertype = ethertype;
        p.hash = f.hash();
    }

    private int payloadSize(Flow f, int max) {
        if (f.protocol() == Flow.UDP) {
            return f.dport() == 123 ? 48 : 20 + random.nextInt(181);
        }
        int k = random.nextInt(100);
        if (k < 40) {
            return 0;
        }
        if (k < 75) {
            return max;
        }
        return 1 + random.nextInt(600);
    }

    private static void ethernet(byte[] b, int ethertype) {
        b[0] = 0x02;
        b[1] = 0;
        b[2] = 0;
        b[3] = 0;
        b[4] = 0;
        b[5] = 0x01;
        b[6] = 0x02;
        b[7] = 0;
        b[8] = 0;
        b[9] = 0;
        b[10] = 0;
        b[11] = (byte) 0xfe;
        CtxBytes.be16(b, 12, ethertype);
    }

    private void ipv4(byte[] b, Flow f, int l4len) {
        int o = ETH;
        b[o] = 0x45;
        b[o + 1] = 0;
        CtxBytes.be16(b, o + 2, IPV4 + l4len);
        CtxBytes.be16(b, o + 4, random.nextInt(0x10000));
        CtxBytes.be16(b, o + 6, 0x4000);
        b[o + 8] = (byte) (40 + random.nextInt(25));
        b[o + 9] = (byte) f.protocol();
        CtxBytes.be16(b, o + 10, 0);
        System.arraycopy(f.saddr(), 0, b, o + 12, 4);
        System.arraycopy(f.daddr(), 0, b, o + 16, 4);
        CtxBytes.be16(b, o + 10, fold(sum(b, o, IPV4, 0)));
    }

    private static void ipv6(byte[] b, Flow f, int l4len) {
        int o = ETH;
        CtxBytes.be32(b, o, 0x6000_0000 | (f.hash() & 0xFFFFF));
        CtxBytes.be16(b, o + 4, l4len);
        b[o + 6] = (byte) f.protocol();
        b[o + 7] = 64;
        System.arraycopy(f.saddr(), 0, b, o + 8, 16);
        System.arraycopy(f.daddr(), 0, b, o + 24, 16);
    }

    private void tcp(byte[] b, int o, Flow f, int data) {
        CtxBytes.be16(b, o, f.sport());
        CtxBytes.be16(b, o + 2, f.dport());
        CtxBytes.be32(b, o + 4, random.nextInt());
        boolean syn = data == 0 && random.nextInt(50) == 0;
        CtxBytes.be32(b, o + 8, syn ? 0 : random.nextInt());
        b[o + 12] = 0x50;
        b[o + 13] = (byte) (syn ? 0x02 : data > 0 ? 0x18 : 0x10);
        CtxBytes.be16(b, o + 14, 502 + random.nextInt(64000));
        CtxBytes.be16(b, o + 16, 0);
        CtxBytes.be16(b, o + 18, 0);
    }

    private static void udp(byte[] b, int o, Flow f, int l4len) {
        CtxBytes.be16(b, o, f.sport());
        CtxBytes.be16(b, o + 2, f.dport());
        CtxBytes.be16(b, o + 4, l4len);
        CtxBytes.be16(b, o + 6, 0);
    }

    /** The TCP/UDP checksum: pseudo-header (addresses, protocol, length) plus the segment. */
    private static int l4Checksum(byte[] b, Flow f, int at, int l4len) {
        int addrAt = f.ipv6() ? ETH + 8 : ETH + 12;
        int addrLen = f.ipv6() ? 32 : 8;
        long s = sum(b, addrAt, addrLen, 0);
        s += f.protocol() + l4len;
        s = sum(b, at, l4len, s);
        int c = fold(s);
        // A computed UDP checksum of 0 is sent as 0xffff (RFC 768).
        return c == 0 && f.protocol() == Flow.UDP ? 0xffff : c;
    }

    private static long sum(byte[] b, int off, int len, long s) {
        int i = 0;
        for (; i + 1 < len; i += 2) {
            s += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        if (i < len) {
            s += (b[off + i] & 0xff) << 8;
        }
        return s;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }
}
