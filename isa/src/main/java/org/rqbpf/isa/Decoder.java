package org.rqbpf.isa;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes RFC 9669 slots into {@link Insn}s. Strict: every field the typed form does not carry must be
 * zero, so that {@code Encoder.encode(decode(x))} gives back exactly {@code x}.
 */
public final class Decoder {
    private Decoder() {}

    /** Decodes every instruction of an image (an ld_imm64 consumes two slots). */
    public static List<Insn> decodeAll(List<RawInsn> slots) throws DecodeException {
        List<Insn> out = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); ) {
            Insn insn = decode(slots, i);
            out.add(insn);
            i += insn.slots();
        }
        return out;
    }

    /** Decodes the instruction starting at slot {@code idx}. */
    public static Insn decode(List<RawInsn> slots, int idx) throws DecodeException {
        RawInsn r = slots.get(idx);
        Checker c = new Checker(idx, r);
        return switch (r.cls()) {
            case Bpf.ALU, Bpf.ALU64 -> decodeAlu(c, r);
            case Bpf.JMP, Bpf.JMP32 -> decodeJump(c, r);
            case Bpf.LD -> decodeLd(c, slots, idx);
            case Bpf.LDX -> decodeLdx(c, r);
            case Bpf.ST -> decodeSt(c, r);
            default -> decodeStx(c, r);
        };
    }

    private static Insn decodeAlu(Checker c, RawInsn r) throws DecodeException {
        Width w = r.cls() == Bpf.ALU64 ? Width.W64 : Width.W32;
        int op = Bpf.op(r.opcode());
        boolean regSrc = Bpf.srcBit(r.opcode()) == Bpf.X;
        c.reg(r.dst(), "dst");
        switch (op) {
            case Bpf.NEG -> {
                c.zero(regSrc ? 1 : 0, "source bit of neg").zero(r.src(), "src").zero(r.off(), "off").zero(r.imm(), "imm");
                return new Insn.Neg(w, r.dst());
            }
            case Bpf.END -> {
                c.zero(r.src(), "src").zero(r.off(), "off");
                if (r.imm() != 16 && r.imm() != 32 && r.imm() != 64) {
                    throw c.fail("byte swap width must be 16, 32 or 64, not " + r.imm());
                }
                Insn.EndianKind kind;
                if (w == Width.W64) {
                    c.zero(regSrc ? 1 : 0, "source bit of bswap");
                    kind = Insn.EndianKind.BSWAP;
                } else {
                    kind = regSrc ? Insn.EndianKind.BE : Insn.EndianKind.LE;
                }
                return new Insn.Endian(kind, r.dst(), r.imm());
            }
            case Bpf.MOV -> {
                if (regSrc && r.off() != 0) {
                    boolean ok = r.off() == 8 || r.off() == 16 || (r.off() == 32 && w == Width.W64);
                    if (!ok) {
                        throw c.fail("invalid sign-extension width " + r.off());
                    }
                    c.reg(r.src(), "src").zero(r.imm(), "imm");
                    return new Insn.MovSx(w, r.dst(), r.src(), r.off());
                }
                c.zero(r.off(), "off");
                return new Insn.Mov(w, r.dst(), operand(c, r, regSrc));
            }
            default -> {
                AluOp aluOp = AluOp.of(op, r.off());
                if (aluOp == null) {
                    throw AluOp.of(op, 0) == null ? c.fail(String.format("unknown opcode 0x%02x", r.opcode()))
                            : c.fail("off must be 0" + (op == Bpf.DIV || op == Bpf.MOD ? " or 1" : "") + ", not " + r.off());
                }
                return new Insn.Alu(w, aluOp, r.dst(), operand(c, r, regSrc));
            }
        }
    }

    private static Insn.Operand operand(Checker c, RawInsn r, boolean regSrc) throws DecodeException {
        if (regSrc) {
            c.reg(r.src(), "src").zero(r.imm(), "imm");
            return new Insn.Reg(r.src());
        }
        c.zero(r.src(), "src");
        return new Insn.Imm(r.imm());
    }

    private static Insn decodeJump(Checker c, RawInsn r) throws DecodeException {
        boolean jmp64 = r.cls() == Bpf.JMP;
        int op = Bpf.op(r.opcode());
        boolean regSrc = Bpf.srcBit(r.opcode()) == Bpf.X;
        switch (op) {
            case Bpf.JA -> {
                c.zero(regSrc ? 1 : 0, "source bit of goto").zero(r.dst(), "dst").zero(r.src(), "src");
                if (jmp64) {
                    c.zero(r.imm(), "imm");
                    return new Insn.Goto(false, r.off());
                }
                c.zero(r.off(), "off");
                return new Insn.Goto(true, r.imm());
            }
            case Bpf.CALL -> {
                if (!jmp64) {
                    throw c.fail(String.format("unknown opcode 0x%02x", r.opcode()));
                }
                c.zero(r.off(), "off");
                if (regSrc) {
                    c.reg(r.dst(), "dst").zero(r.src(), "src").zero(r.imm(), "imm");
                    return new Insn.CallX(r.dst());
                }
                c.zero(r.dst(), "dst");
                for (Insn.CallKind k : Insn.CallKind.values()) {
                    if (k.src() == r.src()) {
                        return new Insn.Call(k, r.imm());
                    }
                }
                throw c.fail("invalid call source " + r.src());
            }
            case Bpf.EXIT -> {
                if (!jmp64) {
                    throw c.fail(String.format("unknown opcode 0x%02x", r.opcode()));
                }
                c.zero(regSrc ? 1 : 0, "source bit of exit").zero(r.dst(), "dst").zero(r.src(), "src")
                        .zero(r.off(), "off").zero(r.imm(), "imm");
                return new Insn.Exit();
            }
            default -> {
                JmpOp jop = JmpOp.ofCode(op);
                if (jop == null) {
                    throw c.fail(String.format("unknown opcode 0x%02x", r.opcode()));
                }
                c.reg(r.dst(), "dst");
                return new Insn.Jump(jmp64 ? Width.W64 : Width.W32, jop, r.dst(), operand(c, r, regSrc), r.off());
            }
        }
    }

    private static Insn decodeLd(Checker c, List<RawInsn> slots, int idx) throws DecodeException {
        RawInsn r = slots.get(idx);
        if (r.opcode() != Bpf.LD_IMM64) {
            int mode = Bpf.mode(r.opcode());
            if ((mode == Bpf.ABS || mode == Bpf.IND) && Bpf.size(r.opcode()) != Bpf.DW) {
                c.zero(r.dst(), "dst").zero(r.off(), "off");
                if (mode == Bpf.ABS) {
                    c.zero(r.src(), "src");
                } else {
                    c.reg(r.src(), "src");
                }
                return new Insn.LoadPacket(Size.ofBits(Bpf.size(r.opcode())), mode == Bpf.IND ? r.src() : -1, r.imm());
            }
            throw c.fail(String.format("unknown opcode 0x%02x", r.opcode()));
        }
        c.reg(r.dst(), "dst").zero(r.off(), "off");
        if (r.src() != 0 && r.src() != Bpf.PSEUDO_MAP_IDX && r.src() != Bpf.PSEUDO_MAP_IDX_VALUE) {
            throw c.fail("unsupported ld_imm64 source " + r.src());
        }
        if (idx + 1 >= slots.size()) {
            throw c.fail("ld_imm64 is missing its second slot");
        }
        RawInsn next = slots.get(idx + 1);
        if (next.opcode() != 0 || next.dst() != 0 || next.src() != 0 || next.off() != 0) {
            throw c.fail("the second slot of ld_imm64 must have opcode, registers and offset 0");
        }
        return new Insn.LdImm64(r.dst(), r.src(), r.imm(), next.imm());
    }

    private static Insn decodeLdx(Checker c, RawInsn r) throws DecodeException {
        c.reg(r.dst(), "dst").reg(r.src(), "src").zero(r.imm(), "imm");
        Size size = Size.ofBits(Bpf.size(r.opcode()));
        int mode = Bpf.mode(r.opcode());
        if (mode == Bpf.MEM) {
            return new Insn.Load(size, r.dst(), r.src(), r.off());
        }
        if (mode == Bpf.MEMSX && size != Size.DW) {
            return new Insn.LoadSx(size, r.dst(), r.src(), r.off());
        }
        throw c.fail(String.format("unknown opcode 0x%02x", r.opcode()));
    }

    private static Insn decodeSt(Checker c, RawInsn r) throws DecodeException {
        if (Bpf.mode(r.opcode()) != Bpf.MEM) {
            throw c.fail(String.format("unknown opcode 0x%02x", r.opcode()));
        }
        c.reg(r.dst(), "dst").zero(r.src(), "src");
        return new Insn.StoreImm(Size.ofBits(Bpf.size(r.opcode())), r.dst(), r.off(), r.imm());
    }

    private static Insn decodeStx(Checker c, RawInsn r) throws DecodeException {
        c.reg(r.dst(), "dst").reg(r.src(), "src");
        Size size = Size.ofBits(Bpf.size(r.opcode()));
        int mode = Bpf.mode(r.opcode());
        if (mode == Bpf.MEM) {
            c.zero(r.imm(), "imm");
            return new Insn.Store(size, r.dst(), r.src(), r.off());
        }
        if (mode == Bpf.ATOMIC) {
            if (size != Size.W && size != Size.DW) {
                throw c.fail("atomic operations need a 32- or 64-bit size");
            }
            AtomicOp op = AtomicOp.ofImm(r.imm());
            if (op == null) {
                throw c.fail(String.format("unknown atomic operation 0x%x", r.imm()));
            }
            return new Insn.Atomic(size, op, r.dst(), r.src(), r.off());
        }
        throw c.fail(String.format("unknown opcode 0x%02x", r.opcode()));
    }

    /** Field checks of one slot, failing with the slot's index. */
    private record Checker(int idx, RawInsn r) {
        Checker reg(int reg, String field) throws DecodeException {
            if (reg > 10) {
                throw fail(field + " register " + reg + " is not r0-r10");
            }
            return this;
        }

        Checker zero(int value, String field) throws DecodeException {
            if (value != 0) {
                throw fail(String.format("%s must be 0 for opcode 0x%02x, not %d", field, r.opcode(), value));
            }
            return this;
        }

        DecodeException fail(String reason) {
            return new DecodeException(idx, reason);
        }
    }
}
