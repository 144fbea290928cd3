package org.rqbpf.grammar;

import org.antlr.v4.runtime.Token;
import org.rqbpf.isa.Width;

/** Registers, offsets and immediates of instructions, checked and reported at their tokens. */
final class Operands {
    /** A register operand: its number and the view it was written in. */
    record Reg(int num, Width width, Token token) {}

    private final Diagnostics diags;

    Operands(Diagnostics diags) {
        this.diags = diags;
    }

    /** Parses {@code r0..r10} / {@code w0..w10}; null with an error for anything else. */
    Reg reg(Token t) {
        String s = t.getText();
        int n = -1;
        if (s.length() == 2) {
            n = s.charAt(1) - '0';
        } else if (s.length() == 3 && s.charAt(1) == '1') {
            n = 10 + s.charAt(2) - '0';
        }
        if (n < 0 || n > 10 || (s.length() == 3 && s.charAt(2) != '0')) {
            diags.error(t, "invalid register '" + s + "' (registers are r0-r10 and w0-w10)");
            return null;
        }
        return new Reg(n, s.charAt(0) == 'r' ? Width.W64 : Width.W32, t);
    }

    /** A register that must be written in the 64-bit view. */
    Reg reg64(Token t, String role) {
        Reg r = reg(t);
        if (r != null && r.width() != Width.W64) {
            diags.error(t, role + " must be a 64-bit register (r" + r.num() + "), not '" + t.getText() + "'");
            return null;
        }
        return r;
    }

    /** True when {@code other} is written in the same view as {@code first}; else reports at {@code other}. */
    boolean sameWidth(Reg first, Reg other) {
        if (first.width() != other.width()) {
            diags.error(other.token(), "register '" + other.token().getText() + "' does not match the "
                    + (first.width() == Width.W64 ? "64" : "32") + "-bit view of '" + first.token().getText() + "'");
            return false;
        }
        return true;
    }

    /** A 32-bit immediate: -2147483648 to 4294967295, stored as the same 32 bits. */
    Integer imm32(Token t, String what) {
        Numbers.Num n = Numbers.parse(t.getText());
        if (n == null || !n.isImm32()) {
            diags.error(t, what + " " + t.getText() + " out of range (-2147483648 to 4294967295)");
            return null;
        }
        return (int) n.bits();
    }

    /** A signed 16-bit offset, optionally negated (for {@code (r10 - 8)}). */
    Integer off16(Token t, boolean negate, String what) {
        Numbers.Num n = Numbers.parse(t.getText());
        if (n != null && !n.aboveLong() && negate) {
            n = n.bits() == Long.MIN_VALUE ? null : new Numbers.Num(-n.bits(), false);
        }
        if (n == null || !n.isOff16()) {
            diags.error(t, what + " " + (negate ? "-" : "") + t.getText() + " out of range (-32768 to 32767)");
            return null;
        }
        return (int) n.bits();
    }
}
