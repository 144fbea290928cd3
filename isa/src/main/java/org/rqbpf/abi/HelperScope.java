package org.rqbpf.abi;

/**
 * Which program types may call a helper: the kernel's {@code *_func_proto} tables, grouped as they fall
 * through to one another ({@code sk_filter_func_proto}, {@code tc_cls_act_func_proto} and
 * {@code xdp_func_proto} end in {@code bpf_sk_base_func_proto}, which ends in {@code bpf_base_func_proto};
 * the tracing types and {@code syscall} in {@code bpf_tracing_func_proto}).
 */
public enum HelperScope {
    /** {@code bpf_base_func_proto} before its capability checks: every program type. */
    BASE,
    /** {@code bpf_base_func_proto} past {@code CAP_BPF} / {@code CAP_PERFMON}: every type, privileged loads. */
    BASE_PRIVILEGED,
    /** {@code bpf_sk_base_func_proto}: socket filters, tc and XDP, privileged loads. */
    SOCKET_BASE_PRIVILEGED,
    /** Socket filters and tc ({@code sk_filter_func_proto}). */
    SKB,
    /** tc only ({@code tc_cls_act_func_proto}). */
    TC,
    /** XDP only ({@code xdp_func_proto}). */
    XDP,
    /** tc and XDP. */
    TC_XDP,
    /** {@code bpf_tracing_func_proto}: kprobe, tracepoint, perf_event and syscall programs. */
    TRACING;

    public boolean allows(ProgramType type, boolean privileged) {
        return switch (this) {
            case BASE -> true;
            case BASE_PRIVILEGED -> privileged;
            case SOCKET_BASE_PRIVILEGED -> privileged && (type == ProgramType.SOCKET_FILTER
                    || type == ProgramType.SCHED_CLS || type == ProgramType.XDP);
            case SKB -> type == ProgramType.SOCKET_FILTER || type == ProgramType.SCHED_CLS;
            case TC -> type == ProgramType.SCHED_CLS;
            case XDP -> type == ProgramType.XDP;
            case TC_XDP -> type == ProgramType.SCHED_CLS || type == ProgramType.XDP;
            case TRACING -> type.isTracing() || type == ProgramType.SYSCALL;
        };
    }
}
