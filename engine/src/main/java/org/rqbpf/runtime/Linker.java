package org.rqbpf.runtime;

import org.rqbpf.isa.Bpf;
import org.rqbpf.isa.RawInsn;

/**
 * What a program image is linked against: its helper and kfunc tables and the addresses behind the
 * {@code ld_imm64} pseudo forms. The loader links against a file's maps and the runtime's helpers; the
 * conformance runner against its own helper table and no maps.
 */
public interface Linker {
    /** The helper with UAPI id {@code id} ({@code call N}, and {@code callx} at run time), or null. */
    NativeFunction helper(int id);

    /**
     * The helper {@code id} at a call the verifier proved to take map {@code mapIndex} on every path
     * ({@link ProgramImage#callMaps}). A linker may bind it to that map, as Linux's JIT calls the map's own
     * lookup; the default is {@link #helper}.
     */
    default NativeFunction helperFor(int id, int mapIndex) {
        return helper(id);
    }

    /** The kfunc with id {@code id} ({@code call} with {@code src_reg = BPF_PSEUDO_KFUNC_CALL}), or null. */
    NativeFunction kfunc(int id);

    /**
     * The map pointer of {@code rD = MAP ll} (map index {@code index}).
     *
     * @throws IllegalArgumentException if there is no such map
     */
    long mapPointer(int index);

    /**
     * The address of byte {@code offset} of map {@code index}'s first value ({@code rD = GLOBAL ll}).
     *
     * @throws IllegalArgumentException if there is no such map or the offset is outside its value
     */
    long mapValueAddress(int index, int offset);

    /**
     * The 64-bit value an {@code ld_imm64} pair ({@code lo}, {@code hi}) loads: its immediate, a map
     * pointer or a map value address, by {@code lo}'s pseudo source register. Both back ends resolve the
     * pair here, once, when they prepare an image.
     *
     * @throws IllegalArgumentException for an unknown pseudo source or a map reference that does not link
     */
    default long ldImm64(RawInsn lo, RawInsn hi) {
        return switch (lo.src()) {
            case 0 -> (lo.imm() & 0xffff_ffffL) | ((long) hi.imm() << 32);
            case Bpf.PSEUDO_MAP_FD, Bpf.PSEUDO_MAP_IDX -> mapPointer(lo.imm());
            case Bpf.PSEUDO_MAP_VALUE, Bpf.PSEUDO_MAP_IDX_VALUE -> mapValueAddress(lo.imm(), hi.imm());
            default -> throw new IllegalArgumentException("invalid ldimm64 src_reg " + lo.src());
        };
    }
}
