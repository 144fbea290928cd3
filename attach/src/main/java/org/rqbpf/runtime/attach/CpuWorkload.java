package org.rqbpf.runtime.attach;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rqbpf.kernel.Clock;
import org.rqbpf.kernel.CpuContext;
import org.rqbpf.kernel.InterruptSource;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.runtime.load.LoadedProgram;
import org.rqbpf.runtime.MapTable;

/**
 * The simulated kernel's activity on one CPU, run by that CPU's platform thread.
 *
 * <p>Packets, device interrupts and NMIs arrive through the kernel's <em>timed</em> interrupt sources
 * (exponential gaps at the per-CPU rate, delivered at the CPU's next interrupt point): an NMI or hardirq
 * therefore lands wherever the CPU is, inside a running program or inside a map update whose lock is
 * held; packets are softirqs, delivered at the end of task work or on return from a hardirq. Context
 * switches and {@code openat} calls are task work, due at exponential gaps on the same clock, and run
 * from the CPU's loop. Between events the loop idles through interrupt points (yielding the core when
 * there are more simulated CPUs than hardware threads, as a halted CPU would).
 *
 * <p>Packet path: {@code xdp} programs in file order, then {@code tc} programs; a packet one program did
 * not pass ({@code XDP_PASS}, or {@code TC_ACT_OK}/{@code TC_ACT_UNSPEC}) is not seen by later ones, and
 * what a program wrote into the packet is what the next one sees.
 */
final class CpuWorkload implements Runnable {
    private static final int XDP_PASS = 2;
    private static final int TC_ACT_UNSPEC = -1;
    private static final int TC_ACT_OK = 0;

    private final SimCpu cpu;
    private final Attachments programs;
    private final MapTable maps;
    private final AttachOptions options;
    private final EventCounters events;
    private final AtomicBoolean stop;
    private final RunningPrograms running = new RunningPrograms();
    private final Packet packet;
    private final PacketSource packets;
    private final TaskEvents tasks;
    private final InterruptEvents interrupts;
    private final SplittableRandom arrivals;
    private final boolean yieldWhenIdle;

    CpuWorkload(SimCpu cpu, Attachments programs, MapTable maps, AttachOptions options, FlowTable flows,
            EventCounters events, AtomicBoolean stop) {
        this.cpu = cpu;
        this.programs = programs;
        this.maps = maps;
        this.options = options;
        this.events = events;
        this.stop = stop;
        // One stream per CPU and per kind of randomness, so each is reproducible from the seed on its own.
        SplittableRandom root = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + cpu.id());
        this.packet = new Packet(cpu.id());
        this.packets = new PacketSource(flows, root.split());
        this.tasks = new TaskEvents(cpu, root.split());
        this.interrupts = new InterruptEvents(cpu, root.split(), options.rate(EventKind.NMI));
        this.arrivals = root.split();
        this.yieldWhenIdle = options.cpus() > Runtime.getRuntime().availableProcessors();
    }

    SimCpu cpu() {
        return cpu;
    }

    @Override
    public void run() {
        tasks.start();
        install(EventKind.PACKET, this::onPacket);
        install(EventKind.IRQ, this::onIrq);
        install(EventKind.NMI, this::onNmi);
        Clock clock = cpu.machine().clock();
        double switchGap = meanGap(EventKind.SWITCH);
        double openatGap = meanGap(EventKind.OPENAT);
        long now = clock.nanoTime();
        long nextSwitch = now + gap(switchGap);
        long nextOpenat = now + gap(openatGap);
        try {
            while (!stop.get()) {
                now = clock.nanoTime();
                if (switchGap > 0 && now - nextSwitch >= 0) {
                    onSwitch();
                    nextSwitch = now + gap(switchGap);
                }
                if (openatGap > 0 && now - nextOpenat >= 0) {
                    onOpenat();
                    nextOpenat = now + gap(openatGap);
                }
                cpu.interruptPoint();
                cpu.endTaskWork();
                if (yieldWhenIdle) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        } finally {
            cpu.clearInterruptSources();
        }
    }

    private void install(EventKind kind, Runnable handler) {
        double rate = options.rate(kind);
        if (rate > 0) {
            cpu.addInterruptSource(InterruptSource.timed(kind.context(), rate, handler));
        }
    }

    private double meanGap(EventKind kind) {
        double rate = options.rate(kind);
        return rate > 0 ? 1e9 / rate : 0;
    }

    private long gap(double mean) {
        return mean <= 0 ? Long.MAX_VALUE / 4 : Math.max(1L, (long) Math.ceil(-Math.log(1.0 - arrivals.nextDouble()) * mean));
    }

    private void onPacket() {
        // The kernel delivers softirqs back to back while one is pending, and a packet's programs raise
        // the next one at their interrupt points: past the end of the run, drain instead of processing.
        if (stop.get()) {
            return;
        }
        events.count(cpu, EventKind.PACKET);
        AttachedProgram[] xdp = programs.on(Hook.XDP);
        AttachedProgram[] tc = programs.on(Hook.TC);
        if (xdp.length + tc.length == 0) {
            return;
        }
        packets.next(packet);
        for (AttachedProgram p : xdp) {
            if (!passes(p, XDP_PASS, XDP_PASS)) {
                return;
            }
        }
        for (AttachedProgram p : tc) {
            if (!passes(p, TC_ACT_OK, TC_ACT_UNSPEC)) {
                return;
            }
        }
    }

    /** Runs a packet program; false when it dropped, redirected or otherwise consumed the packet. */
    private boolean passes(AttachedProgram p, int pass, int next) {
        LoadedProgram.Outcome o = p.fire(cpu, packet, running);
        if (!o.ran()) {
            return true;
        }
        packet.readBack(p.context(cpu));
        int verdict = (int) o.r0();
        return verdict == pass || verdict == next;
    }

    private void onSwitch() {
        events.count(cpu, EventKind.SWITCH);
        TaskEvents.Switch s = tasks.nextSwitch();
        fireAll(Hook.SCHED_SWITCH, s);
        tasks.switched(s);
    }

    private void onOpenat() {
        events.count(cpu, EventKind.OPENAT);
        fireAll(Hook.SYS_ENTER_OPENAT, tasks.nextOpenat());
    }

    private void onIrq() {
        if (stop.get()) {
            return;
        }
        events.count(cpu, EventKind.IRQ);
        fireAll(Hook.IRQ_HANDLER_ENTRY, interrupts.nextIrq());
    }

    private void onNmi() {
        if (stop.get()) {
            return;
        }
        events.count(cpu, EventKind.NMI);
        fireAll(Hook.PERF_EVENT, interrupts.nextSample(running.innermost()));
    }

    /** A kprobe inside a map update on this CPU (the update's lock is held). */
    void onKprobe(Hook hook, BpfMap map, long flags) {
        AttachedProgram[] on = programs.on(hook);
        if (on.length == 0) {
            return;
        }
        long function = hook == Hook.KPROBE_HTAB_UPDATE ? KprobeHit.HTAB_MAP_UPDATE_ELEM : KprobeHit.TRIE_UPDATE_ELEM;
        fireAll(on, new KprobeHit(function, maps.pointer(map.def().index()), flags));
    }

    /** Runs a setup ({@code syscall}) program once, in task context, with a zeroed context. */
    void runSetup(AttachedProgram p) {
        p.fire(cpu, ctx -> java.util.Arrays.fill(ctx.ctx().bytes(), (byte) 0), running);
    }

    private void fireAll(Hook hook, HookEvent e) {
        fireAll(programs.on(hook), e);
    }

    private void fireAll(AttachedProgram[] on, HookEvent e) {
        for (AttachedProgram p : on) {
            p.fire(cpu, e, running);
        }
    }

    /** The per-CPU event counters (delivered events, by kind). */
    static final class EventCounters {
        private final PerCpuCounters counts;

        EventCounters(int cpus) {
            counts = new PerCpuCounters(cpus, EventKind.values().length);
        }

        void count(SimCpu cpu, EventKind kind) {
            counts.add(cpu.id(), kind.ordinal(), 1);
        }

        long total(EventKind kind) {
            return counts.sum(kind.ordinal());
        }

        long total() {
            long s = 0;
            for (EventKind k : EventKind.values()) {
                s += total(k);
            }
            return s;
        }
    }
}
