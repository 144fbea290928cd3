package org.rqbpf.isa;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes RFC 9669 slots into {@link Insn}s. Strict: every rule of {@link InsnTable} applies, so every
 * field the typed form does not carry is zero and {@code Encoder.encode(decode(x))} gives back exactly
 * {@code x}.
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
        if (!InsnTable.isOpcode(r.opcode())) {
            throw new DecodeException(idx, String.format("unknown opcode 0x%02x", r.opcode()));
        }
        InsnTable.Violation v = InsnTable.violation(r, true);
        if (v != null) {
            throw new DecodeException(idx, String.format("opcode 0x%02x: %s", r.opcode(), v.message()));
        }
        return switch (r.cls()) {
            case Bpf.ALU, Bpf.ALU64 -> decodeAlu(r);
            case Bpf.JMP, Bpf.JMP32 -> decodeJump(idx, r);
            case Bpf.LD -> decodeLd(slots, idx);
            case Bpf.LDX -> decodeLdx(r);
            case Bpf.ST -> new Insn.StoreImm(Size.ofBits(Bpf.size(r.opcode())), r.dst(), r.off(), r.imm());
            default -> decodeStx(r);
        };
    }

    private static Insn decodeAlu(RawInsn r) {
        Width w = r.cls() == Bpf.ALU64 ? Width.W64 : Width.W32;
        int op = Bpf.op(r.opcode());
        boolean regSrc = Bpf.srcBit(r.opcode()) == Bpf.X;
        return switch (op) {
            case Bpf.NEG -> new Insn.Neg(w, r.dst());
            case Bpf.END -> new Insn.Endian(w == Width.W64 ? Insn.EndianKind.BSWAP
                    : regSrc ? Insn.EndianKind.BE : Insn.EndianKind.LE, r.dst(), r.imm());
            case Bpf.MOV -> regSrc && r.off() != 0 ? new Insn.MovSx(w, r.dst(), r.src(), r.off())
                    : new Insn.Mov(w, r.dst(), operand(r));
            default -> new Insn.Alu(w, AluOp.of(op, r.off()), r.dst(), operand(r));
        };
    }

    private static Insn.Operand operand(RawInsn r) {
        return Bpf.srcBit(r.opcode()) == Bpf.X ? new Insn.Reg(r.src()) : new Insn.Imm(r.imm());
    }

    private static Insn decodeJump(int idx, RawInsn r) throws DecodeException {
        boolean jmp64 = r.cls() == Bpf.JMP;
        switch (Bpf.op(r.opcode())) {
            case Bpf.JA -> {
                return jmp64 ? new Insn.Goto(false, r.off()) : new Insn.Goto(true, r.imm());
            }
            case Bpf.CALL -> {
                if (r.opcode() == Bpf.CALLX) {
                    return new Insn.CallX(r.dst());
                }
                if (r.off() != 0) {
                    throw new DecodeException(idx, "kfunc calls into a module's BTF (off " + r.off()
                            + ") have no text form");
                }
                for (Insn.CallKind k : Insn.CallKind.values()) {
                    if (k.src() == r.src()) {
                        return new Insn.Call(k, r.imm());
                    }
                }
                throw new DecodeException(idx, "invalid call source " + r.src());
            }
            case Bpf.EXIT -> {
                return new Insn.Exit();
            }
            default -> {
                return new Insn.Jump(jmp64 ? Width.W64 : Width.W32, JmpOp.ofCode(Bpf.op(r.opcode())), r.dst(),
                        operand(r), r.off());
            }
        }
    }

    private static Insn decodeLd(List<RawInsn> slots, int idx) throws DecodeException {
        RawInsn r = slots.get(idx);
        if (r.opcode() != Bpf.LD_IMM64) {
            boolean ind = Bpf.mode(r.opcode()) == Bpf.IND;
            return new Insn.LoadPacket(Size.ofBits(Bpf.size(r.opcode())), ind ? r.src() : -1, r.imm());
        }
        if (r.src() != 0 && r.src() != Bpf.PSEUDO_MAP_IDX && r.src() != Bpf.PSEUDO_MAP_IDX_VALUE) {
            throw new DecodeException(idx, "unsupported ld_imm64 source " + r.src());
        }
        if (idx + 1 >= slots.size()) {
            throw new DecodeException(idx, "ld_imm64 is missing its second slot");
        }
        RawInsn next = slots.get(idx + 1);
        if (!InsnTable.isLdImm64SecondSlot(next)) {
            throw new DecodeException(idx, "the second slot of ld_imm64 must have opcode, registers and offset 0");
        }
        return new Insn.LdImm64(r.dst(), r.src(), r.imm(), next.imm());
    }

    private static Insn decodeLdx(RawInsn r) {
        Size size = Size.ofBits(Bpf.size(r.opcode()));
        return Bpf.mode(r.opcode()) == Bpf.MEMSX ? new Insn.LoadSx(size, r.dst(), r.src(), r.off())
                : new Insn.Load(size, r.dst(), r.src(), r.off());
    }

    private static Insn decodeStx(RawInsn r) {
        Size size = Size.ofBits(Bpf.size(r.opcode()));
        if (Bpf.mode(r.opcode()) == Bpf.ATOMIC) {
            return new Insn.Atomic(size, AtomicOp.ofImm(r.imm()), r.dst(), r.src(), r.off());
        }
        return new Insn.Store(size, r.dst(), r.src(), r.off());
    }
}
