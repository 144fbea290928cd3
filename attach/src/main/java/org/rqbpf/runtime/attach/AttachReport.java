package org.rqbpf.runtime.attach;

import java.util.List;
import java.util.Map;
import org.rqbpf.abi.Errno;

/**
 * The result of an attach run (runtime.md "Running programs"): per event, per program, per map and per
 * lock outcome, plus runtime faults. Rendered by {@link TextReport} and {@link JsonReport}.
 */
public record AttachReport(
        String file,
        int cpus,
        long seed,
        long requestedNanos,
        long elapsedNanos,
        String backend,
        List<EventReport> events,
        List<ProgramReport> programs,
        List<MapReport> maps,
        Map<String, Long> lockOutcomes,
        long faults,
        List<String> faultMessages) {

    /** One workload event: its configured rate, how many were delivered and how many coalesced. */
    public record EventReport(String name, double ratePerCpu, long delivered, long coalesced) {}

    /**
     * One program.
     *
     * @param hook the hook it was attached to ({@code SEC} name), or {@code null} when not attached
     * @param optional written as {@code SEC("?...")}
     * @param errors negative helper/kfunc returns by errno name
     * @param returns how often each {@code r0} was returned, ascending by value
     * @param otherReturns returns beyond the distinct values counted exactly
     */
    public record ProgramReport(String name, String section, String hook, boolean optional, long runs, long misses,
            long meanNanos, Map<String, Long> errors, Map<Long, Long> returns, long otherReturns, long faults,
            List<String> traceTail, long traceLines, List<String> errorTail, long errorLines) {
        /** Count of {@code -errno} returns, e.g. {@code errors(Errno.EDEADLK)}. */
        public long errors(int errno) {
            return errors.getOrDefault(Errno.name(errno), 0L);
        }
    }

    /** One map: operations by kind and failed internal lock acquisitions by kind. */
    public record MapReport(String name, String type, long lookups, long updates, long deletes, long nextKeys,
            long edeadlk, long etimedout) {
        public long operations() {
            return lookups + updates + deletes + nextKeys;
        }
    }

    /** The program named {@code name}. */
    public ProgramReport program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no program " + name));
    }

    /** The map named {@code name}. */
    public MapReport map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no map " + name));
    }

    /** Program runs of all programs. */
    public long totalRuns() {
        return programs.stream().mapToLong(ProgramReport::runs).sum();
    }

    /** Count of one lock outcome ({@code RqOutcome} name), 0 if absent. */
    public long lockOutcome(String name) {
        return lockOutcomes.getOrDefault(name, 0L);
    }
}
