package org.rqbpf.program;

/** The two lock types a map value or data section may hold (4 bytes, align 4). */
public enum LockKind {
    /** {@code struct bpf_res_spin_lock}: the resilient lock behind the {@code bpf_res_spin_lock*} kfuncs. */
    RES_SPIN_LOCK("bpf_res_spin_lock"),
    /** {@code struct bpf_spin_lock}: the plain lock behind helpers 93 and 94. */
    SPIN_LOCK("bpf_spin_lock");

    private final String typeName;

    LockKind(String typeName) {
        this.typeName = typeName;
    }

    /** The C struct tag, e.g. {@code bpf_res_spin_lock} (messages print {@code 'struct bpf_res_spin_lock'}). */
    public String typeName() {
        return typeName;
    }
}
