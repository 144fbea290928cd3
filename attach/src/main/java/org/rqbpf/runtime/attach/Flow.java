package org.rqbpf.runtime.attach;

/**
 * One transport flow of the synthetic traffic: addresses in network order (4 bytes for IPv4, 16 for
 * IPv6), ports, protocol ({@code IPPROTO_TCP} 6 or {@code IPPROTO_UDP} 17) and the receive hash the NIC
 * reports for it ({@code skb->hash}).
 */
record Flow(boolean ipv6, int protocol, byte[] saddr, byte[] daddr, int sport, int dport, int hash) {
    static final int TCP = 6;
    static final int UDP = 17;
}
