package org.rqbpf.runtime.attach;

import org.rqbpf.maps.MapHooks;

/**
 * The attach points of the hook catalogue (runtime.md) and the section names that select them.
 * {@code syscall} programs are not fired by an event: {@code attach} test-runs each of them once on CPU 0
 * before the workload starts, as a user-space loader initialises maps through {@code BPF_PROG_TEST_RUN};
 * {@code socket} programs have no hook here and are loaded and verified but not attached.
 */
public enum Hook {
    /** A received packet, in softirq, before {@code tc}. */
    XDP("xdp"),
    /** A received packet, in softirq, after {@code xdp} passed it ({@code classifier} too). */
    TC("tc"),
    /** A context switch, in task context. */
    SCHED_SWITCH("tp/sched/sched_switch"),
    /** An {@code openat} system call, in task context. */
    SYS_ENTER_OPENAT("tp/syscalls/sys_enter_openat"),
    /** A device interrupt, in hardirq. */
    IRQ_HANDLER_ENTRY("tp/irq/irq_handler_entry"),
    /** A sampling NMI. */
    PERF_EVENT("perf_event"),
    /** Inside a hash map update, on the updating CPU, with the bucket lock held. */
    KPROBE_HTAB_UPDATE("kprobe/" + MapHooks.Point.HTAB_MAP_UPDATE_ELEM.function()),
    /** Inside an LPM trie update, on the updating CPU, with the trie lock held. */
    KPROBE_TRIE_UPDATE("kprobe/" + MapHooks.Point.TRIE_UPDATE_ELEM.function()),
    /** Not an event: run once on CPU 0 before the workload. */
    SETUP("syscall");

    private final String section;

    Hook(String section) {
        this.section = section;
    }

    /** The canonical {@code SEC} name. */
    public String section() {
        return section;
    }

    /** The map-update point of a kprobe hook, else null. */
    public MapHooks.Point kprobePoint() {
        return switch (this) {
            case KPROBE_HTAB_UPDATE -> MapHooks.Point.HTAB_MAP_UPDATE_ELEM;
            case KPROBE_TRIE_UPDATE -> MapHooks.Point.TRIE_UPDATE_ELEM;
            default -> null;
        };
    }

    /** The hook a section (without a leading {@code ?}) names, or null when attach has none for it. */
    public static Hook forSection(String section) {
        if (section.equals("classifier")) {
            return TC;
        }
        for (Hook h : values()) {
            if (h.section.equals(section)) {
                return h;
            }
        }
        return null;
    }
}
