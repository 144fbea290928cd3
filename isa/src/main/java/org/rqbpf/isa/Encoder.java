package org.rqbpf.isa;

import java.util.ArrayList;
import java.util.List;

/** Encodes {@link Insn}s into RFC 9669 slots. The inverse of {@link Decoder}. */
public final class Encoder {
    private Encoder() {}

    public static List<RawInsn> encode(Insn insn) {
        List<RawInsn> out = new ArrayList<>(2);
        encode(insn, out);
        return out;
    }

    public static List<RawInsn> encodeAll(List<? extends Insn> insns) {
        List<RawInsn> out = new ArrayList<>(insns.size() + 8);
        for (Insn i : insns) {
            encode(i, out);
        }
        return out;
    }

    /** Appends the slots of {@code insn} to {@code out}. */
    public static void encode(Insn insn, List<RawInsn> out) {
        if (insn instanceof Insn.LdImm64 l) {
            out.add(new RawInsn(Bpf.LD_IMM64, l.dst(), l.pseudo(), 0, l.imm()));
            out.add(new RawInsn(0, 0, 0, 0, l.nextImm()));
        } else {
            out.add(encodeOne(insn));
        }
    }

    private static RawInsn encodeOne(Insn insn) {
        if (insn instanceof Insn.Alu a) {
            return operand(aluClass(a.width()) | a.op().code(), a.dst(), a.src(), a.op().off());
        } else if (insn instanceof Insn.Mov m) {
            return operand(aluClass(m.width()) | Bpf.MOV, m.dst(), m.src(), 0);
        } else if (insn instanceof Insn.Neg n) {
            return new RawInsn(aluClass(n.width()) | Bpf.NEG, n.dst(), 0, 0, 0);
        } else if (insn instanceof Insn.MovSx m) {
            return new RawInsn(aluClass(m.width()) | Bpf.MOV | Bpf.X, m.dst(), m.src(), m.bits(), 0);
        } else if (insn instanceof Insn.Endian e) {
            return new RawInsn(endianOpcode(e.kind()), e.dst(), 0, 0, e.bits());
        } else if (insn instanceof Insn.Load l) {
            return new RawInsn(Bpf.LDX | Bpf.MEM | l.size().bits(), l.dst(), l.src(), l.off(), 0);
        } else if (insn instanceof Insn.LoadPacket l) {
            return new RawInsn(Bpf.LD | (l.indirect() ? Bpf.IND : Bpf.ABS) | l.size().bits(), 0,
                    l.indirect() ? l.src() : 0, 0, l.imm());
        } else if (insn instanceof Insn.LoadSx l) {
            return new RawInsn(Bpf.LDX | Bpf.MEMSX | l.size().bits(), l.dst(), l.src(), l.off(), 0);
        } else if (insn instanceof Insn.Store s) {
            return new RawInsn(Bpf.STX | Bpf.MEM | s.size().bits(), s.dst(), s.src(), s.off(), 0);
        } else if (insn instanceof Insn.StoreImm s) {
            return new RawInsn(Bpf.ST | Bpf.MEM | s.size().bits(), s.dst(), 0, s.off(), s.imm());
        } else if (insn instanceof Insn.Atomic a) {
            return new RawInsn(Bpf.STX | Bpf.ATOMIC | a.size().bits(), a.dst(), a.src(), a.off(), a.op().imm());
        } else if (insn instanceof Insn.Jump j) {
            return operand((j.width() == Width.W64 ? Bpf.JMP : Bpf.JMP32) | j.op().code(), j.dst(), j.src(), j.off());
        } else if (insn instanceof Insn.Goto g) {
            return g.wide()
                    ? new RawInsn(Bpf.JMP32 | Bpf.JA, 0, 0, 0, g.offset())
                    : new RawInsn(Bpf.JMP | Bpf.JA, 0, 0, g.offset(), 0);
        } else if (insn instanceof Insn.Call c) {
            return new RawInsn(Bpf.JMP | Bpf.CALL, 0, c.kind().src(), 0, c.imm());
        } else if (insn instanceof Insn.CallX c) {
            return new RawInsn(Bpf.CALLX, c.reg(), 0, 0, 0);
        } else if (insn instanceof Insn.Exit) {
            return new RawInsn(Bpf.JMP | Bpf.EXIT, 0, 0, 0, 0);
        }
        throw new IllegalStateException("ld_imm64 takes two slots");
    }

    private static int aluClass(Width w) {
        return w == Width.W64 ? Bpf.ALU64 : Bpf.ALU;
    }

    private static int endianOpcode(Insn.EndianKind kind) {
        return switch (kind) {
            case BE -> Bpf.ALU | Bpf.END | Bpf.TO_BE;
            case LE -> Bpf.ALU | Bpf.END | Bpf.TO_LE;
            case BSWAP -> Bpf.ALU64 | Bpf.END | Bpf.TO_LE;
        };
    }

    private static RawInsn operand(int opcode, int dst, Insn.Operand src, int off) {
        if (src instanceof Insn.Reg r) {
            return new RawInsn(opcode | Bpf.X, dst, r.reg(), off, 0);
        }
        return new RawInsn(opcode | Bpf.K, dst, 0, off, ((Insn.Imm) src).value());
    }
}
