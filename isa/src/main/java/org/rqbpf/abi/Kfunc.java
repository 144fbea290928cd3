package org.rqbpf.abi;

/**
 * The kfuncs of runtime.md: the resilient-lock and IRQ-flag functions. The id is the {@code imm} of an
 * encoded {@code call} with {@code src_reg = BPF_PSEUDO_KFUNC_CALL}. Their argument rules are in
 * verifier-rules.md (they are checked by dedicated code, not by a generic prototype).
 */
public enum Kfunc {
    RES_SPIN_LOCK(1, "bpf_res_spin_lock", 1, true),
    RES_SPIN_UNLOCK(2, "bpf_res_spin_unlock", 1, false),
    RES_SPIN_LOCK_IRQSAVE(3, "bpf_res_spin_lock_irqsave", 2, true),
    RES_SPIN_UNLOCK_IRQRESTORE(4, "bpf_res_spin_unlock_irqrestore", 2, false),
    LOCAL_IRQ_SAVE(5, "bpf_local_irq_save", 1, false),
    LOCAL_IRQ_RESTORE(6, "bpf_local_irq_restore", 1, false);

    private final int id;
    private final String fname;
    private final int argCount;
    private final boolean returnsInt;

    Kfunc(int id, String fname, int argCount, boolean returnsInt) {
        this.id = id;
        this.fname = fname;
        this.argCount = argCount;
        this.returnsInt = returnsInt;
    }

    public int id() {
        return id;
    }

    public String fname() {
        return fname;
    }

    public int argCount() {
        return argCount;
    }

    /** True for the two lock kfuncs ({@code int}); the others are {@code void}. */
    public boolean returnsInt() {
        return returnsInt;
    }

    public static Kfunc byId(int id) {
        for (Kfunc k : values()) {
            if (k.id == id) {
                return k;
            }
        }
        return null;
    }

    public static Kfunc byName(String name) {
        for (Kfunc k : values()) {
            if (k.fname.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
