package org.rqbpf.runtime;

/**
 * What the kernel's {@code eth_type_trans} derives from an Ethernet frame received on the loopback
 * device (address 00:00:00:00:00:00), as {@code __sk_buff} shows it: {@code protocol} is the frame's
 * EtherType when it is one (at least 0x0600), else {@code ETH_P_802_3} for a raw 802.3 frame (payload
 * starting 0xFFFF) or {@code ETH_P_802_2}, each in network byte order as the kernel keeps it;
 * {@code pkt_type} is {@code PACKET_HOST} (0) for the device's own address, {@code PACKET_BROADCAST}
 * (1), {@code PACKET_MULTICAST} (2), or {@code PACKET_OTHERHOST} (3).
 */
final class EthTypeTrans {
    private static final int ETH_P_802_3_MIN = 0x0600, ETH_P_802_3 = 0x0001, ETH_P_802_2 = 0x0004;
    private static final int PACKET_HOST = 0, PACKET_BROADCAST = 1, PACKET_MULTICAST = 2, PACKET_OTHERHOST = 3;

    private EthTypeTrans() {}

    /** {@code skb->protocol} as {@code __sk_buff.protocol} reads it: the big-endian 16-bit value's bytes. */
    static int protocol(byte[] frame) {
        int proto = frame.length >= 14 ? (frame[12] & 0xff) << 8 | (frame[13] & 0xff) : 0;
        int host;
        if (proto >= ETH_P_802_3_MIN) {
            host = proto;
        } else if (frame.length >= 16 && (frame[14] & 0xff) == 0xff && (frame[15] & 0xff) == 0xff) {
            host = ETH_P_802_3;
        } else {
            host = ETH_P_802_2;
        }
        return Integer.reverseBytes(host) >>> 16;
    }

    /** {@code skb->pkt_type} from the destination address. */
    static int packetType(byte[] frame) {
        boolean own = true;
        boolean broadcast = true;
        for (int i = 0; i < 6 && i < frame.length; i++) {
            own &= frame[i] == 0;
            broadcast &= frame[i] == (byte) 0xff;
        }
        if (own) {
            return PACKET_HOST;
        }
        if ((frame[0] & 1) != 0) {
            return broadcast ? PACKET_BROADCAST : PACKET_MULTICAST;
        }
        return PACKET_OTHERHOST;
    }
}
