package org.rqbpf.runtime.testrun;

import java.util.List;
import java.util.Map;
import org.rqbpf.maps.MapEntry;

/**
 * What a test-run returns.
 *
 * @param program the program's name
 * @param r0 {@code r0} of the last run
 * @param trace the trace log of all runs ({@code bpf_trace_printk})
 * @param errors the error stream of all runs (failed lock kfunc reports)
 * @param firstNanos wall time of the first run (it includes loading classes and the JVM's first
 *     compilations: a cold figure)
 * @param meanNanos mean wall time per run of the runs after the first (the steady figure); the first
 *     run's time when there was only one
 * @param repeat number of runs
 * @param maps every map's entries after the runs, by map name in declaration order (host format)
 */
public record TestRunResult(String program, long r0, String trace, String errors, long firstNanos, long meanNanos, int repeat,
        Map<String, List<MapEntry>> maps) {}
