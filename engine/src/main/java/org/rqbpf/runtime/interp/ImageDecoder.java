package org.rqbpf.runtime.interp;

import java.util.List;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.runtime.Linker;
import org.rqbpf.runtime.NativeFunction;
import org.rqbpf.runtime.ProgramImage;

/**
 * Pre-decodes and links a program image for the {@link Interpreter}. Nothing here rejects a program:
 * the verifier does that. A slot the interpreter cannot execute (an unknown opcode or helper, a jump
 * out of the image, a bad register) becomes {@link Op#INVALID} and faults only if it is reached, so
 * programs run without the verifier behave like the kernel interpreter would on their executed paths.
 */
final class ImageDecoder {
    private static final int REGS = 11;

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
        String bad = switch (i.cls()) {
            case Bpf.ALU, Bpf.ALU64 -> alu(pc, i);
            case Bpf.JMP, Bpf.JMP32 -> jmp(pc, i);
            case Bpf.LDX -> ldx(pc, i);
            case Bpf.ST -> Bpf.mode(i.opcode()) == Bpf.MEM ? mem(pc, i, i.opcode()) : opcodeError(i);
            case Bpf.STX -> stx(pc, i);
            default -> ld(pc, i);
        };
        if (bad != null) {
            invalid(pc, bad);
        }
        return i.isLdImm64() && bad == null;
    }

    private void set(int pc, int op, RawInsn i, int off, long imm) {
        out.code[pc] = op | (i.dst() << 16) | (i.src() << 20);
        out.off[pc] = off;
        out.imm[pc] = imm;
    }

    private void invalid(int pc, String why) {
        out.code[pc] = Op.INVALID;
        out.invalid[pc] = why;
    }

    private static String opcodeError(RawInsn i) {
        return String.format("invalid opcode 0x%02x", i.opcode());
    }

    private String alu(int pc, RawInsn i) {
        int op = Bpf.op(i.opcode());
        boolean x = Bpf.srcBit(i.opcode()) == Bpf.X;
        if (i.dst() >= REGS || (x && op != Bpf.END && i.src() >= REGS)) {
            return "invalid register";
        }
        boolean alu64 = i.cls() == Bpf.ALU64;
        int code = i.opcode();
        long imm = i.imm();
        int off = 0;
        switch (op) {
            case Bpf.DIV, Bpf.MOD -> {
                if (i.off() == 1) {
                    code |= 0x100;
                } else if (i.off() != 0) {
                    return "invalid offset of a division";
                }
            }
            case Bpf.MOV -> {
                if (x && i.off() != 0) {
                    if (!(i.off() == 8 || i.off() == 16 || (alu64 && i.off() == 32))) {
                        return "invalid sign-extension width " + i.off();
                    }
                    code |= 0x100;
                    off = i.off();
                }
            }
            case Bpf.NEG -> {
                if (x) {
                    return opcodeError(i);
                }
            }
            case Bpf.END -> {
                if (alu64 && x) {
                    return opcodeError(i);
                }
                if (imm != 16 && imm != 32 && imm != 64) {
                    return "invalid byte swap width " + imm;
                }
            }
            case Bpf.ADD, Bpf.SUB, Bpf.MUL, Bpf.OR, Bpf.AND, Bpf.LSH, Bpf.RSH, Bpf.XOR, Bpf.ARSH -> { }
            default -> {
                return opcodeError(i);
            }
        }
        set(pc, code, i, off, imm);
        return null;
    }

    private String jmp(int pc, RawInsn i) {
        int op = Bpf.op(i.opcode());
        boolean jmp64 = i.cls() == Bpf.JMP;
        switch (op) {
            case Bpf.JA -> {
                if (Bpf.srcBit(i.opcode()) != 0) {
                    return opcodeError(i);
                }
                // JMP|JA jumps by off; JMP32|JA (gotol) by imm.
                return jump(pc, i, i.opcode(), jmp64 ? i.off() : i.imm());
            }
            case Bpf.CALL -> {
                return jmp64 ? call(pc, i) : opcodeError(i);
            }
            case Bpf.EXIT -> {
                if (!jmp64 || Bpf.srcBit(i.opcode()) != 0) {
                    return opcodeError(i);
                }
                set(pc, Op.EXIT, i, 0, 0);
                return null;
            }
            case Bpf.JEQ, Bpf.JNE, Bpf.JGT, Bpf.JGE, Bpf.JLT, Bpf.JLE, Bpf.JSET, Bpf.JSGT, Bpf.JSGE, Bpf.JSLT,
                    Bpf.JSLE -> {
                boolean x = Bpf.srcBit(i.opcode()) == Bpf.X;
                if (i.dst() >= REGS || (x && i.src() >= REGS)) {
                    return "invalid register";
                }
                return jump(pc, i, i.opcode(), i.off());
            }
            default -> {
                return opcodeError(i);
            }
        }
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
            if (i.dst() >= REGS) {
                return "invalid register";
            }
            set(pc, Op.CALLX, i, 0, 0);
            return null;
        }
        switch (i.src()) {
            case 0 -> {
                NativeFunction f = linker.helper(i.imm());
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

    private String ldx(int pc, RawInsn i) {
        int mode = Bpf.mode(i.opcode());
        if (mode == Bpf.MEMSX && Bpf.size(i.opcode()) == Bpf.DW) {
            return opcodeError(i);
        }
        if (mode != Bpf.MEM && mode != Bpf.MEMSX) {
            return opcodeError(i);
        }
        if (i.src() >= REGS) {
            return "invalid register";
        }
        return mem(pc, i, i.opcode());
    }

    private String stx(int pc, RawInsn i) {
        if (i.src() >= REGS) {
            return "invalid register";
        }
        if (Bpf.mode(i.opcode()) == Bpf.ATOMIC) {
            int size = Bpf.size(i.opcode());
            if (size != Bpf.W && size != Bpf.DW) {
                return opcodeError(i);
            }
            int a = i.imm();
            boolean alu = (a & ~Bpf.FETCH) == Bpf.ADD || (a & ~Bpf.FETCH) == Bpf.OR || (a & ~Bpf.FETCH) == Bpf.AND
                    || (a & ~Bpf.FETCH) == Bpf.XOR;
            if (!alu && a != Bpf.XCHG && a != Bpf.CMPXCHG) {
                return String.format("invalid atomic operation 0x%x", a);
            }
        } else if (Bpf.mode(i.opcode()) != Bpf.MEM) {
            return opcodeError(i);
        }
        return mem(pc, i, i.opcode());
    }

    private String mem(int pc, RawInsn i, int code) {
        if (i.dst() >= REGS) {
            return "invalid register";
        }
        set(pc, code, i, i.off(), i.imm());
        return null;
    }

    private String ld(int pc, RawInsn i) {
        int mode = Bpf.mode(i.opcode());
        if (i.isLdImm64()) {
            return lddw(pc, i);
        }
        if ((mode == Bpf.ABS || mode == Bpf.IND) && Bpf.size(i.opcode()) != Bpf.DW) {
            if (mode == Bpf.IND && i.src() >= REGS) {
                return "invalid register";
            }
            set(pc, i.opcode(), i, 0, i.imm());
            return null;
        }
        return opcodeError(i);
    }

    private String lddw(int pc, RawInsn i) {
        if (pc + 1 >= insns.size() || insns.get(pc + 1).opcode() != 0) {
            return "incomplete ldimm64";
        }
        if (i.dst() >= REGS) {
            return "invalid register";
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
