package org.rqbpf.verifier.check;

import static org.rqbpf.isa.Bpf.*;

import java.util.List;
import org.rqbpf.abi.Errno;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.isa.InsnTable;
import org.rqbpf.isa.RawInsn;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapType;
import org.rqbpf.program.Program;
import org.rqbpf.verifier.VerifyError;

/**
 * The load-time pass over every instruction, in order (the kernel's {@code resolve_pseudo_ldimm64}):
 * LDX modes, opcodes Linux knows ({@link InsnTable#inLinuxTable}), intact {@code ll} pairs, valid map
 * references, and rule T1 of verifier-rules.md §3.3 for every referenced map holding a lock (dead code
 * included).
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
            if (cls(in.opcode()) == LDX && (mode(in.opcode()) != MEM && mode(in.opcode()) != MEMSX || in.imm() != 0)) {
                throw new VerifyError("BPF_LDX uses reserved fields");
            }
            if (in.isLdImm64()) {
                checkLdImm64(file, insns, i, type, sleepable);
                i++;
            } else if (!InsnTable.inLinuxTable(in.opcode())) {
                throw new VerifyError(String.format("unknown opcode %02x", in.opcode()));
            }
        }
    }

    private static void checkLdImm64(Program file, List<RawInsn> insns, int i, ProgramType type, boolean sleepable)
            throws VerifyError {
        RawInsn in = insns.get(i);
        if (i == insns.size() - 1 || !InsnTable.isLdImm64SecondSlot(insns.get(i + 1)) || in.off() != 0) {
            throw new VerifyError("invalid bpf_ld_imm64 insn");
        }
        RawInsn hi = insns.get(i + 1);
        switch (in.src()) {
            case 0 -> { }
            case PSEUDO_MAP_IDX, PSEUDO_MAP_IDX_VALUE -> checkMap(file, in, hi, type, sleepable);
            case PSEUDO_MAP_FD, PSEUDO_MAP_VALUE -> {
                if (in.src() == PSEUDO_MAP_FD && hi.imm() != 0) {
                    throw new VerifyError("unrecognized bpf_ld_imm64 insn");
                }
                // rqbpf has no file descriptors: files name their maps by index (BPF_PSEUDO_MAP_IDX, as
                // fd_array does), so an fd never names one. EINVAL, as for an open fd that is not a map.
                throw new VerifyError(Errno.EINVAL, "fd " + in.imm() + " is not pointing to valid bpf_map");
            }
            default -> throw new VerifyError("unrecognized bpf_ld_imm64 insn");
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
