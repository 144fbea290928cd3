package org.rqbpf.verifier.check;

import static org.rqbpf.isa.Bpf.*;

import java.util.List;
import org.rqbpf.abi.Errno;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapType;
import org.rqbpf.program.Program;
import org.rqbpf.verifier.VerifyError;

/**
 * The load-time pass over the 64-bit immediate loads, in instruction order (the kernel's
 * {@code resolve_pseudo_ldimm64}): intact {@code ll} pairs, valid map references, and rule T1 of
 * verifier-rules.md §3.3 for every referenced map holding a lock (dead code included).
 */
public final class LoadChecks {
    private LoadChecks() {}

    /**
     * Checks the image of a program of {@code type}; {@code sleepable} when its section loads it sleepable
     * ({@link ProgramType#isSleepableSection}).
     */
    public static void run(Program file, List<RawInsn> insns, ProgramType type, boolean sleepable) throws VerifyError {
        for (int i = 0; i < insns.size(); i++) {
            RawInsn in = insns.get(i);
            if (cls(in.opcode()) != LD || (mode(in.opcode()) == ABS || mode(in.opcode()) == IND) && size(in.opcode()) != DW) {
                continue;
            }
            if (!in.isLdImm64()) {
                throw new VerifyError("unknown opcode " + String.format("%02x", in.opcode()));
            }
            if (i == insns.size() - 1) {
                throw new VerifyError("invalid bpf_ld_imm64 insn");
            }
            RawInsn hi = insns.get(i + 1);
            if (hi.opcode() != 0 || hi.dst() != 0 || hi.src() != 0 || hi.off() != 0 || in.off() != 0) {
                throw new VerifyError("invalid bpf_ld_imm64 insn");
            }
            switch (in.src()) {
                case 0 -> { }
                case PSEUDO_MAP_IDX, PSEUDO_MAP_IDX_VALUE -> checkMap(file, in, hi, type, sleepable);
                default -> throw new VerifyError("unrecognized bpf_ld_imm64 insn");
            }
            i++;
        }
    }

    private static void checkMap(Program file, RawInsn in, RawInsn hi, ProgramType type, boolean sleepable)
            throws VerifyError {
        if (in.imm() < 0 || in.imm() >= file.maps().size()) {
            throw new VerifyError("fd " + in.imm() + " is not pointing to valid bpf_map");
        }
        MapDef map = file.maps().get(in.imm());
        if (in.src() == PSEUDO_MAP_IDX_VALUE) {
            long off = hi.imm() & 0xffffffffL;
            if (off >= map.valueSize()) {
                throw new VerifyError(Errno.EINVAL, "invalid access to map value pointer, value_size="
                        + map.valueSize() + " off=" + off);
            }
        } else if (hi.imm() != 0) {
            throw new VerifyError("unrecognized bpf_ld_imm64 insn");
        }
        if (!map.lockFields().isEmpty()) {
            if (type == ProgramType.SOCKET_FILTER) {
                throw new VerifyError("socket filter progs cannot use bpf_spin_lock yet");
            }
            if (type.isTracing()) {
                throw new VerifyError("tracing progs cannot use bpf_spin_lock yet");
            }
        }
        if (sleepable && !usableWhenSleepable(map.type())) {
            throw new VerifyError(Errno.EINVAL,
                    "Sleepable programs can only use array, hash, ringbuf and local storage maps, also as inner maps");
        }
    }

    /**
     * The map types a sleepable program may use (check_map_prog_compatibility): of rqbpf's, the hash and
     * array kinds; not the LPM trie.
     */
    private static boolean usableWhenSleepable(MapType t) {
        return switch (t) {
            case HASH, ARRAY, PERCPU_HASH, PERCPU_ARRAY -> true;
            case LPM_TRIE -> false;
        };
    }
}
