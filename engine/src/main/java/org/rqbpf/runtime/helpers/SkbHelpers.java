package org.rqbpf.runtime.helpers;

import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.Memory;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.NativeFunction;

/**
 * The {@code __sk_buff} helpers of socket filters and tc (net/core/filter.c), on the run's skb: its data
 * from {@link BpfRun#packetData()} to {@link BpfRun#packetDataEnd()} (a socket filter's starts at the
 * network header), its mac header at the frame's start. The skb is linear and, as in
 * {@code BPF_PROG_TEST_RUN}, has {@code CHECKSUM_NONE}, no route and no cgroup class; its socket is the
 * test-run's dummy one (uid 0).
 */
final class SkbHelpers {
    private static final int ETH_HLEN = 14;
    private static final int HASH_OFFSET = 68;
    private static final long BPF_F_RECOMPUTE_CSUM = 1, BPF_F_INVALIDATE_HASH = 2;
    private static final long BPF_F_HDR_FIELD_MASK = 0xf, BPF_F_PSEUDO_HDR = 0x10, BPF_F_MARK_MANGLED_0 = 0x20,
            BPF_F_MARK_ENFORCE = 0x40;
    private static final int CSUM_MANGLED_0 = 0xffff;

    private SkbHelpers() {}

    private static int length(BpfRun run) {
        return (int) (run.packetDataEnd() - run.packetData());
    }

    /** {@code bpf_skb_load_bytes(skb, offset, to, len)}: 0, or -EFAULT with {@code to} zeroed. */
    static final NativeFunction LOAD_BYTES = (run, skb, offset, to, len, unused) -> {
        long off = offset & 0xffff_ffffL;
        if (off > Integer.MAX_VALUE || off + len > length(run)) {
            HelperMemory.zero(run.memory(), to, (int) len);
            return -Errno.EFAULT;
        }
        HelperMemory.copy(run.memory(), run.packetData() + off, to, (int) len);
        return 0;
    };

    /**
     * {@code bpf_skb_load_bytes_relative(skb, offset, to, len, start_header)}: from the mac header
     * ({@code BPF_HDR_START_MAC}, 0) or the network header ({@code BPF_HDR_START_NET}, 1).
     */
    static final NativeFunction LOAD_BYTES_RELATIVE = (run, skb, offset, to, len, header) -> {
        long mac = run.packetDataMeta();
        long start = header == 0 ? mac : header == 1 ? mac + ETH_HLEN : -1;
        long off = offset & 0xffff_ffffL;
        if (start < 0 || off > 0xffff || start + off + len > run.packetDataEnd()) {
            HelperMemory.zero(run.memory(), to, (int) len);
            return -Errno.EFAULT;
        }
        HelperMemory.copy(run.memory(), start + off, to, (int) len);
        return 0;
    };

    /** {@code bpf_skb_store_bytes(skb, offset, from, len, flags)}. */
    static final NativeFunction STORE_BYTES = (run, skb, offset, from, len, flags) -> {
        if ((flags & ~(BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH)) != 0) {
            return -Errno.EINVAL;
        }
        long off = offset & 0xffff_ffffL;
        if (off > 0xffff || off + len > length(run)) {
            return -Errno.EFAULT;
        }
        HelperMemory.copy(run.memory(), from, run.packetData() + off, (int) len);
        if ((flags & BPF_F_INVALIDATE_HASH) != 0) {
            run.memory().store(skb + HASH_OFFSET, 4, 0);
        }
        return 0;
    };

    /** {@code bpf_skb_pull_data(skb, len)}: the linear skb already holds {@code len} (0: all) bytes, or -ENOMEM. */
    static final NativeFunction PULL_DATA = (run, skb, len, c, d, e) ->
            (len & 0xffff_ffffL) <= length(run) ? 0 : -Errno.ENOMEM;

    /** {@code bpf_csum_update(skb, csum)}: only a {@code CHECKSUM_COMPLETE} skb has a csum to update. */
    static final NativeFunction CSUM_UPDATE = (run, skb, csum, c, d, e) -> -Errno.ENOTSUPP;

    /** {@code bpf_l3_csum_replace(skb, offset, from, to, flags)}: flags give the field size (0, 2 or 4). */
    static final NativeFunction L3_CSUM_REPLACE = (run, skb, offset, from, to, flags) -> {
        if ((flags & ~BPF_F_HDR_FIELD_MASK) != 0) {
            return -Errno.EINVAL;
        }
        return replaceChecksum(run, offset, from, to, flags, false);
    };

    /** {@code bpf_l4_csum_replace(skb, offset, from, to, flags)}, also {@code BPF_F_MARK_MANGLED_0} (UDP). */
    static final NativeFunction L4_CSUM_REPLACE = (run, skb, offset, from, to, flags) -> {
        if ((flags & ~(BPF_F_MARK_MANGLED_0 | BPF_F_MARK_ENFORCE | BPF_F_PSEUDO_HDR | BPF_F_HDR_FIELD_MASK)) != 0) {
            return -Errno.EINVAL;
        }
        return replaceChecksum(run, offset, from, to, flags, true);
    };

    private static long replaceChecksum(BpfRun run, long offset, long from, long to, long flags, boolean l4) {
        long off = offset & 0xffff_ffffL;
        if (off > 0xffff || (off & 1) != 0 || off + 2 > length(run)) {
            return -Errno.EFAULT;
        }
        Memory m = run.memory();
        long at = run.packetData() + off;
        int check = (int) m.load(at, 2);
        boolean mangledZero = l4 && (flags & BPF_F_MARK_MANGLED_0) != 0;
        if (mangledZero && (flags & BPF_F_MARK_ENFORCE) == 0 && check == 0) {
            return 0;
        }
        int next = switch ((int) (flags & BPF_F_HDR_FIELD_MASK)) {
            case 0 -> from != 0 ? -1 : Checksums.replaceByDiff(check, (int) to);
            case 2 -> Checksums.replace2(check, (int) from, (int) to);
            case 4 -> Checksums.replace4(check, (int) from, (int) to);
            default -> -1;
        };
        if (next < 0) {
            return -Errno.EINVAL;
        }
        if (mangledZero && next == 0) {
            next = CSUM_MANGLED_0;
        }
        m.store(at, 2, next);
        return 0;
    }

    /**
     * {@code bpf_get_hash_recalc(skb)}: the skb's hash, computed from the packet when it has none (a hash of
     * the bytes, not the flow dissector's: Linux seeds that one at random at boot, so no two machines agree).
     */
    static final NativeFunction GET_HASH_RECALC = (run, skb, b, c, d, e) -> {
        Memory m = run.memory();
        long hash = m.load(skb + HASH_OFFSET, 4);
        if (hash == 0) {
            byte[] data = HelperMemory.read(m, run.packetData(), length(run));
            int h = java.util.Arrays.hashCode(data == null ? new byte[0] : data);
            hash = (h == 0 ? 1 : h) & 0xffff_ffffL;
            m.store(skb + HASH_OFFSET, 4, hash);
        }
        return hash;
    };

    /** {@code bpf_set_hash_invalid(skb)}. */
    static final NativeFunction SET_HASH_INVALID = (run, skb, b, c, d, e) -> {
        run.memory().store(skb + HASH_OFFSET, 4, 0);
        return 0;
    };

    /** {@code bpf_set_hash(skb, hash)}. */
    static final NativeFunction SET_HASH = (run, skb, hash, c, d, e) -> {
        run.memory().store(skb + HASH_OFFSET, 4, hash & 0xffff_ffffL);
        return 0;
    };

    /** {@code bpf_get_socket_cookie(skb)}: the dummy socket's cookie, one per CPU (nonzero). */
    static final NativeFunction GET_SOCKET_COOKIE = (run, skb, b, c, d, e) -> run.cpu().id() + 1L;

    /** {@code bpf_get_socket_uid(skb)}: the dummy socket belongs to root. */
    static final NativeFunction GET_SOCKET_UID = (run, skb, b, c, d, e) -> 0;

    /**
     * 0 for the helpers with nothing to find in a test-run: {@code bpf_get_cgroup_classid},
     * {@code bpf_get_route_realm}, and the socket lookups and casts (rqbpf simulates no sockets).
     */
    static final NativeFunction NONE = (run, skb, b, c, d, e) -> 0;
}
