package org.rqbpf.elf;

import java.util.ArrayList;
import java.util.List;
import org.rqbpf.abi.CtxField;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;

/**
 * CO-RE relocations ({@code .BTF.ext core_relo}) resolved against the only kernel types rqbpf has: the
 * program contexts ({@code struct __sk_buff}, {@code struct xdp_md}), whose fields are those of
 * {@link ProgramType#fields()}, also under a flavoured local name ({@code struct __sk_buff___mine}, as
 * libbpf matches). A field relocation ({@code FIELD_BYTE_OFFSET}, {@code FIELD_BYTE_SIZE},
 * {@code FIELD_EXISTS}) on a direct member of one of them is patched into the instruction as libbpf
 * patches it: the offset of a load or store, or the immediate of an ALU or {@code ld_imm64}
 * instruction. Any other relocation cannot be resolved, since rqbpf cannot know the running kernel's
 * layout of other types: it poisons its instruction as libbpf does ({@code call 0xbad2310}), so only a
 * program that reaches it is refused, with the kernel's {@code invalid func unknown#195896080}, and it
 * gives a note naming the instruction, the relocation kind, the type and the field (as libbpf's
 * {@code failed to resolve CO-RE relocation} line does).
 */
final class CoreRelocations {
    private static final int FIELD_BYTE_OFFSET = 0, FIELD_BYTE_SIZE = 1, FIELD_EXISTS = 2;
    /** libbpf's names of the relocation kinds ({@code enum bpf_core_relo_kind}), by number. */
    private static final List<String> KINDS = List.of("byte_off", "byte_sz", "field_exists", "signed", "lshift_u64",
            "rshift_u64", "local_type_id", "target_type_id", "type_exists", "type_size", "enumval_exists", "enumval_value",
            "type_matches");
    /** libbpf's poison for an instruction whose CO-RE relocation failed: a call of helper 0xbad2310. */
    static final int POISON_CALL = 0xbad2310;

    private CoreRelocations() {}

    /** Resolves or poisons every relocation of {@code s}; returns a note for each poisoned one. */
    static List<String> apply(CodeSection s, List<BtfExt.CoreRelo> relos, Btf btf) throws MalformedObjectException {
        List<String> notes = new ArrayList<>();
        for (BtfExt.CoreRelo r : relos) {
            if (r.insnOff() % 8 != 0 || r.insnOff() / 8 >= s.insns.length) {
                throw new MalformedObjectException(s.name() + ": CO-RE relocation at byte " + r.insnOff() + " is not at an instruction");
            }
            int slot = (int) (r.insnOff() / 8);
            Btf.Type root = btf.resolve(r.typeId());
            String access = btf.string(r.accessStrOff());
            String[] parts = access.split(":");
            String field = parts.length == 2 && root.kind() == Btf.STRUCT ? member(root, parts[1]) : null;
            String kind = r.kind() >= 0 && r.kind() < KINDS.size() ? KINDS.get(r.kind()) : "kind " + r.kind();
            CodeSection.Function in = s.functionContaining(slot);
            String where = in == null ? s.name() + " insn " + slot : "'" + in.name() + "' insn " + (slot - in.start());
            String what = where + ": CO-RE relocation " + kind + " of " + kindName(root) + " "
                    + root.name() + (field == null ? " (access " + access + ")" : "." + field);
            String struct = essentialName(root.name());
            CtxField ctx = field == null ? null : contextField(struct, field);
            boolean exists = ctx != null;
            if (r.kind() == FIELD_EXISTS && field != null && isContext(struct)) {
                patch(s, slot, exists ? 1 : 0, what);
                continue;
            }
            if (!exists || (r.kind() != FIELD_BYTE_OFFSET && r.kind() != FIELD_BYTE_SIZE)) {
                poison(s, slot);
                notes.add(what + " cannot be resolved: rqbpf has the layout of __sk_buff and xdp_md only; the instruction "
                        + "is poisoned (call 0xbad2310) as libbpf does, so a program that reaches it is rejected");
                continue;
            }
            patch(s, slot, r.kind() == FIELD_BYTE_OFFSET ? ctx.offset() : ctx.size(), what);
        }
        return notes;
    }

    /**
     * A type's name without its flavour, as libbpf matches local types to the kernel's: the part before
     * the last {@code ___} that has a character other than {@code _} on each side
     * ({@code __sk_buff___mine} is {@code __sk_buff}).
     */
    static String essentialName(String name) {
        for (int i = name.length() - 5; i >= 0; i--) {
            if (name.charAt(i) != '_' && name.startsWith("___", i + 1) && name.charAt(i + 4) != '_') {
                return name.substring(0, i + 1);
            }
        }
        return name;
    }

    private static String kindName(Btf.Type t) {
        return switch (t.kind()) {
            case Btf.STRUCT -> "struct";
            case Btf.UNION -> "union";
            case Btf.ENUM -> "enum";
            default -> "type";
        };
    }

    private static String member(Btf.Type struct, String index) {
        try {
            int i = Integer.parseInt(index);
            return i >= 0 && i < struct.members().size() ? struct.members().get(i).name() : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isContext(String struct) {
        return struct.equals("__sk_buff") || struct.equals("xdp_md");
    }

    private static CtxField contextField(String struct, String field) {
        ProgramType type = switch (struct) {
            case "__sk_buff" -> ProgramType.SCHED_CLS;
            case "xdp_md" -> ProgramType.XDP;
            default -> null;
        };
        if (type == null) {
            return null;
        }
        for (CtxField f : type.fields()) {
            if (f.name().equals(field)) {
                return f;
            }
        }
        return null;
    }

    private static void poison(CodeSection s, int slot) {
        boolean wide = s.insns[slot].isLdImm64() && slot + 1 < s.insns.length;
        s.insns[slot] = new RawInsn(Bpf.JMP | Bpf.CALL, 0, 0, 0, POISON_CALL);
        if (wide) {
            s.insns[slot + 1] = new RawInsn(Bpf.JMP | Bpf.CALL, 0, 0, 0, POISON_CALL);
        }
    }

    private static void patch(CodeSection s, int slot, int value, String what) throws MalformedObjectException {
        RawInsn in = s.insns[slot];
        int cls = in.cls();
        if (cls == Bpf.LDX || cls == Bpf.STX || cls == Bpf.ST) {
            s.insns[slot] = new RawInsn(in.opcode(), in.dst(), in.src(), value, in.imm());
        } else if (cls == Bpf.ALU || cls == Bpf.ALU64 || in.isLdImm64()) {
            s.insns[slot] = new RawInsn(in.opcode(), in.dst(), in.src(), in.off(), value);
        } else {
            throw new MalformedObjectException(what + " is on an instruction that takes no offset or immediate");
        }
    }
}
