package org.rqbpf.verifier.engine;

import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.state.Reg;

/**
 * Loads through socket pointers (the kernel's {@code check_sock_access}): {@code struct bpf_sock}
 * ({@code bpf_sock_is_valid_access}; a {@code sock_common} lacks {@code type} .. {@code priority}) and
 * {@code struct bpf_tcp_sock} ({@code bpf_tcp_sock_is_valid_access}). A load yields an unknown scalar.
 *
 * <pre>
 * struct bpf_sock:  0 bound_dev_if  4 family  8 type  12 protocol  16 mark  20 priority  24 src_ip4
 *                   28 src_ip6[4]  44 src_port  48 dst_port (u16)  50 pad  52 dst_ip4  56 dst_ip6[4]
 *                   72 state  76 rx_queue_mapping  (80 bytes)
 * </pre>
 */
final class SocketAccess {
    private static final int SOCK_SIZE = 80;
    /** {@code offsetofend(struct bpf_tcp_sock, icsk_retransmits)}; its u64 fields are bytes_received, bytes_acked. */
    private static final int TCP_SOCK_SIZE = 112;
    private static final int TCP_BYTES_RECEIVED = 80, TCP_BYTES_ACKED = 88;

    private SocketAccess() {}

    static void check(Reg ptr, int regno, long off, int size) throws VerifyError {
        if (ptr.var.smin < 0) {
            throw VerifyError.eacces("R" + regno + " min value is negative, either use unsigned index or do a if (index >=0) check.");
        }
        boolean valid = switch (ptr.type) {
            case PTR_TO_SOCKET -> sock(off, size);
            case PTR_TO_SOCK_COMMON -> !(off >= 8 && off < 24) && sock(off, size);
            case PTR_TO_TCP_SOCK -> tcpSock(off, size);
            default -> false;
        };
        if (!valid) {
            throw VerifyError.eacces("R" + regno + " invalid " + ptr.type.spelling() + " access off=" + off + " size=" + size);
        }
    }

    private static boolean sock(long off, int size) {
        if (off < 0 || off >= SOCK_SIZE || off % size != 0) {
            return false;
        }
        if (off == 48 || off == 49) {
            return size == 4 || size <= 2 && Integer.bitCount(size) == 1;
        }
        if (off >= 50 && off < 52) {
            return false;
        }
        boolean narrow = off == 4 || off == 8 || off == 12 || off == 44 || off == 72 || off == 76
                || off >= 24 && off < 44 || off >= 52 && off < 72;
        return narrow ? size <= 4 && Integer.bitCount(size) == 1 : size == 4;
    }

    private static boolean tcpSock(long off, int size) {
        if (off < 0 || off >= TCP_SOCK_SIZE || off % size != 0) {
            return false;
        }
        return off == TCP_BYTES_RECEIVED || off == TCP_BYTES_ACKED ? size == 8 : size == 4;
    }
}
