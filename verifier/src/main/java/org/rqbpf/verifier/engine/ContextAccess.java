package org.rqbpf.verifier.engine;

import org.rqbpf.abi.CtxField;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.state.Reg;
import org.rqbpf.verifier.state.RegType;

/**
 * Which loads and stores of a field-structured context Linux allows, per program type: the kernel's
 * {@code tc_cls_act_is_valid_access}, {@code sk_filter_is_valid_access} (both ending in
 * {@code bpf_skb_is_valid_access}) and {@code xdp_is_valid_access} (net/core/filter.c). What a load
 * yields: a packet pointer for {@code data}, {@code data_end} and {@code data_meta}, else a scalar of the
 * load's size.
 *
 * <p>{@code __sk_buff}: 4-byte fields take a read of 1, 2 or 4 bytes at a multiple of its size and a
 * write of exactly 4; {@code cb[]} takes any aligned access inside it; {@code tstamp} and
 * {@code hwtstamp} are 8 bytes; the packet pointers want exactly 4 bytes and no sign
 * extension; the socket fields ({@code family} to {@code local_port}) are for other program types;
 * {@code tstamp_type} takes a 1-byte read (tc only); a socket filter sees neither the
 * packet pointers nor {@code tc_classid}, {@code tstamp}, {@code wire_len} and {@code hwtstamp}, and
 * writes only {@code cb[]}. {@code xdp_md}: 4-byte reads of whole fields only, no writes.
 * {@code sk} (8 bytes, read only) is the packet's socket, or NULL; {@code flow_keys} is for flow
 * dissectors and refused.
 */
final class ContextAccess {
    private ContextAccess() {}

    /** The loaded register for a read, null for an allowed write. */
    static Reg check(ProgramType type, int off, int size, MemAccess.Kind kind, boolean signExtend) throws VerifyError {
        CtxField f = off < 0 ? null : type.fieldAt(off);
        boolean ok = f != null && off % size == 0 && (type == ProgramType.XDP ? xdp(f, size, kind, signExtend)
                : skb(type, f, off, size, kind, signExtend));
        if (!ok) {
            throw VerifyError.eacces("invalid bpf_context access off=" + off + " size=" + size);
        }
        if (kind == MemAccess.Kind.WRITE) {
            return null;
        }
        if (f.name().equals("sk")) {
            return Reg.pointer(RegType.PTR_TO_SOCK_COMMON_OR_NULL, 0);
        }
        return switch (f.kind()) {
            case PACKET -> Reg.pointer(RegType.PTR_TO_PACKET, 0);
            case PACKET_END -> Reg.pointer(RegType.PTR_TO_PACKET_END, 0);
            case PACKET_META -> Reg.pointer(RegType.PTR_TO_PACKET_META, 0);
            case SCALAR -> MemAccess.sized(size);
        };
    }

    private static boolean xdp(CtxField f, int size, MemAccess.Kind kind, boolean signExtend) {
        if (f.name().equals("egress_ifindex") || kind == MemAccess.Kind.WRITE) {
            return false;
        }
        return !(signExtend && f.kind() != CtxField.Kind.SCALAR) && size == 4;
    }

    private static boolean skb(ProgramType type, CtxField f, int off, int size, MemAccess.Kind kind, boolean signExtend) {
        boolean write = kind == MemAccess.Kind.WRITE;
        String name = f.name();
        if (write && !f.writable()) {
            return false;
        }
        if (type == ProgramType.SOCKET_FILTER && switch (name) {
            case "tc_classid", "data", "data_meta", "data_end", "tstamp", "wire_len", "hwtstamp" -> true;
            default -> false;
        }) {
            return false;
        }
        return switch (name) {
            case "family", "remote_ip4", "local_ip4", "remote_ip6", "local_ip6", "remote_port", "local_port",
                    "flow_keys" -> false;
            case "sk" -> !write && size == 8;
            case "tstamp_type" -> type == ProgramType.SCHED_CLS && size == 1;
            case "cb" -> off + size <= f.offset() + f.size();
            case "data", "data_meta", "data_end" -> !signExtend && size == 4;
            case "tstamp", "hwtstamp" -> size == 8;
            default -> write ? size == 4 : size <= 4 && Integer.bitCount(size) == 1;
        };
    }
}
