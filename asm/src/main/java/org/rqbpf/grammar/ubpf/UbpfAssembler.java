package org.rqbpf.grammar.ubpf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rqbpf.isa.AluOp;
import org.rqbpf.isa.AtomicOp;
import org.rqbpf.isa.Encoder;
import org.rqbpf.isa.Insn;
import org.rqbpf.isa.JmpOp;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.isa.Size;
import org.rqbpf.isa.Width;

/**
 * Assembles the uBPF assembly dialect of the bpf_conformance suite: {@code mnemonic operands} one per
 * line, registers {@code %rN}, memory {@code [%rN+off]}, labels {@code name:} on their own line, jump
 * targets as labels or {@code +N}/{@code -N}. A jump to the undefined label {@code exit} goes to the
 * next {@code exit} instruction (the suite's convention for its failure branches).
 */
final class UbpfAssembler {
    /** One source line of an asm section. */
    record Line(int number, String text) {}

    private static final Map<String, AluOp> ALU = new HashMap<>();
    private static final Map<String, JmpOp> JMP = new HashMap<>();
    private static final Map<String, Size> SIZES = Map.of("b", Size.B, "h", Size.H, "w", Size.W, "dw", Size.DW);

    static {
        String[] names = {"add", "sub", "mul", "div", "sdiv", "or", "and", "lsh", "rsh", "mod", "smod", "xor", "arsh"};
        AluOp[] ops = {AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.DIV, AluOp.SDIV, AluOp.OR, AluOp.AND, AluOp.LSH,
            AluOp.RSH, AluOp.MOD, AluOp.SMOD, AluOp.XOR, AluOp.ARSH};
        for (int i = 0; i < names.length; i++) {
            ALU.put(names[i], ops[i]);
        }
        String[] jn = {"jeq", "jne", "jgt", "jge", "jlt", "jle", "jsgt", "jsge", "jslt", "jsle", "jset"};
        JmpOp[] jo = {JmpOp.JEQ, JmpOp.JNE, JmpOp.JGT, JmpOp.JGE, JmpOp.JLT, JmpOp.JLE, JmpOp.JSGT, JmpOp.JSGE,
            JmpOp.JSLT, JmpOp.JSLE, JmpOp.JSET};
        for (int i = 0; i < jn.length; i++) {
            JMP.put(jn[i], jo[i]);
        }
    }

    private final String file;
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Line> insns = new ArrayList<>();
    private final List<Integer> slots = new ArrayList<>();
    private int current;

    private UbpfAssembler(String file) {
        this.file = file;
    }

    static List<RawInsn> assemble(String file, List<Line> lines) throws ConformanceFormatException {
        return new UbpfAssembler(file).run(lines);
    }

    private List<RawInsn> run(List<Line> lines) throws ConformanceFormatException {
        int slot = 0;
        for (Line l : lines) {
            String t = l.text();
            if (t.endsWith(":") && t.indexOf(' ') < 0) {
                if (labels.putIfAbsent(t.substring(0, t.length() - 1), slot) != null) {
                    throw error(l, "duplicate label '" + t + "'");
                }
                continue;
            }
            insns.add(l);
            slots.add(slot);
            slot += t.startsWith("lddw") ? 2 : 1;
        }
        List<RawInsn> out = new ArrayList<>(slot);
        for (current = 0; current < insns.size(); current++) {
            Line l = insns.get(current);
            try {
                Encoder.encode(insn(l), out);
            } catch (RuntimeException e) {
                throw error(l, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private Insn insn(Line l) throws ConformanceFormatException {
        String t = l.text();
        int sp = t.indexOf(' ');
        String m = sp < 0 ? t : t.substring(0, sp);
        String[] a = sp < 0 ? new String[0] : t.substring(sp + 1).trim().split("\\s*,\\s*");
        if (m.equals("exit")) {
            return args(l, a, 0, new Insn.Exit());
        } else if (m.equals("lock")) {
            return atomic(l, t.substring(sp + 1).trim());
        } else if (m.equals("call")) {
            return call(l, a);
        } else if (m.equals("lddw")) {
            args(l, a, 2, null);
            return Insn.LdImm64.constant(reg(l, a[0]), number(l, a[1], Long.MIN_VALUE, -1L, true));
        } else if (m.equals("ja") || m.equals("ja32")) {
            args(l, a, 1, null);
            return new Insn.Goto(m.equals("ja32"), target(l, a[0], m.equals("ja32")));
        }
        boolean w32 = m.endsWith("32") && !m.startsWith("movsx") && !m.matches("(le|be|b?swap)32");
        String base = w32 ? m.substring(0, m.length() - 2) : m;
        Width width = w32 ? Width.W32 : Width.W64;
        if (ALU.containsKey(base)) {
            args(l, a, 2, null);
            return new Insn.Alu(width, ALU.get(base), reg(l, a[0]), operand(l, a[1]));
        } else if (base.equals("mov")) {
            args(l, a, 2, null);
            return new Insn.Mov(width, reg(l, a[0]), operand(l, a[1]));
        } else if (base.equals("neg")) {
            args(l, a, 1, null);
            return new Insn.Neg(width, reg(l, a[0]));
        } else if (JMP.containsKey(base)) {
            args(l, a, 3, null);
            return new Insn.Jump(width, JMP.get(base), reg(l, a[0]), operand(l, a[1]), target(l, a[2], false));
        }
        return other(l, m, a);
    }

    private Insn other(Line l, String m, String[] a) throws ConformanceFormatException {
        if (m.matches("movsx(8|16|32)(32|64)") && !m.equals("movsx3232")) {
            args(l, a, 2, null);
            int bits = Integer.parseInt(m.substring(5, m.length() - 2));
            Width w = m.endsWith("64") ? Width.W64 : Width.W32;
            return new Insn.MovSx(w, reg(l, a[0]), reg(l, a[1]), bits);
        } else if (m.matches("(le|be|bswap|swap)(16|32|64)")) {
            args(l, a, 1, null);
            int bits = Integer.parseInt(m.substring(m.length() - 2));
            Insn.EndianKind kind = m.startsWith("le") ? Insn.EndianKind.LE
                    : m.startsWith("be") ? Insn.EndianKind.BE : Insn.EndianKind.BSWAP;
            return new Insn.Endian(kind, reg(l, a[0]), bits);
        } else if (m.startsWith("ldxs") && SIZES.containsKey(m.substring(4)) && !m.equals("ldxsdw")) {
            args(l, a, 2, null);
            Mem mem = mem(l, a[1]);
            return new Insn.LoadSx(SIZES.get(m.substring(4)), reg(l, a[0]), mem.reg, mem.off);
        } else if (m.startsWith("ldx") && SIZES.containsKey(m.substring(3))) {
            args(l, a, 2, null);
            Mem mem = mem(l, a[1]);
            return new Insn.Load(SIZES.get(m.substring(3)), reg(l, a[0]), mem.reg, mem.off);
        } else if (m.startsWith("stx") && SIZES.containsKey(m.substring(3))) {
            args(l, a, 2, null);
            Mem mem = mem(l, a[0]);
            return new Insn.Store(SIZES.get(m.substring(3)), mem.reg, reg(l, a[1]), mem.off);
        } else if (m.startsWith("st") && SIZES.containsKey(m.substring(2))) {
            args(l, a, 2, null);
            Mem mem = mem(l, a[0]);
            return new Insn.StoreImm(SIZES.get(m.substring(2)), mem.reg, mem.off, (int) number(l, a[1], Integer.MIN_VALUE, 0xffffffffL, false));
        }
        throw error(l, "unknown mnemonic '" + m + "'");
    }

    /** {@code lock [fetch] OP[32] [%rD+off], %rS}, OP in add and or xor xchg cmpxchg. */
    private Insn atomic(Line l, String rest) throws ConformanceFormatException {
        boolean fetch = rest.startsWith("fetch ");
        String s = fetch ? rest.substring(6).trim() : rest;
        int sp = s.indexOf(' ');
        if (sp < 0) {
            throw error(l, "incomplete atomic instruction");
        }
        String op = s.substring(0, sp);
        String[] a = s.substring(sp + 1).trim().split("\\s*,\\s*");
        args(l, a, 2, null);
        Size size = op.endsWith("32") ? Size.W : Size.DW;
        String base = op.endsWith("32") ? op.substring(0, op.length() - 2) : op;
        AtomicOp aop = switch (base) {
            case "add" -> fetch ? AtomicOp.FETCH_ADD : AtomicOp.ADD;
            case "and" -> fetch ? AtomicOp.FETCH_AND : AtomicOp.AND;
            case "or" -> fetch ? AtomicOp.FETCH_OR : AtomicOp.OR;
            case "xor" -> fetch ? AtomicOp.FETCH_XOR : AtomicOp.XOR;
            case "xchg" -> AtomicOp.XCHG;
            case "cmpxchg" -> AtomicOp.CMPXCHG;
            default -> throw error(l, "unknown atomic operation '" + op + "'");
        };
        Mem mem = mem(l, a[0]);
        return new Insn.Atomic(size, aop, mem.reg, reg(l, a[1]), mem.off);
    }

    private Insn call(Line l, String[] a) throws ConformanceFormatException {
        args(l, a, 1, null);
        String arg = a[0];
        if (arg.startsWith("local ")) {
            String name = arg.substring(6).trim();
            Integer at = labels.get(name);
            if (at == null) {
                throw error(l, "undefined function '" + name + "'");
            }
            return new Insn.Call(Insn.CallKind.SUBPROG, at - (slots.get(current) + 1));
        } else if (arg.startsWith("%")) {
            return new Insn.CallX(reg(l, arg));
        }
        return new Insn.Call(Insn.CallKind.HELPER, (int) number(l, arg, Integer.MIN_VALUE, 0xffffffffL, false));
    }

    private static <T> T args(Line l, String[] a, int n, T value) throws ConformanceFormatException {
        if (a.length != n) {
            throw new ConformanceFormatException("line " + l.number() + ": expected " + n + " operands in '" + l.text() + "'");
        }
        return value;
    }

    private int reg(Line l, String s) throws ConformanceFormatException {
        if (s.matches("%r(10|[0-9])")) {
            return Integer.parseInt(s.substring(2));
        }
        throw error(l, "invalid register '" + s + "'");
    }

    private Insn.Operand operand(Line l, String s) throws ConformanceFormatException {
        return s.startsWith("%") ? new Insn.Reg(reg(l, s)) : new Insn.Imm((int) number(l, s, Integer.MIN_VALUE, 0xffffffffL, false));
    }

    private record Mem(int reg, int off) {}

    private Mem mem(Line l, String s) throws ConformanceFormatException {
        if (!s.startsWith("[") || !s.endsWith("]")) {
            throw error(l, "invalid memory operand '" + s + "'");
        }
        String in = s.substring(1, s.length() - 1).trim();
        int sign = Math.max(in.indexOf('+'), in.indexOf('-'));
        if (sign < 0) {
            return new Mem(reg(l, in), 0);
        }
        int off = (int) number(l, in.substring(sign).replace(" ", ""), Short.MIN_VALUE, Short.MAX_VALUE, false);
        return new Mem(reg(l, in.substring(0, sign).trim()), off);
    }

    private int target(Line l, String s, boolean wide) throws ConformanceFormatException {
        int here = slots.get(current);
        if (s.startsWith("+") || s.startsWith("-")) {
            return (int) number(l, s, wide ? Integer.MIN_VALUE : Short.MIN_VALUE, wide ? Integer.MAX_VALUE : Short.MAX_VALUE, false);
        }
        Integer at = labels.get(s);
        if (at == null && s.equals("exit")) {
            at = nextExit();
        }
        if (at == null) {
            throw error(l, "undefined label '" + s + "'");
        }
        return at - (here + 1);
    }

    private Integer nextExit() {
        for (int i = current + 1; i < insns.size(); i++) {
            if (insns.get(i).text().equals("exit")) {
                return slots.get(i);
            }
        }
        return null;
    }

    /**
     * A decimal or hex literal with an optional sign. With {@code unsigned64}, any 64-bit pattern
     * (signed or unsigned) is accepted; otherwise the value must lie in {@code min..max}.
     */
    private long number(Line l, String s, long min, long max, boolean unsigned64) throws ConformanceFormatException {
        String t = s.trim();
        boolean neg = t.startsWith("-");
        String body = neg || t.startsWith("+") ? t.substring(1) : t;
        long v;
        try {
            v = body.startsWith("0x") || body.startsWith("0X") ? Long.parseUnsignedLong(body.substring(2), 16)
                    : Long.parseUnsignedLong(body);
        } catch (NumberFormatException e) {
            throw error(l, "invalid number '" + s + "'");
        }
        if (unsigned64) {
            return neg ? -v : v;
        }
        if (v < 0 || (neg ? -v < min : v > max)) {
            throw error(l, "number " + s + " out of range");
        }
        return neg ? -v : v;
    }

    private ConformanceFormatException error(Line l, String message) {
        return new ConformanceFormatException(file + ":" + l.number() + ": " + message + ": " + l.text());
    }
}
