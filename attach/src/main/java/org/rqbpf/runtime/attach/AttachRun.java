package org.rqbpf.runtime.attach;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.rqbpf.abi.Errno;
import org.rqbpf.kernel.CpuThread;
import org.rqbpf.kernel.SimCpu;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.maps.MapHooks;
import org.rqbpf.program.BpfProgram;
import org.rqbpf.program.MapFlags;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.load.LoadException;
import org.rqbpf.runtime.load.LoadOptions;
import org.rqbpf.runtime.load.LoadedFile;
import org.rqbpf.runtime.load.Loader;

/**
 * {@code attach} (runtime.md "Running programs"): loads and verifies every program of a file on a fresh
 * simulated kernel, attaches each to its hook, test-runs the {@code syscall} (setup) programs once on CPU
 * 0, then runs the workload on one platform thread per CPU for the duration, sampling progress once a
 * second, and reports.
 */
public final class AttachRun {
    private static final long PROGRESS_NANOS = 1_000_000_000L;

    /** The report, and the loaded file whose maps hold what the programs left (for dumps and tests). */
    public record Result(AttachReport report, LoadedFile file) {}

    private final Program program;
    private final AttachOptions options;
    private final SimMachine machine;
    private final Map<String, ErrnoCounts> errnos = new HashMap<>();
    private final CpuWorkload.EventCounters events;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private LoadedFile file;
    private Attachments attachments;

    private AttachRun(Program program, AttachOptions options) {
        this.program = program;
        this.options = options;
        this.machine = SimMachine.builder().cpus(options.cpus()).seed(options.seed()).build();
        this.events = new CpuWorkload.EventCounters(options.cpus());
    }

    /**
     * Runs {@code program} under the workload.
     *
     * @param progress called about once a second from the calling thread, or null
     * @throws AttachException if a program has no hook here (checked before anything is loaded)
     * @throws LoadException if the file does not load or the verifier rejects a program
     * @throws IllegalStateException if a CPU thread failed or did not stop (a bug in rqbpf)
     */
    public static Result run(Program program, AttachOptions options, Consumer<Progress> progress)
            throws AttachException, LoadException, InterruptedException {
        return run(program, options, List.of(), progress);
    }

    /**
     * Runs {@code program} under the workload after writing {@code updates} into its maps from user
     * space (a task on CPU 0, before the setup programs run), in order.
     *
     * @throws AttachException also if an update names no map of the file, has the wrong sizes, or fails
     */
    public static Result run(Program program, AttachOptions options, List<MapUpdate> updates, Consumer<Progress> progress)
            throws AttachException, LoadException, InterruptedException {
        Attachments.check(program);
        return new AttachRun(program, options).execute(updates, progress);
    }

    private Result execute(List<MapUpdate> updates, Consumer<Progress> progress)
            throws AttachException, LoadException, InterruptedException {
        for (BpfProgram p : program.programs()) {
            errnos.put(p.name(), new ErrnoCounts(options.cpus()));
        }
        LoadOptions load = LoadOptions.defaults().withBackend(new ErrnoCountingBackend(options.backend(), errnos));
        file = Loader.load(machine, program, null, load);
        attachments = Attachments.of(file, errnos);
        FlowTable flows = new FlowTable(options.seed(), FlowTable.DEFAULT_FLOWS);
        CpuWorkload[] cpus = new CpuWorkload[options.cpus()];
        for (int i = 0; i < cpus.length; i++) {
            cpus[i] = new CpuWorkload(machine.cpu(i), attachments, file.maps(), options, flows, events, stop);
        }
        List<MapHooks.Registration> probes = registerKprobes(cpus);
        try {
            String[] failed = {null};
            machine.cpu(0).run(() -> {
                failed[0] = writeUpdates(updates);
                if (failed[0] != null) {
                    return;
                }
                for (AttachedProgram p : attachments.on(Hook.SETUP)) {
                    cpus[0].runSetup(p);
                }
            });
            if (failed[0] != null) {
                throw new AttachException(failed[0]);
            }
            long elapsed = runWorkload(cpus, progress);
            return new Result(new ReportBuilder(options, machine, file, attachments, events).build(program.fileName(),
                    elapsed), file);
        } finally {
            probes.forEach(MapHooks.Registration::close);
        }
    }

    /** Writes the updates on this CPU (task context); returns why the first bad one failed, or null. */
    private String writeUpdates(List<MapUpdate> updates) {
        for (MapUpdate u : updates) {
            BpfMap map = file.maps().byName(u.map());
            if (map == null) {
                return u.where() + ": no map named '" + u.map() + "' in " + program.fileName();
            }
            if (u.key().length != map.keySize()) {
                return u.where() + ": the key of map '" + u.map() + "' has " + map.keySize() + " bytes, not " + u.key().length;
            }
            byte[] value = hostValue(map, u.value());
            if (value == null) {
                return u.where() + ": the value of map '" + u.map() + "' has " + map.valueSize() + " bytes"
                        + (map.type().isPerCpu() ? " (or " + map.hostValueSize() + " for all CPUs)" : "") + ", not "
                        + u.value().length;
            }
            if ((map.def().flags() & MapFlags.BPF_F_RDONLY) != 0) {
                return u.where() + ": updating map '" + u.map() + "' failed with EPERM (it is BPF_F_RDONLY to user space)";
            }
            int r = map.update(u.key(), value, u.flags());
            if (r != 0) {
                return u.where() + ": updating map '" + u.map() + "' failed with " + Errno.name(-r);
            }
        }
        return null;
    }

    /** The value as the host interface takes it: a per-CPU map's one-CPU value copied to every CPU. */
    private static byte[] hostValue(BpfMap map, byte[] value) {
        if (value.length == map.hostValueSize()) {
            return value;
        }
        if (!map.type().isPerCpu() || value.length != map.valueSize()) {
            return null;
        }
        byte[] all = new byte[map.hostValueSize()];
        int stride = (map.valueSize() + 7) & ~7;
        for (int at = 0; at + stride <= all.length; at += stride) {
            System.arraycopy(value, 0, all, at, value.length);
        }
        return all;
    }

    private List<MapHooks.Registration> registerKprobes(CpuWorkload[] cpus) {
        List<MapHooks.Registration> out = new ArrayList<>();
        for (Hook h : Hook.values()) {
            if (h.kprobePoint() != null && attachments.on(h).length > 0) {
                out.add(file.hooks().register(h.kprobePoint(),
                        (map, key, keyOff, value, valueOff, flags) -> cpus[SimCpu.current().id()].onKprobe(h, map, flags)));
            }
        }
        return out;
    }

    /** Runs the CPU threads for the duration; returns the nanoseconds they ran. */
    private long runWorkload(CpuWorkload[] cpus, Consumer<Progress> progress) throws InterruptedException {
        List<CpuThread> threads = new ArrayList<>();
        for (CpuWorkload w : cpus) {
            threads.add(w.cpu().newThread("rqbpf-cpu-" + w.cpu().id(), () -> guarded(w)));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        long end = start + options.duration().toNanos();
        long nextTick = start + PROGRESS_NANOS;
        long lastEvents = 0;
        long lastTime = start;
        try {
            for (;;) {
                long now = System.nanoTime();
                if (now - end >= 0 || stop.get()) {
                    break;
                }
                long wake = Math.min(end, nextTick);
                TimeUnit.NANOSECONDS.sleep(Math.max(1, Math.min(wake - now, 50_000_000L)));
                now = System.nanoTime();
                if (now - nextTick >= 0 && now - end < 0) {
                    long ev = events.total();
                    if (progress != null) {
                        progress.accept(progress(now - start, (ev - lastEvents) * 1e9 / (now - lastTime), ev));
                    }
                    lastEvents = ev;
                    lastTime = now;
                    nextTick += PROGRESS_NANOS;
                }
            }
        } finally {
            stop.set(true);
        }
        long elapsed = System.nanoTime() - start;
        join(threads);
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("a simulated CPU failed: " + t, t);
        }
        return elapsed;
    }

    private void guarded(CpuWorkload w) {
        try {
            w.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            stop.set(true);
        }
    }

    /** Waits for every CPU; a CPU may be finishing a lock wait, which ends by its timeout at the latest. */
    private void join(List<CpuThread> threads) throws InterruptedException {
        long budget = TimeUnit.SECONDS.toNanos(10) + 4 * machine.config().headTimeoutNanos();
        long deadline = System.nanoTime() + budget;
        for (CpuThread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop within "
                        + TimeUnit.NANOSECONDS.toMillis(budget) + " ms of the end of the run");
            }
        }
    }

    private Progress progress(long elapsed, double eventsPerSecond, long totalEvents) {
        long runs = 0;
        long edeadlk = 0;
        long etimedout = 0;
        for (AttachedProgram p : attachments.all()) {
            runs += p.program().runs();
            edeadlk += p.errnos().get(Errno.EDEADLK);
            etimedout += p.errnos().get(Errno.ETIMEDOUT);
        }
        long ops = 0;
        for (BpfMap m : file.maps().maps()) {
            ops += m.stats().operations();
        }
        return new Progress(elapsed, eventsPerSecond, totalEvents, runs, ops, edeadlk, etimedout);
    }
}
