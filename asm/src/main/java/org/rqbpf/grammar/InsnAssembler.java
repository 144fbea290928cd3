package org.rqbpf.grammar;

import org.antlr.v4.runtime.Token;
import org.rqbpf.abi.Helper;
import org.rqbpf.abi.HelperNames;
import org.rqbpf.abi.Kfunc;
import org.rqbpf.isa.AluOp;
import org.rqbpf.isa.AtomicOp;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.Insn;
import org.rqbpf.isa.JmpOp;
import org.rqbpf.isa.Size;
import org.rqbpf.isa.Width;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.MapDef;

/**
 * Assembles one instruction of a body into an {@link Insn}, appending it to the body; jumps to labels
 * and subprogram calls are left as fixups. Instructions that name a map, global variable or function
 * are deferred until the file's declarations are known ({@link #resolve}). Every malformed operand is
 * reported at its token.
 */
final class InsnAssembler {
    private final Diagnostics diags;
    private final Operands ops;
    private final Symbols symbols;

    InsnAssembler(Diagnostics diags, Symbols symbols) {
        this.diags = diags;
        this.ops = new Operands(diags);
        this.symbols = symbols;
    }

    void assemble(BpfParser.InsnContext ctx, Body body) {
        Token start = ctx.getStart();
        if (ctx instanceof BpfParser.AssignContext a && a.rhs() instanceof BpfParser.LdSymbolContext l) {
            Operands.Reg dst = ops.reg(a.REG().getSymbol());
            if (dst != null) {
                body.defer(l.name().getStart(), dst, l.LL() != null, start);
            }
        } else if (ctx instanceof BpfParser.AssignContext a) {
            add(body, assign(a), start);
        } else if (ctx instanceof BpfParser.AluContext a) {
            add(body, alu(a), start);
        } else if (ctx instanceof BpfParser.StoreContext s) {
            add(body, store(s), start);
        } else if (ctx instanceof BpfParser.LockOpContext l) {
            add(body, lockOp(l), start);
        } else if (ctx instanceof BpfParser.CondJumpContext j) {
            condJump(j, body);
        } else if (ctx instanceof BpfParser.JumpContext j) {
            jump(j, body);
        } else if (ctx instanceof BpfParser.CallContext c) {
            call(c.callee(), body, start);
        } else if (ctx instanceof BpfParser.CallxContext c) {
            Operands.Reg r = ops.reg64(c.REG().getSymbol(), "callx register");
            add(body, r == null ? null : new Insn.CallX(r.num()), start);
        } else {
            add(body, new Insn.Exit(), start);
        }
    }

    /** Assembles the body's deferred instructions, now that every top-level name is known. */
    void resolve(Body body) {
        for (Body.Deferred d : body.deferred) {
            Insn insn = d.dst() != null ? ldSymbol(d.dst(), d.name(), d.ll()) : callByName(d.name(), body, d.insn());
            body.insns.set(d.insn(), insn);
        }
    }

    private void add(Body body, Insn insn, Token start) {
        if (insn != null) {
            body.add(insn, start);
        }
    }

    private Insn assign(BpfParser.AssignContext a) {
        Operands.Reg dst = ops.reg(a.REG().getSymbol());
        if (dst == null) {
            return null;
        }
        BpfParser.RhsContext rhs = a.rhs();
        if (rhs instanceof BpfParser.MovRegContext m) {
            Operands.Reg src = ops.reg(m.REG().getSymbol());
            return src == null || !ops.sameWidth(dst, src) ? null : new Insn.Mov(dst.width(), dst.num(), new Insn.Reg(src.num()));
        } else if (rhs instanceof BpfParser.NegContext n) {
            Operands.Reg src = ops.reg(n.REG().getSymbol());
            if (src == null || !ops.sameWidth(dst, src)) {
                return null;
            }
            if (src.num() != dst.num()) {
                diags.error(src.token(), "negation must use its destination register: " + dst.token().getText() + " = -"
                        + dst.token().getText());
                return null;
            }
            return new Insn.Neg(dst.width(), dst.num());
        } else if (rhs instanceof BpfParser.MovImmContext m) {
            return movImm(dst, m);
        } else if (rhs instanceof BpfParser.MovSxContext m) {
            return movSx(dst, m);
        } else if (rhs instanceof BpfParser.LoadContext l) {
            return load(dst, l);
        } else if (rhs instanceof BpfParser.LoadPacketContext l) {
            return loadPacket(dst, l);
        } else if (rhs instanceof BpfParser.EndianContext e) {
            return endian(dst, e);
        } else if (rhs instanceof BpfParser.LdMapRawContext l) {
            return ldMapRaw(dst, l);
        } else if (rhs instanceof BpfParser.AtomicFetchContext f) {
            return atomicFetch(dst, f);
        }
        return atomicXchg(dst, (BpfParser.AtomicXchgContext) rhs);
    }

    private Insn movImm(Operands.Reg dst, BpfParser.MovImmContext m) {
        Token num = m.NUMBER().getSymbol();
        if (m.LL() == null) {
            Integer imm = ops.imm32(num, "immediate");
            return imm == null ? null : new Insn.Mov(dst.width(), dst.num(), new Insn.Imm(imm));
        }
        if (!wide(dst, "ld_imm64 destination")) {
            return null;
        }
        Numbers.Num n = Numbers.parse(num.getText());
        if (n == null) {
            diags.error(num, "64-bit immediate " + num.getText() + " out of range");
            return null;
        }
        return Insn.LdImm64.constant(dst.num(), n.bits());
    }

    private boolean wide(Operands.Reg r, String role) {
        if (r.width() != Width.W64) {
            diags.error(r.token(), role + " must be a 64-bit register (r" + r.num() + "), not '" + r.token().getText() + "'");
            return false;
        }
        return true;
    }

    private Insn movSx(Operands.Reg dst, BpfParser.MovSxContext m) {
        Operands.Reg src = ops.reg(m.REG().getSymbol());
        if (src == null || !ops.sameWidth(dst, src)) {
            return null;
        }
        String cast = m.name().getText();
        int bits = switch (cast) {
            case "s8" -> 8;
            case "s16" -> 16;
            case "s32" -> 32;
            default -> 0;
        };
        if (bits == 0 || (bits == 32 && dst.width() == Width.W32)) {
            diags.error(m.name().getStart(), "invalid sign-extension '(" + cast + ")' (expected (s8), (s16)"
                    + (dst.width() == Width.W64 ? " or (s32)" : " for 32-bit registers") + ")");
            return null;
        }
        return new Insn.MovSx(dst.width(), dst.num(), src.num(), bits);
    }

    private Insn load(Operands.Reg dst, BpfParser.LoadContext l) {
        Mem mem = mem(l.mem());
        String type = l.name().getText();
        Size size = Size.ofUnsignedName(type);
        Size sx = Size.ofSignedName(type);
        if (size == null && (sx == null || sx == Size.DW)) {
            diags.error(l.name().getStart(), "invalid load size '" + type + "' (expected u8, u16, u32, u64, s8, s16 or s32)");
            return null;
        }
        if (mem == null) {
            return null;
        }
        if (size != null) {
            if (size == Size.DW && !wide(dst, "destination of a 64-bit load")) {
                return null;
            }
            return new Insn.Load(size, dst.num(), mem.base, mem.off);
        }
        return wide(dst, "destination of a sign-extending load") ? new Insn.LoadSx(sx, dst.num(), mem.base, mem.off) : null;
    }

    /** {@code r0 = *(u8 *)skb[14]} ({@code LD_ABS}) and {@code r0 = *(u16 *)skb[r7 + 2]} ({@code LD_IND}). */
    private Insn loadPacket(Operands.Reg dst, BpfParser.LoadPacketContext l) {
        String type = l.name(0).getText();
        Size size = Size.ofUnsignedName(type);
        if (size == null || size == Size.DW) {
            diags.error(l.name(0).getStart(), "invalid packet load size '" + type + "' (expected u8, u16 or u32)");
            return null;
        }
        if (!l.name(1).getText().equals("skb")) {
            diags.error(l.name(1).getStart(), "expected 'skb[...]' for a legacy packet load, not '" + l.name(1).getText() + "'");
            return null;
        }
        if (dst.num() != 0 || dst.width() != Width.W64) {
            diags.error(dst.token(), "a legacy packet load writes r0, not " + dst.token().getText());
            return null;
        }
        Operands.Reg base = l.REG() == null ? null : ops.reg64(l.REG().getSymbol(), "index register");
        if (l.REG() != null && base == null) {
            return null;
        }
        BpfParser.OffsetContext o = l.offset();
        if (o == null && base == null || o != null && base != null && o.PLUS() == null && o.MINUS() == null) {
            diags.error(l.getStart(), "expected skb[N] or skb[rN + N]");
            return null;
        }
        Integer imm = o == null ? Integer.valueOf(0) : ops.imm32(o.NUMBER().getSymbol(), "packet offset");
        if (imm == null) {
            return null;
        }
        return new Insn.LoadPacket(size, base == null ? -1 : base.num(), o != null && o.MINUS() != null ? -imm : imm);
    }

    private Insn endian(Operands.Reg dst, BpfParser.EndianContext e) {
        String word = e.name().getText();
        Insn.EndianKind kind = null;
        for (Insn.EndianKind k : Insn.EndianKind.values()) {
            if (word.startsWith(k.word())) {
                kind = k;
            }
        }
        String bitsText = kind == null ? "" : word.substring(kind.word().length());
        if (kind == null || !(bitsText.equals("16") || bitsText.equals("32") || bitsText.equals("64"))) {
            diags.error(e.name().getStart(), "unknown operation '" + word + "' (expected be16/32/64, le16/32/64 or bswap16/32/64)");
            return null;
        }
        Operands.Reg src = ops.reg(e.REG().getSymbol());
        if (src == null || !wide(dst, "byte swap register")) {
            return null;
        }
        if (src.num() != dst.num() || src.width() != Width.W64) {
            diags.error(src.token(), word + " must use its destination register: r" + dst.num() + " = " + word + " r" + dst.num());
            return null;
        }
        return new Insn.Endian(kind, dst.num(), Integer.parseInt(bitsText));
    }

    private Insn ldSymbol(Operands.Reg dst, Token name, boolean ll) {
        MapDef map = symbols.maps.get(name.getText());
        GlobalVar global = symbols.globals.get(name.getText());
        if (!ll) {
            String load = "'r" + dst.num() + " = " + name.getText() + " ll'";
            diags.error(name, map != null ? "'" + name.getText() + "' is a map: load it with " + load
                    : global != null ? "'" + name.getText() + "' is a global variable: load its address with " + load
                    : "unknown symbol '" + name.getText() + "'");
            return null;
        }
        if (map == null && global == null) {
            diags.error(name, "unknown map or global variable '" + name.getText() + "'");
            return null;
        }
        if (!wide(dst, "ld_imm64 destination")) {
            return null;
        }
        return map != null ? new Insn.LdImm64(dst.num(), Bpf.PSEUDO_MAP_IDX, map.index(), 0)
                : new Insn.LdImm64(dst.num(), Bpf.PSEUDO_MAP_IDX_VALUE, global.mapIndex(), global.offset());
    }

    private Insn ldMapRaw(Operands.Reg dst, BpfParser.LdMapRawContext l) {
        if (!l.name().getText().equals("map")) {
            diags.error(l.name().getStart(), "expected 'map[N]', not '" + l.name().getText() + "[...]'");
            return null;
        }
        Integer index = ops.imm32(l.NUMBER(0).getSymbol(), "map index");
        if (index == null || !wide(dst, "ld_imm64 destination")) {
            return null;
        }
        if (l.NUMBER().size() == 1) {
            return new Insn.LdImm64(dst.num(), Bpf.PSEUDO_MAP_IDX, index, 0);
        }
        Numbers.Num elem = Numbers.parse(l.NUMBER(1).getText());
        if (elem == null || elem.bits() != 0 || elem.aboveLong()) {
            diags.error(l.NUMBER(1).getSymbol(), "element of a map value reference must be 0: map[N][0]+OFF");
            return null;
        }
        Integer off = ops.imm32(l.NUMBER(2).getSymbol(), "value offset");
        return off == null ? null : new Insn.LdImm64(dst.num(), Bpf.PSEUDO_MAP_IDX_VALUE, index, off);
    }

    private Insn atomicFetch(Operands.Reg dst, BpfParser.AtomicFetchContext f) {
        String fn = f.name(0).getText();
        AtomicOp op = fn.startsWith("atomic_fetch_") ? AtomicOp.ofFetchWord(fn.substring("atomic_fetch_".length())) : null;
        if (op == null) {
            diags.error(f.name(0).getStart(), "unknown atomic operation '" + fn + "' (expected atomic_fetch_add, _and, _or or _xor)");
            return null;
        }
        Size size = atomicSize(f.name(1));
        Mem mem = mem(f.mem());
        Operands.Reg src = ops.reg(f.REG().getSymbol());
        if (size == null || mem == null || src == null || !matches(dst, src, size)) {
            return null;
        }
        return new Insn.Atomic(size, op, mem.base, src.num(), mem.off);
    }

    private Insn atomicXchg(Operands.Reg dst, BpfParser.AtomicXchgContext x) {
        String fn = x.name().getText();
        boolean cmp = fn.startsWith("cmpxchg");
        Size size = switch (fn) {
            case "xchg_64", "cmpxchg_64" -> Size.DW;
            case "xchg32_32", "cmpxchg32_32" -> Size.W;
            default -> null;
        };
        if (size == null) {
            diags.error(x.name().getStart(), "unknown operation '" + fn + "' (expected xchg_64, xchg32_32, cmpxchg_64 or cmpxchg32_32)");
            return null;
        }
        int args = x.REG().size();
        if (args != (cmp ? 3 : 2)) {
            diags.error(x.name().getStart(), fn + " takes " + (cmp ? "3" : "2") + " arguments");
            return null;
        }
        Operands.Reg base = ops.reg64(x.REG(0).getSymbol(), "address register");
        Integer off = x.offset() == null ? Integer.valueOf(0) : offset(x.offset());
        Operands.Reg src = ops.reg(x.REG(args - 1).getSymbol());
        if (base == null || off == null || src == null || !matches(dst, src, size)) {
            return null;
        }
        if (cmp) {
            Operands.Reg old = ops.reg(x.REG(1).getSymbol());
            if (old == null) {
                return null;
            }
            if (dst.num() != 0 || old.num() != 0 || old.width() != dst.width()) {
                diags.error(dst.token(), fn + " compares with and returns in " + (size == Size.DW ? "r0" : "w0") + ": "
                        + (size == Size.DW ? "r0 = cmpxchg_64(rD + off, r0, rS)" : "w0 = cmpxchg32_32(rD + off, w0, wS)"));
                return null;
            }
            return new Insn.Atomic(size, AtomicOp.CMPXCHG, base.num(), src.num(), off);
        }
        return new Insn.Atomic(size, AtomicOp.XCHG, base.num(), src.num(), off);
    }

    /** The fetched value goes back to the source register, in the view of the access size. */
    private boolean matches(Operands.Reg dst, Operands.Reg src, Size size) {
        Width want = size == Size.DW ? Width.W64 : Width.W32;
        if (dst.width() != want || src.width() != want) {
            Operands.Reg bad = dst.width() != want ? dst : src;
            diags.error(bad.token(), "a " + size.bytes() * 8 + "-bit atomic operation uses " + want.reg(bad.num())
                    + ", not '" + bad.token().getText() + "'");
            return false;
        }
        return true;
    }

    private Size atomicSize(BpfParser.NameContext n) {
        Size s = Size.ofUnsignedName(n.getText());
        if (s != Size.W && s != Size.DW) {
            diags.error(n.getStart(), "invalid atomic size '" + n.getText() + "' (expected u32 or u64)");
            return null;
        }
        return s;
    }

    private Insn alu(BpfParser.AluContext a) {
        Operands.Reg dst = ops.reg(a.REG().getSymbol());
        String text = a.ALU_ASSIGN().getText();
        AluOp op = AluOp.ofSymbol(text.substring(0, text.length() - 1));
        Insn.Operand src = operand(a.operand(), dst, "immediate");
        return dst == null || src == null ? null : new Insn.Alu(dst.width(), op, dst.num(), src);
    }

    private Insn.Operand operand(BpfParser.OperandContext o, Operands.Reg first, String what) {
        if (o.NUMBER() != null) {
            Integer imm = ops.imm32(o.NUMBER().getSymbol(), what);
            return imm == null ? null : new Insn.Imm(imm);
        }
        Operands.Reg r = ops.reg(o.REG().getSymbol());
        return r == null || first == null || !ops.sameWidth(first, r) ? null : new Insn.Reg(r.num());
    }

    private Insn store(BpfParser.StoreContext s) {
        Size size = Size.ofUnsignedName(s.name().getText());
        if (size == null) {
            diags.error(s.name().getStart(), "invalid store size '" + s.name().getText() + "' (expected u8, u16, u32 or u64)");
            return null;
        }
        Mem mem = mem(s.mem());
        if (mem == null) {
            return null;
        }
        BpfParser.OperandContext o = s.operand();
        if (o.NUMBER() != null) {
            Integer imm = ops.imm32(o.NUMBER().getSymbol(), "immediate");
            return imm == null ? null : new Insn.StoreImm(size, mem.base, mem.off, imm);
        }
        Operands.Reg src = ops.reg(o.REG().getSymbol());
        if (src == null || (size == Size.DW && !wide(src, "source of a 64-bit store"))) {
            return null;
        }
        return new Insn.Store(size, mem.base, src.num(), mem.off);
    }

    private Insn lockOp(BpfParser.LockOpContext l) {
        Size size = atomicSize(l.name());
        Mem mem = mem(l.mem());
        String text = l.ALU_ASSIGN().getText();
        AtomicOp op = AtomicOp.ofLockSymbol(text.substring(0, text.length() - 1));
        if (op == null) {
            diags.error(l.ALU_ASSIGN().getSymbol(), "invalid atomic operation '" + text + "' (expected +=, &=, |= or ^=)");
            return null;
        }
        Operands.Reg src = ops.reg(l.REG().getSymbol());
        if (size == null || mem == null || src == null) {
            return null;
        }
        if (size == Size.DW && !wide(src, "source of a 64-bit atomic operation")) {
            return null;
        }
        return new Insn.Atomic(size, op, mem.base, src.num(), mem.off);
    }

    private record Mem(int base, int off) {}

    private Mem mem(BpfParser.MemContext m) {
        Operands.Reg base = ops.reg64(m.REG().getSymbol(), "address register");
        Integer off = m.offset() == null ? Integer.valueOf(0) : offset(m.offset());
        return base == null || off == null ? null : new Mem(base.num(), off);
    }

    private Integer offset(BpfParser.OffsetContext o) {
        return ops.off16(o.NUMBER().getSymbol(), o.MINUS() != null, "offset");
    }

    private void condJump(BpfParser.CondJumpContext j, Body body) {
        Operands.Reg dst = ops.reg(j.REG().getSymbol());
        Insn.Operand src = operand(j.operand(), dst, "immediate");
        JmpOp op = JmpOp.ofSymbol(j.CMP() != null ? j.CMP().getText() : "&");
        if (dst == null || src == null) {
            return;
        }
        Insn.Jump insn = new Insn.Jump(dst.width(), op, dst.num(), src, 0);
        BpfParser.TargetContext t = j.target();
        if (t.NUMBER() != null) {
            Integer off = ops.off16(t.NUMBER().getSymbol(), false, "jump offset");
            add(body, off == null ? null : new Insn.Jump(dst.width(), op, dst.num(), src, off), j.getStart());
        } else {
            int index = body.add(insn, j.getStart());
            body.jumps.add(new Body.JumpFixup(index, t.name().getStart()));
        }
    }

    private void jump(BpfParser.JumpContext j, Body body) {
        boolean wide = j.GOTOL() != null;
        BpfParser.TargetContext t = j.target();
        if (t.NUMBER() != null) {
            Integer off = wide ? ops.imm32(t.NUMBER().getSymbol(), "jump offset")
                    : ops.off16(t.NUMBER().getSymbol(), false, "jump offset");
            if (off != null && wide && !Numbers.parse(t.NUMBER().getText()).within(Integer.MIN_VALUE, Integer.MAX_VALUE)) {
                diags.error(t.NUMBER().getSymbol(), "jump offset " + t.NUMBER().getText() + " out of range (32 bits)");
                return;
            }
            add(body, off == null ? null : new Insn.Goto(wide, off), j.getStart());
        } else {
            int index = body.add(new Insn.Goto(wide, 0), j.getStart());
            body.jumps.add(new Body.JumpFixup(index, t.name().getStart()));
        }
    }

    private void call(BpfParser.CalleeContext c, Body body, Token start) {
        if (c.KFUNC_REF() != null) {
            Token t = c.KFUNC_REF().getSymbol();
            String digits = t.getText().substring("kfunc#".length());
            Numbers.Num n = Numbers.parse(digits);
            if (n == null || !n.within(0, Integer.MAX_VALUE)) {
                diags.error(t, "kfunc id " + digits + " out of range");
                return;
            }
            add(body, new Insn.Call(Insn.CallKind.KFUNC, (int) n.bits()), start);
            return;
        }
        if (c.name() == null) {
            Integer id = ops.imm32(c.NUMBER().getSymbol(), "helper id");
            add(body, id == null ? null : new Insn.Call(Insn.CallKind.HELPER, id), start);
            return;
        }
        Token name = c.name().getStart();
        if (c.NUMBER() != null) {
            if (!name.getText().equals("pc")) {
                diags.error(name, "unexpected '" + name.getText() + c.NUMBER().getText() + "' (expected a function name, a helper id or pc+N)");
                return;
            }
            Integer off = ops.imm32(c.NUMBER().getSymbol(), "call offset");
            add(body, off == null ? null : new Insn.Call(Insn.CallKind.SUBPROG, off), start);
            return;
        }
        body.defer(name, null, false, start);
    }

    /** A call of a subprogram (recorded as a fixup of instruction {@code index}), helper or kfunc. */
    private Insn callByName(Token name, Body body, int index) {
        String fn = name.getText();
        if (symbols.subprograms.containsKey(fn)) {
            body.calls.add(new Body.CallFixup(index, fn, name));
            return new Insn.Call(Insn.CallKind.SUBPROG, 0);
        } else if (symbols.programs.containsKey(fn)) {
            diags.error(name, "cannot call program '" + fn + "' (only static and global subprograms can be called)");
        } else if (HelperNames.idOf(fn) >= 0) {
            return new Insn.Call(Insn.CallKind.HELPER, HelperNames.idOf(fn));
        } else if (Kfunc.byName(fn) != null) {
            return new Insn.Call(Insn.CallKind.KFUNC, Kfunc.byName(fn).id());
        } else {
            diags.error(name, "unknown helper, kfunc or subprogram '" + fn + "'");
        }
        return null;
    }
}
