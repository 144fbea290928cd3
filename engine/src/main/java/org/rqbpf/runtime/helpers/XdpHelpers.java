package org.rqbpf.runtime.helpers;

import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.Region;
import org.rqbpf.runtime.BpfRun;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.ProgramContext;

/**
 * The {@code xdp_md} helpers (net/core/filter.c) on the run's frame. The frame lies in a buffer with
 * {@link ProgramContext#XDP_HEADROOM} bytes before it, of which {@link ProgramContext#XDP_FRAME_STRUCT}
 * belong to {@code struct xdp_frame}, and {@link ProgramContext#XDP_TAILROOM} bytes reserved at the end,
 * as in {@code bpf_prog_test_run_xdp}; the frame is one buffer (no fragments).
 *
 * <pre>
 *   hard start  +40        data_meta   data            data_end          hard end   buffer end
 *   | xdp_frame | headroom | metadata  | packet ...    | free ...        | tailroom  |
 * </pre>
 */
final class XdpHelpers {
    private static final int ETH_HLEN = 14;
    private static final int MAX_METALEN = 32;

    private XdpHelpers() {}

    private static Region buffer(BpfRun run) {
        return run.memory().regionOf(run.packetData());
    }

    /** {@code bpf_xdp_adjust_head(xdp, delta)}: moves {@code data} (and the metadata with it). */
    static final NativeFunction ADJUST_HEAD = (run, xdp, delta, c, d, e) -> {
        long meta = run.packetDataMeta(), data = run.packetData(), end = run.packetDataEnd();
        long metalen = data - meta;
        long frameEnd = buffer(run).base() + ProgramContext.XDP_FRAME_STRUCT;
        long next = data + (int) delta;
        if (next < frameEnd + metalen || next > end - ETH_HLEN) {
            return -Errno.EINVAL;
        }
        if (metalen > 0) {
            byte[] bytes = HelperMemory.read(run.memory(), meta, (int) metalen);
            HelperMemory.write(run.memory(), meta + (int) delta, bytes);
        }
        run.movePacket(next, end, meta + (int) delta);
        return 0;
    };

    /** {@code bpf_xdp_adjust_meta(xdp, delta)}: moves {@code data_meta}; metadata is 0 to 32 bytes, in words. */
    static final NativeFunction ADJUST_META = (run, xdp, delta, c, d, e) -> {
        long data = run.packetData();
        long meta = run.packetDataMeta() + (int) delta;
        long frameEnd = buffer(run).base() + ProgramContext.XDP_FRAME_STRUCT;
        if (meta < frameEnd || meta > data) {
            return -Errno.EINVAL;
        }
        long metalen = data - meta;
        if ((metalen & 3) != 0 || metalen > MAX_METALEN) {
            return -Errno.EACCES;
        }
        run.movePacket(data, run.packetDataEnd(), meta);
        return 0;
    };

    /** {@code bpf_xdp_adjust_tail(xdp, delta)}: moves {@code data_end}; grown bytes read as zero. */
    static final NativeFunction ADJUST_TAIL = (run, xdp, delta, c, d, e) -> {
        Region buf = buffer(run);
        long data = run.packetData(), end = run.packetDataEnd();
        long next = end + (int) delta;
        long hardEnd = buf.base() + buf.size() - ProgramContext.XDP_TAILROOM;
        if (next > hardEnd || next < data + ETH_HLEN) {
            return -Errno.EINVAL;
        }
        if (next > end) {
            HelperMemory.zero(run.memory(), end, (int) (next - end));
        }
        run.movePacket(data, next, run.packetDataMeta());
        return 0;
    };

    /** {@code bpf_xdp_get_buff_len(xdp)}. */
    static final NativeFunction GET_BUFF_LEN = (run, xdp, b, c, d, e) -> run.packetDataEnd() - run.packetData();

    /** {@code bpf_xdp_load_bytes(xdp, offset, buf, len)}. */
    static final NativeFunction LOAD_BYTES = (run, xdp, offset, buf, len, e) -> {
        long err = check(run, offset, len);
        if (err == 0) {
            HelperMemory.copy(run.memory(), run.packetData() + (offset & 0xffff_ffffL), buf, (int) len);
        }
        return err;
    };

    /** {@code bpf_xdp_store_bytes(xdp, offset, buf, len)}. */
    static final NativeFunction STORE_BYTES = (run, xdp, offset, buf, len, e) -> {
        long err = check(run, offset, len);
        if (err == 0) {
            HelperMemory.copy(run.memory(), buf, run.packetData() + (offset & 0xffff_ffffL), (int) len);
        }
        return err;
    };

    /** {@code bpf_xdp_pointer}'s checks: -EFAULT past 64 KiB, -EINVAL past the frame. */
    private static long check(BpfRun run, long offset, long len) {
        long off = offset & 0xffff_ffffL;
        long n = len & 0xffff_ffffL;
        if (off > 0xffff || n > 0xffff) {
            return -Errno.EFAULT;
        }
        return off + n > run.packetDataEnd() - run.packetData() ? -Errno.EINVAL : 0;
    }
}
