package org.rqbpf.runtime.attach;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.rqbpf.runtime.load.Backend;

/**
 * How to run {@code attach}: CPU count, duration, seed, per-CPU event rates (0 turns an event off) and
 * the back end.
 */
public record AttachOptions(int cpus, Duration duration, long seed, Map<EventKind, Double> rates, Backend backend) {
    /** Most CPUs the CLI accepts (runtime.md). */
    public static final int MAX_CPUS = 64;

    public AttachOptions {
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw new IllegalArgumentException("CPU count must be 1.." + MAX_CPUS + ": " + cpus);
        }
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive: " + duration);
        }
        EnumMap<EventKind, Double> all = new EnumMap<>(EventKind.class);
        for (EventKind k : EventKind.values()) {
            all.put(k, k.defaultRate());
        }
        all.putAll(rates);
        for (Map.Entry<EventKind, Double> e : all.entrySet()) {
            double r = e.getValue();
            if (!(r >= 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("rate of " + e.getKey().label() + " must be a finite number >= 0: " + r);
            }
        }
        rates = java.util.Collections.unmodifiableMap(all);
        Objects.requireNonNull(backend, "backend");
    }

    /** 4 CPUs, 5 s, seed 0, default rates, the interpreter. */
    public static AttachOptions defaults() {
        return new AttachOptions(4, Duration.ofSeconds(5), 0, Map.of(), Backend.INTERPRETER);
    }

    /** The rate of {@code kind} per CPU per second. */
    public double rate(EventKind kind) {
        return rates.get(kind);
    }

    public AttachOptions withCpus(int n) {
        return new AttachOptions(n, duration, seed, rates, backend);
    }

    public AttachOptions withDuration(Duration d) {
        return new AttachOptions(cpus, d, seed, rates, backend);
    }

    public AttachOptions withSeed(long s) {
        return new AttachOptions(cpus, duration, s, rates, backend);
    }

    /** These options with {@code kind} at {@code perSecond} per CPU. */
    public AttachOptions withRate(EventKind kind, double perSecond) {
        EnumMap<EventKind, Double> r = new EnumMap<>(rates);
        r.put(kind, perSecond);
        return new AttachOptions(cpus, duration, seed, r, backend);
    }
}
