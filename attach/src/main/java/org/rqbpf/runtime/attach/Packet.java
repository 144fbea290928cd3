package org.rqbpf.runtime.attach;

import java.util.Arrays;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.runtime.ProgramContext;

/**
 * A received Ethernet frame as {@code xdp} ({@code xdp_md}) and {@code tc} ({@code __sk_buff}) programs
 * see it, on interface index 2 and the receive queue of the CPU. One instance per CPU is reused for every
 * packet; a program that writes the packet passes its bytes on to the next program.
 */
final class Packet implements HookEvent {
    /** Largest frame: 1500-byte MTU plus the Ethernet header. */
    static final int MAX_FRAME = 1514;
    static final int IFINDEX = 2;
    static final int ETH_P_IP = 0x0800;
    static final int ETH_P_IPV6 = 0x86DD;

    final byte[] bytes = new byte[MAX_FRAME];
    int length;
    int ethertype;
    int hash;
    private final int queue;

    Packet(int queue) {
        this.queue = queue;
    }

    @Override
    public void writeCtx(ProgramContext ctx) {
        byte[] c = ctx.ctx().bytes();
        if (ctx.type() == ProgramType.XDP) {
            CtxBytes.u32(c, 12, IFINDEX);
            CtxBytes.u32(c, 16, queue);
        } else {
            Arrays.fill(c, (byte) 0);
            // __sk_buff.protocol holds skb->protocol, a big-endian u16, as a u32 on a little-endian host.
            CtxBytes.u32(c, 16, Integer.reverseBytes(ethertype) >>> 16);
            CtxBytes.u32(c, 12, queue);
            CtxBytes.u32(c, 40, IFINDEX);
            CtxBytes.u32(c, 68, hash);
        }
        ctx.setPacket(bytes, length);
    }

    /** Takes back what a program may have written into its copy of the packet. */
    void readBack(ProgramContext ctx) {
        System.arraycopy(ctx.packet().bytes(), ctx.frameOffset(), bytes, 0, length);
    }
}
