package org.rqbpf.runtime.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.abi.Errno;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.maps.MapEntry;

/**
 * Every example of {@code examples/} under {@code attach}, short and seeded: the report shows what the
 * example's header promises, with no runtime faults.
 */
class ExamplesAttachTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    private static AttachRun.Result attach(String example, AttachOptions options) throws Exception {
        return attach(example, options, List.of());
    }

    private static AttachRun.Result attach(String example, AttachOptions options, List<MapUpdate> updates) throws Exception {
        AttachRun.Result r = AttachRun.run(Assembler.parse(EXAMPLES.resolve(example)), options, updates, null);
        assertEquals(0, r.report().faults(), () -> example + ": " + r.report().faultMessages());
        return r;
    }

    private static AttachOptions options(int cpus, long millis) {
        return AttachOptions.defaults().withCpus(cpus).withDuration(Duration.ofMillis(millis)).withSeed(7);
    }

    /** Sum over entries (and CPUs, for per-CPU maps) of the u64 at {@code offset} of each value slot. */
    private static long sumU64(BpfMap map, int offset) {
        int stride = map.type().isPerCpu() ? (map.valueSize() + 7) & ~7 : map.hostValueSize();
        long sum = 0;
        for (MapEntry e : map.dump()) {
            ByteBuffer b = ByteBuffer.wrap(e.value()).order(ByteOrder.LITTLE_ENDIAN);
            for (int at = 0; at + stride <= e.value().length; at += stride) {
                sum += b.getLong(at + offset);
            }
        }
        return sum;
    }

    /** The u64 at {@code offset} of key {@code k}'s value, summed over CPUs. */
    private static long valueOf(BpfMap map, int k, int offset) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array();
        byte[] v = map.lookup(key);
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        int stride = map.type().isPerCpu() ? (map.valueSize() + 7) & ~7 : v.length;
        long sum = 0;
        for (int at = 0; at + stride <= v.length; at += stride) {
            sum += b.getLong(at + offset);
        }
        return sum;
    }

    @Test
    void packetCountersCountEveryPacketPerCpu() throws Exception {
        AttachRun.Result r = attach("packet_counters.bpf", options(2, 400));
        AttachReport.ProgramReport p = r.report().program("count_packets");
        long packets = r.report().events().stream().filter(e -> e.name().equals("packet")).findFirst().orElseThrow()
                .delivered();
        assertTrue(p.runs() > 0);
        assertEquals(packets, p.runs());
        assertEquals(java.util.Map.of(2L, p.runs()), p.returns());
        assertTrue(p.errors().isEmpty(), p.errors().toString());
        assertEquals(p.runs(), sumU64(r.file().maps().byName("pkt_count"), 0));
        assertEquals(0, r.report().lockOutcomes().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void flowCountersUpdateUnderTheValueLockWithoutDeadlocks() throws Exception {
        AttachRun.Result r = attach("flow_counters.bpf", options(2, 400));
        AttachReport.ProgramReport p = r.report().program("flow_stats");
        assertTrue(p.runs() > 0);
        assertEquals(0, p.errors(Errno.EDEADLK));
        assertEquals(0, p.errors(Errno.ETIMEDOUT));
        assertTrue(p.errors().keySet().stream().allMatch(k -> k.equals("EEXIST")), p.errors().toString());
        BpfMap flows = r.file().maps().byName("flows");
        long counted = sumU64(flows, 8);
        assertTrue(counted > 0 && counted <= p.runs(), counted + " of " + p.runs());
        assertEquals(0, r.report().lockOutcome("AA") + r.report().lockOutcome("ABBA"));
        assertTrue(r.report().lockOutcome("FAST") > 0);
        assertEquals(0, sumU64(r.file().maps().byName("flow_cou.bss"), 0));
    }

    @Test
    void lpmFirewallGetsItsRulesFromUserSpaceAndDropsMatchingSources() throws Exception {
        Path rules = EXAMPLES.resolve("lpm_firewall.maps");
        List<MapUpdate> updates = MapUpdate.parseAll(Files.readString(rules), rules.toString());
        AttachRun.Result r = attach("lpm_firewall.bpf", options(2, 400), updates);
        AttachReport report = r.report();
        assertEquals(4, updates.size());
        assertEquals(4, report.program("count_rule_inserts").runs(), "each user-space insert fires the kprobe");
        assertEquals(4, r.file().maps().byName("lpm_fire.bss").lookup(new byte[4])[0]);
        AttachReport.ProgramReport fw = report.program("firewall");
        long dropped = fw.returns().getOrDefault(1L, 0L);
        long passed = fw.returns().getOrDefault(2L, 0L);
        assertTrue(dropped > 0 && passed > 0, fw.returns().toString());
        assertEquals(fw.runs(), dropped + passed);
        assertTrue(fw.errors().isEmpty(), fw.errors().toString());
        assertEquals(dropped, valueOf(r.file().maps().byName("verdicts"), 1, 0));
        assertEquals(dropped, sumU64(r.file().maps().byName("rule_hits"), 0));
        assertEquals(4, report.lockOutcome("FAST"));
    }

    @Test
    void nmiReentryOfTheSameBucketGetsEdeadlkAndTheRestSucceed() throws Exception {
        AttachRun.Result r = attach("nmi_reentry.bpf", options(2, 600).withRate(EventKind.NMI, 20_000));
        AttachReport report = r.report();
        AttachReport.ProgramReport nmi = report.program("sample_cpu");
        long deadlocks = nmi.errors(Errno.EDEADLK);
        assertTrue(deadlocks > 0, nmi.errors().toString());
        BpfMap results = r.file().maps().byName("nmi_results");
        assertTrue(valueOf(results, 0, 0) > 0, "successful NMI updates");
        assertEquals(deadlocks, valueOf(results, 1, 0));
        assertEquals(0, valueOf(results, 2, 0));
        assertTrue(report.program("count_packet").errors().isEmpty());
        assertTrue(report.lockOutcome("AA") >= deadlocks);
        assertEquals(deadlocks, report.map("per_cpu_stats").edeadlk());
        AttachReport.MapReport stats = report.map("per_cpu_stats");
        assertEquals(stats.updates() - stats.edeadlk(), report.program("audit_update").runs());
    }

    @Test
    void abbaBetweenTwoCpusEndsInEdeadlk() throws Exception {
        AttachRun.Result r = attach("abba.bpf", options(2, 800).withRate(EventKind.PACKET, 500_000));
        AttachReport report = r.report();
        long deadlocks = report.program("pay_a_to_b").errors(Errno.EDEADLK)
                + report.program("pay_b_to_a").errors(Errno.EDEADLK);
        assertTrue(deadlocks > 0, "EDEADLK");
        assertEquals(0, report.program("pay_a_to_b").errors(Errno.ETIMEDOUT)
                + report.program("pay_b_to_a").errors(Errno.ETIMEDOUT));
        assertTrue(report.lockOutcome("ABBA") > 0);
        assertEquals(0, report.lockOutcome("AA"));
        BpfMap accounts = r.file().maps().byName("accounts");
        assertEquals(0, valueOf(accounts, 0, 8) + valueOf(accounts, 1, 8), "money is neither made nor lost");
        assertEquals(deadlocks, valueOf(r.file().maps().byName("outcomes"), 1, 0));
    }

    @Test
    void threeLockCycleEndsInEtimedout() throws Exception {
        // Packets back to back on every CPU, so that all three often hold their first lock at once.
        AttachRun.Result r = attach("lock_cycle.bpf", options(3, 1500).withRate(EventKind.PACKET, 500_000));
        AttachReport report = r.report();
        AttachReport.ProgramReport p = report.program("hand_off");
        assertTrue(p.errors(Errno.ETIMEDOUT) > 0, p.errors().toString());
        assertEquals(0, p.errors(Errno.EDEADLK));
        assertTrue(report.lockOutcome("TIMEOUT_PENDING") > 0);
        assertEquals(0, report.lockOutcome("AA") + report.lockOutcome("ABBA"));
        BpfMap stages = r.file().maps().byName("stages");
        assertEquals(0, valueOf(stages, 0, 8) + valueOf(stages, 1, 8) + valueOf(stages, 2, 8));
        BpfMap outcomes = r.file().maps().byName("outcomes");
        assertTrue(valueOf(outcomes, 1, 0) > 0, "timeouts on the second lock end the cycle");
        // Waiters queued on a first lock behind a timed-out one may time out too (outcome 2).
        assertEquals(p.errors(Errno.ETIMEDOUT), valueOf(outcomes, 1, 0) + valueOf(outcomes, 2, 0));
        assertTrue(p.errorLines() > 0 && p.errorTail().get(0).startsWith("ERROR: Timeout detected"), p.errorTail()
                .toString());
    }
}
