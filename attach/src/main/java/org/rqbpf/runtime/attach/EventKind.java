package org.rqbpf.runtime.attach;

import java.util.Locale;
import org.rqbpf.kernel.CpuContext;

/**
 * The events of the simulated workload, each arriving on every CPU at its own rate (per CPU per second),
 * and the context it arrives in. The defaults are in the range of a busy server: a NIC queue at 50 k
 * packets/s, a few thousand context switches, device interrupts at 1 kHz and {@code perf}'s default
 * sampling frequency of 4 kHz.
 */
public enum EventKind {
    /** A received packet: {@code xdp} then {@code tc} programs, in softirq (NET_RX). */
    PACKET("packet", CpuContext.SOFTIRQ, 50_000),
    /** A context switch: {@code tp/sched/sched_switch}, in task context. */
    SWITCH("switch", CpuContext.TASK, 2_000),
    /** An {@code openat} system call: {@code tp/syscalls/sys_enter_openat}, in task context. */
    OPENAT("openat", CpuContext.TASK, 500),
    /** A device interrupt: {@code tp/irq/irq_handler_entry}, in hardirq. */
    IRQ("irq", CpuContext.HARDIRQ, 1_000),
    /** A sampling NMI: {@code perf_event} programs, in NMI context. */
    NMI("nmi", CpuContext.NMI, 4_000);

    private final String label;
    private final CpuContext context;
    private final double defaultRate;

    EventKind(String label, CpuContext context, double defaultRate) {
        this.label = label;
        this.context = context;
        this.defaultRate = defaultRate;
    }

    /** The name the {@code --rate} option uses. */
    public String label() {
        return label;
    }

    /** The context the event's programs run in. */
    public CpuContext context() {
        return context;
    }

    /** Default arrivals per CPU per second. */
    public double defaultRate() {
        return defaultRate;
    }

    /** The event named {@code label} (case-insensitive), or null. */
    public static EventKind byLabel(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        for (EventKind k : values()) {
            if (k.label.equals(l)) {
                return k;
            }
        }
        return null;
    }
}
