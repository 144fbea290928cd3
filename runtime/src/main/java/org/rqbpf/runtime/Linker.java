package org.rqbpf.runtime;

/**
 * What a program image is linked against: its helper and kfunc tables and the addresses behind the
 * {@code ld_imm64} pseudo forms. The loader links against a file's maps and the runtime's helpers; the
 * conformance runner against its own helper table and no maps.
 */
public interface Linker {
    /** The helper with UAPI id {@code id} ({@code call N}, and {@code callx} at run time), or null. */
    NativeFunction helper(int id);

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
}
