package org.rqbpf.kernel.locking;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable lock configuration (rqspinlock.md §11): timeouts, ABBA scan interval, algorithm and wait
 * policy. The global default ({@link #getDefault()}) starts from {@link #defaults()} overridden by the
 * system properties {@code rqbpf.lock.pendingTimeoutMs}, {@code rqbpf.lock.headTimeoutMs},
 * {@code rqbpf.lock.tasTimeoutMs} and {@code rqbpf.lock.waitMode}, and applies to locks created after
 * {@link #setDefault(RqConfig)}.
 */
public final class RqConfig {
    /** {@code RES_DEF_TIMEOUT}: 250 ms. */
    public static final long RES_DEF_TIMEOUT_NANOS = 250_000_000L;
    /** TAS budget: 1 s. */
    public static final long TAS_TIMEOUT_NANOS = 1_000_000_000L;
    /** Minimum spacing of ABBA scans: 1 ms. */
    public static final long ABBA_INTERVAL_NANOS = 1_000_000L;

    private static final RqConfig SPEC_DEFAULTS = new Builder().build();
    private static volatile RqConfig globalDefault = fromSystemProperties();

    private final long pendingTimeoutNanos;
    private final long headTimeoutNanos;
    private final long tasTimeoutNanos;
    private final long abbaIntervalNanos;
    private final Algorithm algorithm;
    private final WaitPolicy waitPolicy;

    private RqConfig(Builder b) {
        this.pendingTimeoutNanos = b.pending;
        this.headTimeoutNanos = b.head > 0 ? b.head : 2 * b.pending;
        this.tasTimeoutNanos = b.tas;
        this.abbaIntervalNanos = b.abba;
        this.algorithm = b.algorithm;
        this.waitPolicy = b.policy;
    }

    /** The spec's defaults: 250 ms / 500 ms / 1 s / 1 ms, QUEUED, {@link WaitPolicy#DEFAULT}. */
    public static RqConfig defaults() {
        return SPEC_DEFAULTS;
    }

    /** The global default used by locks and machines created without an explicit configuration. */
    public static RqConfig getDefault() {
        return globalDefault;
    }

    /** Replaces the global default for locks created afterwards. */
    public static void setDefault(RqConfig config) {
        globalDefault = Objects.requireNonNull(config, "config");
    }

    /** {@link #defaults()} with the {@code rqbpf.lock.*} system properties applied. */
    public static RqConfig fromSystemProperties() {
        Builder b = new Builder();
        Long p = longProperty("rqbpf.lock.pendingTimeoutMs");
        if (p != null) {
            b.pendingTimeout(Duration.ofMillis(p));
        }
        Long h = longProperty("rqbpf.lock.headTimeoutMs");
        if (h != null) {
            b.headTimeout(Duration.ofMillis(h));
        }
        Long t = longProperty("rqbpf.lock.tasTimeoutMs");
        if (t != null) {
            b.tasTimeout(Duration.ofMillis(t));
        }
        String mode = System.getProperty("rqbpf.lock.waitMode");
        if (mode != null && !mode.isBlank()) {
            b.waitPolicy(WaitPolicy.of(WaitPolicy.Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT))));
        }
        return b.build();
    }

    private static Long longProperty(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + name + " is not a number: " + v, e);
        }
    }

    /** A builder starting from the spec defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.pending = pendingTimeoutNanos;
        b.head = headTimeoutNanos;
        b.tas = tasTimeoutNanos;
        b.abba = abbaIntervalNanos;
        b.algorithm = algorithm;
        b.policy = waitPolicy;
        return b;
    }

    /** Budget of the pending waiter. */
    public long pendingTimeoutNanos() {
        return pendingTimeoutNanos;
    }

    /** Budget of the queue head. */
    public long headTimeoutNanos() {
        return headTimeoutNanos;
    }

    /** Budget of the TAS loop. */
    public long tasTimeoutNanos() {
        return tasTimeoutNanos;
    }

    /** Minimum spacing of ABBA scans within one wait. */
    public long abbaIntervalNanos() {
        return abbaIntervalNanos;
    }

    /** QUEUED or TAS. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** Spin / yield / park policy. */
    public WaitPolicy waitPolicy() {
        return waitPolicy;
    }

    @Override
    public String toString() {
        return "RqConfig[pending=" + Duration.ofNanos(pendingTimeoutNanos) + ", head=" + Duration.ofNanos(headTimeoutNanos)
                + ", tas=" + Duration.ofNanos(tasTimeoutNanos) + ", abba=" + Duration.ofNanos(abbaIntervalNanos)
                + ", " + algorithm + ", " + waitPolicy + "]";
    }

    /** Builder of {@link RqConfig}; the head timeout follows twice the pending one unless set. */
    public static final class Builder {
        private long pending = RES_DEF_TIMEOUT_NANOS;
        private long head;
        private long tas = TAS_TIMEOUT_NANOS;
        private long abba = ABBA_INTERVAL_NANOS;
        private Algorithm algorithm = Algorithm.QUEUED;
        private WaitPolicy policy = WaitPolicy.DEFAULT;

        private Builder() {}

        private static long positive(Duration d, String what) {
            long n = d.toNanos();
            if (n <= 0) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return n;
        }

        /** Pending-waiter budget (default 250 ms); the head budget follows at twice it unless set. */
        public Builder pendingTimeout(Duration d) {
            this.pending = positive(d, "pendingTimeout");
            return this;
        }

        /** Queue-head budget (default twice the pending budget). */
        public Builder headTimeout(Duration d) {
            this.head = positive(d, "headTimeout");
            return this;
        }

        /** TAS budget (default 1 s). */
        public Builder tasTimeout(Duration d) {
            this.tas = positive(d, "tasTimeout");
            return this;
        }

        /** ABBA scan spacing (default 1 ms). */
        public Builder abbaInterval(Duration d) {
            this.abba = positive(d, "abbaInterval");
            return this;
        }

        /** Slow-path algorithm (default QUEUED). */
        public Builder algorithm(Algorithm a) {
            this.algorithm = Objects.requireNonNull(a, "algorithm");
            return this;
        }

        /** Wait policy (default {@link WaitPolicy#DEFAULT}). */
        public Builder waitPolicy(WaitPolicy p) {
            this.policy = Objects.requireNonNull(p, "waitPolicy");
            return this;
        }

        /** Builds. */
        public RqConfig build() {
            return new RqConfig(this);
        }
    }
}
