package org.rqbpf.runtime.fuzz;

import java.util.List;

/**
 * Scalar arithmetic: every ALU operation in its 64-bit and 32-bit forms with register and immediate
 * sources, negation, sign-extending moves, byte swaps and 64-bit immediates. Shift and division
 * immediates are mostly in range (an out-of-range shift or a division by an immediate zero is
 * rejected, which the fuzzer also wants to see now and then).
 */
final class AluSnippets {
    private static final List<String> OPS = List.of("+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=",
            "s>>=", "s/=", "s%=");
    private static final List<String> SWAPS = List.of("be16", "be32", "be64", "le16", "le32", "le64", "bswap16",
            "bswap32", "bswap64");

    private AluSnippets() {}

    /** One scalar instruction writing a scalar register. */
    static void any(GenState s) {
        int roll = s.rnd.nextInt(100);
        if (roll < 12) {
            move(s);
        } else if (roll < 70) {
            binary(s, s.writableScalar());
        } else if (roll < 77) {
            int d = s.writableScalar();
            String v = s.chance(50) ? "r" : "w";
            s.emit(v + d + " = -" + v + d);
        } else if (roll < 87) {
            signExtend(s);
        } else if (roll < 95) {
            int d = s.writableScalar();
            s.emit("r" + d + " = " + s.pick(SWAPS) + " r" + d);
        } else {
            int d = s.temp();
            s.emit("r" + d + " = " + Constants.imm64(s) + " ll");
            s.regs[d] = GenState.Reg.SCALAR;
        }
    }

    private static void move(GenState s) {
        int d = s.temp();
        int src = s.scalar();
        String v = s.chance(30) ? "w" : "r";
        if (src >= 0 && s.chance(60)) {
            s.emit(v + d + " = " + v + src);
        } else {
            s.emit(v + d + " = " + Constants.imm(s));
        }
        s.regs[d] = GenState.Reg.SCALAR;
    }

    private static void signExtend(GenState s) {
        int src = s.scalarOrConst();
        int d = s.temp();
        if (s.chance(60)) {
            s.emit("r" + d + " = (s" + s.pick(8, 16, 32) + ")r" + src);
        } else {
            s.emit("w" + d + " = (s" + s.pick(8, 16) + ")w" + src);
        }
        s.regs[d] = GenState.Reg.SCALAR;
    }

    /** {@code d OP= src|imm} on the scalar register {@code d}, 64- or 32-bit. */
    static void binary(GenState s, int d) {
        String op = s.pick(OPS);
        boolean wide = s.chance(60);
        String v = wide ? "r" : "w";
        int src = s.scalar();
        if (src >= 0 && s.chance(45)) {
            s.emit(v + d + " " + op + " " + v + src);
        } else {
            s.emit(v + d + " " + op + " " + immFor(s, op, wide));
        }
    }

    private static String immFor(GenState s, String op, boolean wide) {
        if (op.contains("<<") || op.contains(">>")) {
            int bits = wide ? 64 : 32;
            return Integer.toString(s.chance(3) ? bits + s.rnd.nextInt(4) : s.rnd.nextInt(bits));
        }
        if (op.contains("/") || op.contains("%")) {
            if (s.chance(3)) {
                return "0";
            }
            long v = Constants.imm32(s);
            return Long.toString(v == 0 ? s.pick(1, 3, 7, 10, -1, -3) : v);
        }
        return Constants.imm(s);
    }
}
