package org.rqbpf.runtime.interp;

import java.util.List;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.InsnTable;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.ProgramImage;

/**
 * Pre-decodes and links a program image for the {@link Interpreter}. Nothing here rejects a program:
 * the verifier does that. A slot the interpreter cannot execute (one {@link InsnTable#notExecutable}
 * names, an unknown helper, a jump out of the image) becomes {@link Op#INVALID} and faults only if it is reached, so
 * programs run without the verifier behave like the kernel interpreter would on their executed paths.
 */
final class ImageDecoder {
    private final ProgramImage image;
    private final List<RawInsn> insns;
    private final Linker linker;
    private final DecodedImage out;

    private ImageDecoder(ProgramImage image, Linker linker) {
        this.image = image;
        this.insns = image.insns();
        this.linker = linker;
        this.out = new DecodedImage(image, linker, insns.size());
    }

    static DecodedImage decode(ProgramImage image, Linker linker) {
        ImageDecoder d = new ImageDecoder(image, linker);
        for (int pc = 0; pc < d.insns.size(); pc++) {
            if (d.decode(pc)) {
                pc++;
            }
        }
        return d.out;
    }

    /** Decodes slot {@code pc}; true when it also consumed the next slot (lddw). */
    private boolean decode(int pc) {
        RawInsn i = insns.get(pc);
        String bad = InsnTable.notExecutable(i);
        if (bad == null) {
            bad = switch (i.cls()) {
                case Bpf.ALU, Bpf.ALU64 -> alu(pc, i);
                case Bpf.JMP, Bpf.JMP32 -> jmp(pc, i);
                case Bpf.LD -> i.isLdImm64() ? lddw(pc, i) : set(pc, i.opcode(), i, 0, i.imm());
                default -> set(pc, i.opcode(), i, i.off(), i.imm());
            };
        }
        if (bad != null) {
            invalid(pc, bad);
        }
        return i.isLdImm64() && bad == null;
    }

    /** Stores the decoded slot; returns null (no error) for the callers' convenience. */
    private String set(int pc, int op, RawInsn i, int off, long imm) {
        out.code[pc] = op | (i.dst() << 16) | (i.src() << 20);
        out.off[pc] = off;
        out.imm[pc] = imm;
        return null;
    }

    private void invalid(int pc, String why) {
        out.code[pc] = Op.INVALID;
        out.invalid[pc] = why;
    }

    /** ALU slots: signed division and sign-extending moves get their own opcodes (bit 8). */
    private String alu(int pc, RawInsn i) {
        int op = Bpf.op(i.opcode());
        boolean signedDivision = (op == Bpf.DIV || op == Bpf.MOD) && i.off() == 1;
        boolean signExtension = op == Bpf.MOV && Bpf.srcBit(i.opcode()) == Bpf.X && i.off() != 0;
        int code = signedDivision || signExtension ? i.opcode() | 0x100 : i.opcode();
        return set(pc, code, i, signExtension ? i.off() : 0, i.imm());
    }

    private String jmp(int pc, RawInsn i) {
        boolean jmp64 = i.cls() == Bpf.JMP;
        return switch (Bpf.op(i.opcode())) {
            // JMP|JA jumps by off; JMP32|JA (gotol) by imm.
            case Bpf.JA -> jump(pc, i, i.opcode(), jmp64 ? i.off() : i.imm());
            case Bpf.CALL -> call(pc, i);
            case Bpf.EXIT -> set(pc, Op.EXIT, i, 0, 0);
            default -> jump(pc, i, i.opcode(), i.off());
        };
    }

    private String jump(int pc, RawInsn i, int code, long rel) {
        long t = pc + 1 + rel;
        String bad = image.jumpTargetError(pc, t);
        if (bad != null) {
            return bad;
        }
        set(pc, code, i, (int) t, i.imm());
        return null;
    }

    private String call(int pc, RawInsn i) {
        if (i.opcode() == Bpf.CALLX) {
            return set(pc, Op.CALLX, i, 0, 0);
        }
        switch (i.src()) {
            case 0 -> {
                NativeFunction f = image.helperAt(pc, linker);
                if (f == null) {
                    return "unknown helper " + i.imm();
                }
                set(pc, Op.CALL_HELPER, i, 0, i.imm());
                out.target[pc] = f;
                return null;
            }
            case Bpf.PSEUDO_CALL -> {
                long t = pc + 1L + i.imm();
                String bad = image.jumpTargetError(pc, t);
                if (bad != null) {
                    return bad;
                }
                set(pc, Op.CALL_LOCAL, i, (int) t, 0);
                return null;
            }
            case Bpf.PSEUDO_KFUNC_CALL -> {
                NativeFunction f = linker.kfunc(i.imm());
                if (f == null) {
                    return "unknown kfunc " + i.imm();
                }
                set(pc, Op.CALL_KFUNC, i, 0, i.imm());
                out.target[pc] = f;
                return null;
            }
            default -> {
                return "invalid call src_reg " + i.src();
            }
        }
    }

    private String lddw(int pc, RawInsn i) {
        if (pc + 1 >= insns.size() || insns.get(pc + 1).opcode() != 0) {
            return "incomplete ldimm64";
        }
        RawInsn hi = insns.get(pc + 1);
        long value;
        try {
            value = linker.ldImm64(i, hi);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        set(pc, Op.LDDW, i, 0, value);
        invalid(pc + 1, "jump into the middle of ldimm64 insn " + pc);
        return null;
    }
}
