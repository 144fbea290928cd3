package org.rqbpf.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.Region;
import org.rqbpf.kernel.RegionKind;

/**
 * The context a program runs with: its ctx region ({@code r1}) and, for the packet types ({@code tc},
 * {@code xdp}, {@code socket}), the packet the ctx's {@code data}/{@code data_end} fields point at. The
 * ctx of a tracing type is read-only, as in the kernel. {@code __sk_buff.len} is the length from the skb's
 * data: the whole frame for tc, the frame past its Ethernet header for a socket filter.
 * Reusable across runs; {@link #free()} releases its regions.
 */
public final class ProgramContext {
    /** Size of the default packet of the packet types. */
    public static final int DEFAULT_PACKET_SIZE = 64;

    private final Memory memory;
    private final ProgramType type;
    private final Region ctx;
    private final Region packet;
    /** Bytes of {@link #packet} the program sees ({@code data_end - data}); the region's size unless reused. */
    private int packetLength;

    private ProgramContext(Memory memory, ProgramType type, Region ctx, Region packet, int packetLength) {
        this.memory = memory;
        this.type = type;
        this.ctx = ctx;
        this.packet = packet;
        this.packetLength = packetLength;
    }

    /**
     * A context for {@code type}.
     *
     * @param ctxBytes the ctx contents (zero-padded to the type's size; a {@code syscall} ctx is exactly
     *     these bytes), or null for a zeroed ctx
     * @param packetBytes the packet, or null for 64 zero bytes; must be null for types without packets
     * @throws IllegalArgumentException if the ctx is too large or a packet is given to a type without one
     */
    public static ProgramContext create(Memory memory, ProgramType type, byte[] ctxBytes, byte[] packetBytes) {
        int size = type == ProgramType.SYSCALL && ctxBytes != null ? ctxBytes.length : type.ctxSize();
        if (ctxBytes != null && ctxBytes.length > size) {
            throw new IllegalArgumentException("ctx of " + ctxBytes.length + " bytes is larger than the "
                    + size + "-byte ctx of " + type.kernelName() + " programs");
        }
        if (packetBytes != null && !type.hasPacket()) {
            throw new IllegalArgumentException(type.kernelName() + " programs have no packet");
        }
        byte[] c = ctxBytes == null ? new byte[size] : Arrays.copyOf(ctxBytes, size);
        Region packet = null;
        int length = 0;
        if (type.hasPacket()) {
            byte[] p = packetBytes == null ? new byte[DEFAULT_PACKET_SIZE] : packetBytes;
            int room = headroom(type);
            byte[] buffer = new byte[type == ProgramType.XDP ? Math.max(XDP_FRAME_SIZE, room + p.length + XDP_TAILROOM)
                    : p.length];
            System.arraycopy(p, 0, buffer, room, p.length);
            packet = memory.wrap("packet", RegionKind.PACKET, buffer, false);
            length = p.length;
            if (type != ProgramType.XDP) {
                ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(SKB_LEN, p.length - dataOffset(type, p.length));
            }
        }
        Region ctx = memory.wrap("ctx of a " + type.kernelName() + " program", RegionKind.CTX, c, type.isTracing());
        return new ProgramContext(memory, type, ctx, packet, length);
    }

    /**
     * A context as {@code BPF_PROG_TEST_RUN} builds it ({@code bpf_prog_test_run_skb} / {@code _xdp}): the
     * packet arrives on the loopback device, so an XDP program's {@code ingress_ifindex} and an skb's
     * {@code ifindex} are 1 (an skb keeps a given {@code ifindex} above 1), and an skb's {@code protocol}
     * and {@code pkt_type} are what {@code eth_type_trans} derives from the frame.
     */
    public static ProgramContext createForTestRun(Memory memory, ProgramType type, byte[] ctxBytes, byte[] packetBytes) {
        ProgramContext c = create(memory, type, ctxBytes, packetBytes);
        ByteBuffer ctx = ByteBuffer.wrap(c.ctx.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (type == ProgramType.XDP) {
            ctx.putInt(XDP_INGRESS_IFINDEX, LOOPBACK_IFINDEX);
        } else if (type.hasPacket()) {
            if (Integer.compareUnsigned(ctx.getInt(SKB_IFINDEX), LOOPBACK_IFINDEX) <= 0) {
                ctx.putInt(SKB_IFINDEX, LOOPBACK_IFINDEX);
            }
            byte[] frame = c.packet.bytes();
            ctx.putInt(SKB_PROTOCOL, EthTypeTrans.protocol(frame));
            ctx.putInt(SKB_PKT_TYPE, EthTypeTrans.packetType(frame));
        }
        return c;
    }

    /**
     * Where the skb's data starts in the frame: a socket filter sees the packet from its network header, the
     * Ethernet header already pulled ({@code eth_type_trans}); tc and XDP see the whole frame.
     */
    private static int dataOffset(ProgramType type, int frameLength) {
        return type == ProgramType.SOCKET_FILTER && frameLength >= ETH_HLEN ? ETH_HLEN : 0;
    }

    private static final int ETH_HLEN = 14;
    private static final int LOOPBACK_IFINDEX = 1;
    private static final int XDP_INGRESS_IFINDEX = 12, SKB_LEN = 0, SKB_PKT_TYPE = 4, SKB_PROTOCOL = 16, SKB_IFINDEX = 40;

    /** The program type this context is for. */
    public ProgramType type() {
        return type;
    }

    /** The ctx pointer, {@code r1} at entry. */
    public long pointer() {
        return ctx.base();
    }

    /** The ctx region (its bytes are the ctx the program sees and may write). */
    public Region ctx() {
        return ctx;
    }

    /** The packet region, or null. */
    public Region packet() {
        return packet;
    }

    /** Makes {@code run}'s ctx loads of {@code data}, {@code data_end}, {@code data_meta} yield packet pointers. */
    public void bind(BpfRun run) {
        if (packet != null) {
            long frame = packet.pointer(headroom(type));
            run.bindContext(ctx, type, frame + dataOffset(type, packetLength), frame + packetLength, frame);
        } else {
            run.bindContext(ctx, type, 0, 0, 0);
        }
    }

    /**
     * Reuses this context for another packet (the attach workload, whose packets vary in length): copies
     * the first {@code length} bytes of {@code bytes} into the packet region, which must be at least that
     * large, makes {@code data_end} point right after them and, for {@code __sk_buff} types, sets
     * {@code len}. Bytes of the region past {@code length} stay beyond {@code data_end}, so a verified
     * program never reads them.
     *
     * @throws IllegalStateException if the type has no packet
     * @throws IllegalArgumentException if the packet is larger than the region
     */
    public void setPacket(byte[] bytes, int length) {
        if (packet == null) {
            throw new IllegalStateException(type.kernelName() + " programs have no packet");
        }
        int room = headroom(type);
        if (length < 0 || length > packet.size() - room || length > bytes.length) {
            throw new IllegalArgumentException("packet of " + length + " bytes does not fit the " + (packet.size() - room)
                    + "-byte packet region");
        }
        System.arraycopy(bytes, 0, packet.bytes(), room, length);
        packetLength = length;
        if (type != ProgramType.XDP) {
            ByteBuffer.wrap(ctx.bytes()).order(ByteOrder.LITTLE_ENDIAN).putInt(SKB_LEN, length - dataOffset(type, length));
        }
    }

    /** Bytes of the frame ({@code data_end} minus the frame's start); 0 without a packet. */
    public int packetLength() {
        return packetLength;
    }

    /** Where the frame starts in {@link #packet()}'s bytes: XDP's headroom, else 0. */
    public int frameOffset() {
        return headroom(type);
    }

    /**
     * XDP frames lie in a 4096-byte buffer after 256 bytes of headroom and before 320 of tailroom, as in
     * {@code bpf_prog_test_run_xdp} ({@code XDP_PACKET_HEADROOM}, {@code skb_shared_info}), so that
     * {@code bpf_xdp_adjust_head}, {@code _meta} and {@code _tail} have room to move.
     */
    private static int headroom(ProgramType type) {
        return type == ProgramType.XDP ? XDP_HEADROOM : 0;
    }

    public static final int XDP_HEADROOM = 256, XDP_TAILROOM = 320, XDP_FRAME_SIZE = 4096;
    /** Bytes before the XDP frame's data that {@code struct xdp_frame} takes; metadata may not reach into them. */
    public static final int XDP_FRAME_STRUCT = 40;

    /** Frees the regions. */
    public void free() {
        memory.free(ctx);
        if (packet != null) {
            memory.free(packet);
        }
    }
}
