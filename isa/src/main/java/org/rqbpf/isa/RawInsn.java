package org.rqbpf.isa;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * One 8-byte instruction slot exactly as RFC 9669 encodes it: {@code opcode:8 dst:4 src:4 off:16 imm:32}.
 * A 64-bit immediate load ({@code lddw}, opcode {@code 0x18}) occupies two slots; the second slot has
 * opcode 0 and carries the upper 32 bits of the immediate in {@code imm}.
 *
 * <p>This is the form the verifier and the runtime consume, as the kernel consumes {@code struct bpf_insn}.
 * The typed view for assembling and printing is {@code org.rqbpf.isa.Insn}.
 *
 * @param opcode the opcode byte (0..255)
 * @param dst destination register (0..15 as encoded; 0..10 are valid registers)
 * @param src source register (0..15 as encoded) or a pseudo value for ld_imm64 and call
 * @param off signed 16-bit offset (-32768..32767)
 * @param imm signed 32-bit immediate
 */
public record RawInsn(int opcode, int dst, int src, int off, int imm) {
    public RawInsn {
        if ((opcode & ~0xff) != 0 || (dst & ~0xf) != 0 || (src & ~0xf) != 0 || off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(
                    "instruction field out of range: opcode=0x%x dst=%d src=%d off=%d", opcode, dst, src, off));
        }
    }

    /** The instruction class (low 3 bits of the opcode). */
    public int cls() {
        return opcode & 0x07;
    }

    /** True for the first slot of a 64-bit immediate load. */
    public boolean isLdImm64() {
        return opcode == Bpf.LD_IMM64;
    }

    /** The slot as the little-endian 64-bit value of the raw format ({@code -- raw} sections). */
    public long toLong() {
        return (opcode & 0xffL) | ((long) (dst & 0xf) << 8) | ((long) (src & 0xf) << 12)
                | ((off & 0xffffL) << 16) | ((imm & 0xffffffffL) << 32);
    }

    /** Decodes a slot from its 64-bit value ({@link #toLong()}'s inverse). */
    public static RawInsn fromLong(long v) {
        return new RawInsn((int) (v & 0xff), (int) ((v >>> 8) & 0xf), (int) ((v >>> 12) & 0xf),
                (short) (v >>> 16), (int) (v >>> 32));
    }

    /** The slots as the kernel and ELF objects hold them: 8 little-endian bytes each ({@link #toLong()}). */
    public static byte[] toBytes(List<RawInsn> insns) {
        ByteBuffer b = ByteBuffer.allocate(8 * insns.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (RawInsn in : insns) {
            b.putLong(in.toLong());
        }
        return b.array();
    }
}
