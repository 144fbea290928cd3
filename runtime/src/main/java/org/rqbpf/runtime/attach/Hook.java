package org.rqbpf.runtime.attach;

import org.rqbpf.maps.MapHooks;

/**
 * The attach points of the hook catalogue (runtime.md) and the section names that select them.
 * {@code syscall} programs are not fired by an event: {@code attach} test-runs each of them once on CPU 0
 * before the workload starts, as a user-space loader initialises maps through {@code BPF_PROG_TEST_RUN};
 * {@code socket} programs have no hook here and are loaded and verified but not attached.
 */
public enum Hook {
    XDP("xdp", EventKind.PACKET),
    TC("tc", EventKind.PACKET),
    SCHED_SWITCH("tp/sched/sched_switch", EventKind.SWITCH),
    SYS_ENTER_OPENAT("tp/syscalls/sys_enter_openat", EventKind.OPENAT),
    IRQ_HANDLER_ENTRY("tp/irq/irq_handler_entry", EventKind.IRQ),
    PERF_EVENT("perf_event", EventKind.NMI),
    KPROBE_HTAB_UPDATE("kprobe/" + MapHooks.Point.HTAB_MAP_UPDATE_ELEM.function(), null),
    KPROBE_TRIE_UPDATE("kprobe/" + MapHooks.Point.TRIE_UPDATE_ELEM.function(), null),
    SETUP("syscall", null);

    private final String section;
    private final EventKind event;

    Hook(String section, EventKind event) {
        this.section = section;
        this.event = event;
    }

    /** The canonical {@code SEC} name. */
    public String section() {
        return section;
    }

    /** The workload event that fires it, or null (kprobes fire inside map updates; setup runs once). */
    public EventKind event() {
        return event;
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
