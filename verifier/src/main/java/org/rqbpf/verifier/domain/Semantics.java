package org.rqbpf.verifier.domain;

import static org.rqbpf.isa.Bpf.ADD;
import static org.rqbpf.isa.Bpf.AND;
import static org.rqbpf.isa.Bpf.ARSH;
import static org.rqbpf.isa.Bpf.DIV;
import static org.rqbpf.isa.Bpf.LSH;
import static org.rqbpf.isa.Bpf.MOD;
import static org.rqbpf.isa.Bpf.MOV;
import static org.rqbpf.isa.Bpf.MUL;
import static org.rqbpf.isa.Bpf.NEG;
import static org.rqbpf.isa.Bpf.OR;
import static org.rqbpf.isa.Bpf.RSH;
import static org.rqbpf.isa.Bpf.SUB;
import static org.rqbpf.isa.Bpf.XOR;

/** Exact RFC 9669 arithmetic on constants, used to fold operations whose operands are both known. */
final class Semantics {
    private Semantics() {}

    static long eval64(int op, long a, long b, int off) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> b == 0 ? 0 : off == 1 ? a / b : Long.divideUnsigned(a, b);
            case MOD -> b == 0 ? a : off == 1 ? a % b : Long.remainderUnsigned(a, b);
            case OR -> a | b;
            case AND -> a & b;
            case XOR -> a ^ b;
            case LSH -> a << (b & 63);
            case RSH -> a >>> (b & 63);
            case ARSH -> a >> (b & 63);
            case NEG -> -a;
            case MOV -> b;
            default -> throw new IllegalArgumentException("op " + op);
        };
    }

    static int eval32(int op, int a, int b, int off) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> b == 0 ? 0 : off == 1 ? a / b : Integer.divideUnsigned(a, b);
            case MOD -> b == 0 ? a : off == 1 ? a % b : Integer.remainderUnsigned(a, b);
            case OR -> a | b;
            case AND -> a & b;
            case XOR -> a ^ b;
            case LSH -> a << (b & 31);
            case RSH -> a >>> (b & 31);
            case ARSH -> a >> (b & 31);
            case NEG -> -a;
            case MOV -> b;
            default -> throw new IllegalArgumentException("op " + op);
        };
    }
}
