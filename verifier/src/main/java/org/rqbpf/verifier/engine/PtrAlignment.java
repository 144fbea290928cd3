package org.rqbpf.verifier.engine;

import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.domain.Tnum;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;

/**
 * The kernel's {@code check_ptr_alignment}. x86 has efficient unaligned access, so a check is strict
 * only under {@code BPF_F_STRICT_ALIGNMENT}, for atomics and for {@code MEM_ALIGNED} helper arguments;
 * the stack is always checked (spill tracking relies on it). A packet access counts the two bytes of
 * {@code NET_IP_ALIGN} in front of the packet.
 */
final class PtrAlignment {
    private PtrAlignment() {}

    static void check(Reg ptr, long off, int size, boolean strict) throws VerifyError {
        boolean stack = ptr.type == RegType.PTR_TO_STACK;
        if (size == 1 || !strict && !stack) {
            return;
        }
        boolean packet = ptr.type == RegType.PTR_TO_PACKET || ptr.type == RegType.PTR_TO_PACKET_META;
        int ipAlign = packet ? 2 : 0;
        if (ptr.var.tnum.add(Tnum.constant(ipAlign + ptr.off + off)).isAligned(size)) {
            return;
        }
        String where = ptr.var.tnum + "+" + ptr.off + "+" + off + " size " + size;
        if (packet) {
            throw VerifyError.eacces("misaligned packet access off " + ipAlign + "+" + where);
        }
        String desc = switch (ptr.type) {
            case PTR_TO_STACK -> "stack ";
            case PTR_TO_MAP_VALUE -> "value ";
            case PTR_TO_CTX -> "context ";
            case PTR_TO_SOCKET -> "sock ";
            case PTR_TO_SOCK_COMMON -> "sock_common ";
            case PTR_TO_TCP_SOCK -> "tcp_sock ";
            default -> "";
        };
        throw VerifyError.eacces("misaligned " + desc + "access off " + where);
    }
}
