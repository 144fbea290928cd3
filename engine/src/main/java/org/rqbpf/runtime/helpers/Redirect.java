package org.rqbpf.runtime.helpers;

import org.rqbpf.abi.ProgramType;
import org.rqbpf.runtime.NativeFunction;

/**
 * {@code bpf_redirect(ifindex, flags)}: records nothing rqbpf could act on (it has no devices) and returns
 * the verdict the program should return, as the kernel does: tc {@code TC_ACT_REDIRECT} (7) or, for flags
 * other than {@code BPF_F_INGRESS}, {@code TC_ACT_SHOT} (2); XDP {@code XDP_REDIRECT} (4) or, for any
 * flags, {@code XDP_ABORTED} (0).
 */
final class Redirect {
    private static final long BPF_F_INGRESS = 1;
    private static final int TC_ACT_SHOT = 2, TC_ACT_REDIRECT = 7, XDP_ABORTED = 0, XDP_REDIRECT = 4;

    private Redirect() {}

    static final NativeFunction REDIRECT = (run, ifindex, flags, c, d, e) -> {
        if (run.type() == ProgramType.XDP) {
            return flags != 0 ? XDP_ABORTED : XDP_REDIRECT;
        }
        return (flags & ~BPF_F_INGRESS) != 0 ? TC_ACT_SHOT : TC_ACT_REDIRECT;
    };
}
