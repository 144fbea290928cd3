package org.rqbpf.runtime.attach;

import java.util.SplittableRandom;

/**
 * The flows of the synthetic traffic, derived from the seed and shared by all CPUs (so per-flow state is
 * contended across CPUs, as with a NIC that spreads one flow's packets over queues). Clients talk to
 * servers at 10.1.0.10-10.1.0.19 and 2001:db8:100::10. Client addresses come from fixed pools, so that
 * examples can match them: 10.0.0.0/8 (40% of IPv4 flows), 192.168.1.0/24 (10%), the RFC 5737
 * documentation networks 192.0.2.0/24 (5%), 198.51.100.0/24 (10%) and 203.0.113.0/24 (10%), and other
 * public addresses (25%); 20% of flows are IPv6 from 2001:db8:1::/48 or 2001:db8:bad::/48. Services: TCP
 * 443, 80, 22 and 8080, UDP 53 and 123. {@link #pick} favours low-numbered flows (a few heavy hitters).
 */
final class FlowTable {
    static final int DEFAULT_FLOWS = 256;

    private static final int[][] V4_POOLS = {
        // {first octet, second, third, prefix length, weight %}
        {10, 0, 0, 8, 40}, {192, 168, 1, 24, 10}, {192, 0, 2, 24, 5}, {198, 51, 100, 24, 10},
        {203, 0, 113, 24, 10}, {0, 0, 0, 0, 25},
    };

    private final Flow[] flows;

    FlowTable(long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        flows = new Flow[count];
        for (int i = 0; i < count; i++) {
            flows[i] = flow(r);
        }
    }

    /** A flow, skewed towards low indices (index = n * u^2). */
    Flow pick(SplittableRandom r) {
        double u = r.nextDouble();
        return flows[(int) (flows.length * u * u)];
    }

    private static Flow flow(SplittableRandom r) {
        boolean v6 = r.nextInt(100) < 20;
        int service = r.nextInt(100);
        int dport;
        int proto;
        if (service < 45) {
            dport = 443;
            proto = Flow.TCP;
        } else if (service < 65) {
            dport = 80;
            proto = Flow.TCP;
        } else if (service < 80) {
            dport = 53;
            proto = Flow.UDP;
        } else if (service < 87) {
            dport = 22;
            proto = Flow.TCP;
        } else if (service < 95) {
            dport = 8080;
            proto = Flow.TCP;
        } else {
            dport = 123;
            proto = Flow.UDP;
        }
        int sport = 32768 + r.nextInt(61000 - 32768);
        byte[] saddr = v6 ? v6Client(r) : v4Client(r);
        byte[] daddr = v6 ? v6Server() : new byte[] {10, 1, 0, (byte) (10 + r.nextInt(10))};
        int hash = mix(saddr, daddr, sport, dport, proto);
        return new Flow(v6, proto, saddr, daddr, sport, dport, hash);
    }

    private static byte[] v4Client(SplittableRandom r) {
        int w = r.nextInt(100);
        for (int[] pool : V4_POOLS) {
            if (w < pool[4]) {
                if (pool[3] == 0) {
                    return new byte[] {(byte) publicOctet(r), (byte) r.nextInt(256), (byte) r.nextInt(256),
                        (byte) (1 + r.nextInt(254))};
                }
                byte[] a = {(byte) pool[0], (byte) pool[1], (byte) pool[2], (byte) (1 + r.nextInt(254))};
                if (pool[3] == 8) {
                    a[1] = (byte) r.nextInt(256);
                    a[2] = (byte) r.nextInt(256);
                }
                return a;
            }
            w -= pool[4];
        }
        throw new AssertionError("pool weights add up to 100");
    }

    /** A first octet of a public unicast address (not 0, 10, 127, 169, 172, 192, 198, 203 or multicast). */
    private static int publicOctet(SplittableRandom r) {
        for (;;) {
            int o = 1 + r.nextInt(223);
            if (o != 10 && o != 127 && o != 169 && o != 172 && o != 192 && o != 198 && o != 203) {
                return o;
            }
        }
    }

    private static byte[] v6Client(SplittableRandom r) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        boolean bad = r.nextInt(4) == 0;
        a[4] = bad ? (byte) 0x0b : 0x00;
        a[5] = bad ? (byte) 0xad : 0x01;
        for (int i = 8; i < 16; i++) {
            a[i] = (byte) r.nextInt(256);
        }
        return a;
    }

    private static byte[] v6Server() {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[4] = 0x01;
        a[5] = 0x00;
        a[15] = 0x10;
        return a;
    }

    /** A Toeplitz-like mix of the 5-tuple: what an RSS NIC puts in {@code skb->hash}. */
    private static int mix(byte[] s, byte[] d, int sport, int dport, int proto) {
        int h = 0x9747b28c ^ proto;
        for (byte b : s) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        for (byte b : d) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        h = (h ^ sport) * 0x01000193;
        h = (h ^ dport) * 0x01000193;
        return h ^ (h >>> 15);
    }
}
