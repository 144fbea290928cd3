package org.rqbpf.verifier.log;

import static org.rqbpf.isa.Bpf.*;

import java.util.List;
import org.rqbpf.abi.Helper;
import org.rqbpf.abi.HelperNames;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.isa.RawInsn;

/**
 * Prints one instruction the way the kernel's verifier log does ({@code kernel/bpf/disasm.c}):
 * {@code (07) r2 += -4}, {@code (61) r1 = *(u32 *)(r10 -4)}, {@code (15) if r0 == 0x0 goto pc+1},
 * {@code (85) call bpf_map_lookup_elem#1}. This spelling differs from the assembler's LLVM one.
 */
public final class InsnPrinter {
    private static final String[] ALU_OPS = {"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=",
        "s>>=", "endian"};
    private static final String[] JMP_OPS = {"jmp", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=",
        "s<", "s<="};

    private InsnPrinter() {}

    public static String print(List<RawInsn> insns, int idx) {
        RawInsn in = insns.get(idx);
        int code = in.opcode();
        String body = switch (cls(code)) {
            case ALU, ALU64 -> alu(in);
            case STX, ST -> store(in);
            case LDX -> load(in);
            case LD -> ld(in, idx + 1 < insns.size() ? insns.get(idx + 1) : null);
            default -> jmp(in);
        };
        return String.format("(%02x) %s", code, body);
    }

    private static String alu(RawInsn in) {
        int code = in.opcode();
        char r = cls(code) == ALU64 ? 'r' : 'w';
        int op = op(code);
        if (op == END) {
            String kind = cls(code) == ALU64 ? "bswap" : srcBit(code) == TO_BE ? "be" : "le";
            return String.format("%c%d = %s%d %c%d", r, in.dst(), kind, in.imm(), r, in.dst());
        }
        if (op == NEG) {
            return String.format("%c%d = -%c%d", r, in.dst(), r, in.dst());
        }
        String opStr = op >> 4 < ALU_OPS.length ? ALU_OPS[op >> 4] : "?";
        boolean signedDiv = (op == DIV || op == MOD) && in.off() == 1;
        if (srcBit(code) == X) {
            if (op == MOV && in.off() != 0) {
                return String.format("%c%d = (s%d)%c%d", r, in.dst(), in.off(), r, in.src());
            }
            return String.format("%c%d %s%s %c%d", r, in.dst(), signedDiv ? "s" : "", opStr, r, in.src());
        }
        return String.format("%c%d %s%s %d", r, in.dst(), signedDiv ? "s" : "", opStr, in.imm());
    }

    private static String sizeName(int code) {
        return switch (size(code)) {
            case W -> "u32";
            case H -> "u16";
            case B -> "u8";
            default -> "u64";
        };
    }

    private static String mem(int base, int off) {
        return String.format("(r%d %+d)", base, off);
    }

    private static String store(RawInsn in) {
        int code = in.opcode();
        if (cls(code) == ST) {
            return String.format("*(%s *)%s = %d", sizeName(code), mem(in.dst(), in.off()), in.imm());
        }
        if (mode(code) == ATOMIC) {
            return atomic(in);
        }
        return String.format("*(%s *)%s = r%d", sizeName(code), mem(in.dst(), in.off()), in.src());
    }

    private static String atomic(RawInsn in) {
        int code = in.opcode();
        String w = size(code) == DW ? "64" : "";
        String target = "(" + sizeName(code) + " *)" + mem(in.dst(), in.off());
        int op = in.imm();
        if (op == XCHG) {
            return String.format("r%d = atomic%s_xchg(%s, r%d)", in.src(), w, target, in.src());
        }
        if (op == CMPXCHG) {
            return String.format("r0 = atomic%s_cmpxchg(%s, r0, r%d)", w, target, in.src());
        }
        String name = switch (op & ~FETCH) {
            case ADD -> "add";
            case AND -> "and";
            case OR -> "or";
            case XOR -> "xor";
            default -> "?";
        };
        if ((op & FETCH) != 0) {
            return String.format("r%d = atomic%s_fetch_%s(%s, r%d)", in.src(), w, name, target, in.src());
        }
        String sym = switch (op) {
            case ADD -> "+=";
            case AND -> "&=";
            case OR -> "|=";
            case XOR -> "^=";
            default -> "?=";
        };
        return String.format("lock *%s %s r%d", target, sym, in.src());
    }

    private static String load(RawInsn in) {
        int code = in.opcode();
        if (mode(code) == MEMSX) {
            return String.format("r%d = *(s%d *)%s", in.dst(), sizeBits(code), mem(in.src(), in.off()));
        }
        return String.format("r%d = *(%s *)%s", in.dst(), sizeName(code), mem(in.src(), in.off()));
    }

    private static int sizeBits(int code) {
        return sizeBytes(size(code)) * 8;
    }

    private static String ld(RawInsn in, RawInsn next) {
        if (mode(in.opcode()) == ABS) {
            return String.format("r0 = *(%s *)skb[%d]", sizeName(in.opcode()), in.imm());
        }
        if (mode(in.opcode()) == IND) {
            return String.format("r0 = *(%s *)skb[r%d + %d]", sizeName(in.opcode()), in.src(), in.imm());
        }
        if (!in.isLdImm64()) {
            return "?";
        }
        long hi = next == null ? 0 : next.imm();
        return switch (in.src()) {
            case PSEUDO_MAP_IDX, PSEUDO_MAP_FD -> String.format("r%d = map[id:%d]", in.dst(), in.imm());
            case PSEUDO_MAP_IDX_VALUE, PSEUDO_MAP_VALUE -> String.format("r%d = map[id:%d][0]+%d", in.dst(), in.imm(), hi);
            default -> String.format("r%d = 0x%x", in.dst(), (hi << 32) | (in.imm() & 0xffffffffL));
        };
    }

    private static String jmp(RawInsn in) {
        int code = in.opcode();
        int op = op(code);
        if (op == EXIT) {
            return "exit";
        }
        if (op == CALL) {
            if (in.src() == PSEUDO_CALL) {
                return String.format("call pc%+d", in.imm());
            }
            if (in.src() == PSEUDO_KFUNC_CALL) {
                Kfunc k = Kfunc.byId(in.imm());
                return String.format("call %s#%d", k == null ? "kernel-function" : k.fname(), in.imm());
            }
            if (srcBit(code) == X) {
                return String.format("callx r%d", in.dst());
            }
            String name = HelperNames.of(in.imm());
            return String.format("call %s#%d", name == null ? "unknown" : name, in.imm());
        }
        if (op == JA) {
            return cls(code) == JMP32 ? String.format("gotol pc%+d", in.imm()) : String.format("goto pc%+d", in.off());
        }
        char r = cls(code) == JMP32 ? 'w' : 'r';
        String opStr = op >> 4 < JMP_OPS.length ? JMP_OPS[op >> 4] : "?";
        if (srcBit(code) == X) {
            return String.format("if %c%d %s %c%d goto pc%+d", r, in.dst(), opStr, r, in.src(), in.off());
        }
        return String.format("if %c%d %s 0x%x goto pc%+d", r, in.dst(), opStr, in.imm(), in.off());
    }
}
