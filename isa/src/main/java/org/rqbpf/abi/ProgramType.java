package org.rqbpf.abi;

import static org.rqbpf.abi.CtxField.pkt;
import static org.rqbpf.abi.CtxField.ro;
import static org.rqbpf.abi.CtxField.rw;

import java.util.List;

/**
 * Program types of the hook catalogue (runtime.md) with their context layouts.
 *
 * <p>Field-structured contexts ({@link #fieldsOnly()} true: {@code __sk_buff}, {@code xdp_md}) are
 * accessed field by field, as each type's {@code is_valid_access} in the kernel allows (the verifier's
 * {@code ContextAccess}); stores go only to writable fields. Record contexts (tracepoints, {@code pt_regs}, {@code bpf_perf_event_data}, syscall) allow any aligned
 * read of 1, 2, 4 or 8 bytes inside {@link #ctxSize()} and no writes.
 */
public enum ProgramType {
    SOCKET_FILTER(1, "socket_filter", ExecContext.SOFTIRQ, Layouts.SK_BUFF_SIZE, true, false, Layouts.skBuff(false)),
    KPROBE(2, "kprobe", ExecContext.CALLER, 168, false, true, List.of()),
    SCHED_CLS(3, "sched_cls", ExecContext.SOFTIRQ, Layouts.SK_BUFF_SIZE, true, false, Layouts.skBuff(true)),
    TRACEPOINT(5, "tracepoint", ExecContext.TASK, 64, false, true, List.of()),
    XDP(6, "xdp", ExecContext.SOFTIRQ, 24, true, false, Layouts.xdpMd()),
    PERF_EVENT(7, "perf_event", ExecContext.NMI, 184, false, true, List.of()),
    SYSCALL(31, "syscall", ExecContext.TASK, 64, false, false, List.of());

    private final int id;
    private final String kernelName;
    private final ExecContext context;
    private final int ctxSize;
    private final boolean fieldsOnly;
    private final boolean tracing;
    private final List<CtxField> fields;

    ProgramType(int id, String kernelName, ExecContext context, int ctxSize, boolean fieldsOnly, boolean tracing,
            List<CtxField> fields) {
        this.id = id;
        this.kernelName = kernelName;
        this.context = context;
        this.ctxSize = ctxSize;
        this.fieldsOnly = fieldsOnly;
        this.tracing = tracing;
        this.fields = fields;
    }

    /** UAPI {@code BPF_PROG_TYPE_*} value. */
    public int id() {
        return id;
    }

    /** Lower-case kernel name, e.g. {@code sched_cls}. */
    public String kernelName() {
        return kernelName;
    }

    /** The context programs of this type run in ({@link ExecContext#CALLER} for kprobes). */
    public ExecContext context() {
        return context;
    }

    /** Size of the default (zeroed) context, and the bound of record contexts. */
    public int ctxSize() {
        return ctxSize;
    }

    public boolean fieldsOnly() {
        return fieldsOnly;
    }

    /** KPROBE, TRACEPOINT, PERF_EVENT: may not use maps holding a lock (verifier-rules.md §3.3). */
    public boolean isTracing() {
        return tracing;
    }

    /** True for the types whose context carries a packet ({@code tc}, {@code xdp}, {@code socket}). */
    public boolean hasPacket() {
        return this == SCHED_CLS || this == XDP || this == SOCKET_FILTER;
    }

    public List<CtxField> fields() {
        return fields;
    }

    /** The field containing byte {@code off}, or null. */
    public CtxField fieldAt(int off) {
        for (CtxField f : fields) {
            if (off >= f.offset() && off < f.offset() + f.size()) {
                return f;
            }
        }
        return null;
    }

    /**
     * The program type of a {@code SEC} name (without a leading {@code ?}), or null when the section names
     * no known hook.
     */
    /**
     * Whether libbpf loads a program of {@code section} sleepable ({@code BPF_F_SLEEPABLE}): {@code syscall}
     * and the {@code .s} forms ({@code fentry.s/}, {@code lsm.s/}, {@code uprobe.s}, ...).
     */
    public static boolean isSleepableSection(String section) {
        String sec = section.startsWith("?") ? section.substring(1) : section;
        return sec.equals("syscall") || sec.contains(".s/") || sec.endsWith(".s");
    }

    public static ProgramType forSection(String section) {
        return switch (section) {
            case "tc", "classifier" -> SCHED_CLS;
            case "xdp" -> XDP;
            case "perf_event" -> PERF_EVENT;
            case "syscall" -> SYSCALL;
            case "socket" -> SOCKET_FILTER;
            case "tp/sched/sched_switch", "tp/syscalls/sys_enter_openat", "tp/irq/irq_handler_entry" -> TRACEPOINT;
            default -> section.startsWith("kprobe/") && section.length() > "kprobe/".length() ? KPROBE : null;
        };
    }

    private static final class Layouts {
        /** {@code sizeof(struct __sk_buff)} in Linux 6.18's UAPI. */
        static final int SK_BUFF_SIZE = 192;

        /**
         * {@code struct __sk_buff}, every field at its UAPI offset; {@code tc} may write mark, queue_mapping,
         * priority, tc_index, cb, tc_classid and tstamp, a socket filter only cb (tc_cls_act_is_valid_access,
         * sk_filter_is_valid_access).
         */
        static List<CtxField> skBuff(boolean tc) {
            return List.of(
                    ro("len", 0, 4), ro("pkt_type", 4, 4), tcWritable(tc, "mark", 8, 4),
                    tcWritable(tc, "queue_mapping", 12, 4), ro("protocol", 16, 4), ro("vlan_present", 20, 4),
                    ro("vlan_tci", 24, 4), ro("vlan_proto", 28, 4), tcWritable(tc, "priority", 32, 4),
                    ro("ingress_ifindex", 36, 4), ro("ifindex", 40, 4), tcWritable(tc, "tc_index", 44, 4),
                    rw("cb", 48, 20), ro("hash", 68, 4), tcWritable(tc, "tc_classid", 72, 4),
                    pkt("data", 76, CtxField.Kind.PACKET), pkt("data_end", 80, CtxField.Kind.PACKET_END),
                    ro("napi_id", 84, 4), ro("family", 88, 4), ro("remote_ip4", 92, 4), ro("local_ip4", 96, 4),
                    ro("remote_ip6", 100, 16), ro("local_ip6", 116, 16), ro("remote_port", 132, 4),
                    ro("local_port", 136, 4), pkt("data_meta", 140, CtxField.Kind.PACKET_META),
                    ro("flow_keys", 144, 8), tcWritable(tc, "tstamp", 152, 8), ro("wire_len", 160, 4),
                    ro("gso_segs", 164, 4), ro("sk", 168, 8), ro("gso_size", 176, 4), ro("tstamp_type", 180, 1),
                    ro("hwtstamp", 184, 8));
        }

        private static CtxField tcWritable(boolean tc, String name, int offset, int size) {
            return tc ? rw(name, offset, size) : ro(name, offset, size);
        }

        /** {@code struct xdp_md}; {@code egress_ifindex} is for devmap programs only. */
        static List<CtxField> xdpMd() {
            return List.of(
                    pkt("data", 0, CtxField.Kind.PACKET), pkt("data_end", 4, CtxField.Kind.PACKET_END),
                    pkt("data_meta", 8, CtxField.Kind.PACKET_META), ro("ingress_ifindex", 12, 4),
                    ro("rx_queue_index", 16, 4), ro("egress_ifindex", 20, 4));
        }
    }
}
