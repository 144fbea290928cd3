package org.rqbpf.verifier.engine;

import org.rqbpf.abi.Errno;
import org.rqbpf.verifier.VerifyError;
import org.rqbpf.verifier.state.Ref;
import org.rqbpf.verifier.state.RefKind;
import org.rqbpf.verifier.state.VState;

/** Rules X1, X2, X3 at the {@code exit} of a main frame (verifier-rules.md §8), in that order. */
final class ExitRules {
    private static final String PREFIX = "BPF_EXIT instruction in main prog";

    private ExitRules() {}

    /** The kernel's {@code check_reference_leak} lines: one per acquired pointer not released. */
    static String unreleased(VState st) {
        StringBuilder leaks = new StringBuilder();
        for (Ref r : st.refs) {
            if (r.kind() == RefKind.PTR) {
                leaks.append("Unreleased reference id=").append(r.id()).append(" alloc_insn=").append(r.insn()).append('\n');
            }
        }
        return leaks.toString();
    }

    static void checkMainExit(VState st) throws VerifyError {
        if (st.activeLocks() > 0) {
            throw new VerifyError(PREFIX + " cannot be used inside bpf_spin_lock-ed region");
        }
        String leaks = unreleased(st);
        if (!leaks.isEmpty()) {
            throw new VerifyError(Errno.EINVAL, leaks + PREFIX + " would lead to reference leak");
        }
        if (st.activeIrq() != null) {
            throw new VerifyError(PREFIX + " cannot be used inside bpf_local_irq_save-ed region");
        }
    }
}
