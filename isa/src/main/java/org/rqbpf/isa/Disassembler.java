package org.rqbpf.isa;

import java.util.List;
import java.util.Map;

/**
 * Prints instructions in the canonical {@code llvm-objdump -d} spelling, without symbols: maps as
 * {@code map[N]}, kfuncs as {@code kfunc#N}, BPF-to-BPF calls as {@code pc+N}. The text assembles back
 * to the same slots.
 */
public final class Disassembler {
    private Disassembler() {}

    /** The canonical text of the instruction at {@code idx}, or a {@code <invalid: ...>} note. */
    public static String text(List<RawInsn> slots, int idx) {
        return text(slots, idx, Map.of());
    }

    /**
     * As {@link #text(List, int)}, with {@code " <label>"} appended to a jump or call whose target slot
     * has a label in {@code labels}.
     */
    public static String text(List<RawInsn> slots, int idx, Map<Integer, String> labels) {
        Insn insn;
        try {
            insn = Decoder.decode(slots, idx);
        } catch (DecodeException e) {
            return "<invalid: " + e.getMessage().substring(e.getMessage().indexOf(": ") + 2) + ">";
        }
        String text = text(insn);
        Integer target = target(insn, idx);
        if (target != null) {
            String label = labels.get(target);
            if (label != null) {
                return text + " <" + label + ">";
            }
        }
        return text;
    }

    /**
     * An objdump-style listing: {@code name:} lines at labelled slots, then per instruction its slot
     * index, its raw bytes (16 for ld_imm64) and its text.
     */
    public static String listing(List<RawInsn> slots, Map<Integer, String> labels) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < slots.size(); ) {
            String label = labels.get(i);
            if (label != null) {
                sb.append(label).append(":\n");
            }
            int n = slots.get(i).isLdImm64() && i + 1 < slots.size() ? 2 : 1;
            sb.append(String.format("%8d:\t", i));
            for (int k = 0; k < n; k++) {
                appendBytes(sb, slots.get(i + k));
            }
            sb.setLength(sb.length() - 1);
            sb.append('\t').append(text(slots, i, labels)).append('\n');
            i += n;
        }
        return sb.toString();
    }

    private static void appendBytes(StringBuilder sb, RawInsn r) {
        long v = r.toLong();
        for (int b = 0; b < 8; b++) {
            sb.append(String.format("%02x ", (v >>> (8 * b)) & 0xff));
        }
    }

    /** The slot a jump or pc-relative call at {@code idx} goes to, or null for other instructions. */
    public static Integer target(Insn insn, int idx) {
        if (insn instanceof Insn.Jump j) {
            return idx + 1 + j.off();
        } else if (insn instanceof Insn.Goto g) {
            return idx + 1 + g.offset();
        } else if (insn instanceof Insn.Call c && c.kind() == Insn.CallKind.SUBPROG) {
            return idx + 1 + c.imm();
        }
        return null;
    }

    /** The canonical text of one decoded instruction. */
    public static String text(Insn insn) {
        if (insn instanceof Insn.Alu a) {
            return a.width().reg(a.dst()) + " " + a.op().symbol() + "= " + operand(a.width(), a.src());
        } else if (insn instanceof Insn.Mov m) {
            return m.width().reg(m.dst()) + " = " + operand(m.width(), m.src());
        } else if (insn instanceof Insn.Neg n) {
            return n.width().reg(n.dst()) + " = -" + n.width().reg(n.dst());
        } else if (insn instanceof Insn.MovSx m) {
            return m.width().reg(m.dst()) + " = (s" + m.bits() + ")" + m.width().reg(m.src());
        } else if (insn instanceof Insn.Endian e) {
            return "r" + e.dst() + " = " + e.kind().word() + e.bits() + " r" + e.dst();
        } else if (insn instanceof Insn.LdImm64 l) {
            return ldImm64(l);
        } else if (insn instanceof Insn.Load l) {
            return "r" + l.dst() + " = *(" + l.size().unsignedName() + " *)" + mem(l.src(), l.off());
        } else if (insn instanceof Insn.LoadPacket l) {
            String at = l.indirect() ? "r" + l.src() + (l.imm() < 0 ? " - " + -(long) l.imm() : " + " + l.imm())
                    : Integer.toString(l.imm());
            return "r0 = *(" + l.size().unsignedName() + " *)skb[" + at + "]";
        } else if (insn instanceof Insn.LoadSx l) {
            return "r" + l.dst() + " = *(" + l.size().signedName() + " *)" + mem(l.src(), l.off());
        } else if (insn instanceof Insn.Store s) {
            return "*(" + s.size().unsignedName() + " *)" + mem(s.dst(), s.off()) + " = r" + s.src();
        } else if (insn instanceof Insn.StoreImm s) {
            return "*(" + s.size().unsignedName() + " *)" + mem(s.dst(), s.off()) + " = " + s.imm();
        } else if (insn instanceof Insn.Atomic a) {
            return atomic(a);
        } else if (insn instanceof Insn.Jump j) {
            return "if " + j.width().reg(j.dst()) + " " + j.op().symbol() + " " + operand(j.width(), j.src())
                    + " goto " + signed(j.off());
        } else if (insn instanceof Insn.Goto g) {
            return (g.wide() ? "gotol " : "goto ") + signed(g.offset());
        } else if (insn instanceof Insn.Call c) {
            return switch (c.kind()) {
                case HELPER -> "call " + c.imm();
                case KFUNC -> "call kfunc#" + c.imm();
                case SUBPROG -> "call pc" + signed(c.imm());
            };
        } else if (insn instanceof Insn.CallX c) {
            return "callx r" + c.reg();
        }
        return "exit";
    }

    private static String ldImm64(Insn.LdImm64 l) {
        return switch (l.pseudo()) {
            case Bpf.PSEUDO_MAP_IDX -> "r" + l.dst() + " = map[" + l.imm() + "] ll";
            case Bpf.PSEUDO_MAP_IDX_VALUE -> "r" + l.dst() + " = map[" + l.imm() + "][0]+" + l.nextImm() + " ll";
            default -> "r" + l.dst() + " = " + Long.toUnsignedString(l.value()) + " ll";
        };
    }

    private static String atomic(Insn.Atomic a) {
        boolean w64 = a.size() == Size.DW;
        String v = (w64 ? "r" : "w") + a.src();
        String addr = "r" + a.dst() + (a.off() < 0 ? " - " + -a.off() : " + " + a.off());
        return switch (a.op()) {
            case ADD, OR, AND, XOR -> "lock *(" + a.size().unsignedName() + " *)" + mem(a.dst(), a.off()) + " "
                    + a.op().symbol() + "= " + v;
            case XCHG -> v + " = " + (w64 ? "xchg_64(" : "xchg32_32(") + addr + ", " + v + ")";
            case CMPXCHG -> (w64 ? "r0 = cmpxchg_64(" : "w0 = cmpxchg32_32(") + addr + ", " + (w64 ? "r0" : "w0")
                    + ", " + v + ")";
            default -> v + " = atomic_fetch_" + a.op().word() + "((" + a.size().unsignedName() + " *)"
                    + mem(a.dst(), a.off()) + ", " + v + ")";
        };
    }

    private static String mem(int reg, int off) {
        return "(r" + reg + (off < 0 ? " - " + -off : " + " + off) + ")";
    }

    private static String operand(Width w, Insn.Operand op) {
        return op instanceof Insn.Reg r ? w.reg(r.reg()) : Integer.toString(((Insn.Imm) op).value());
    }

    private static String signed(int v) {
        return v < 0 ? Integer.toString(v) : "+" + v;
    }
}
