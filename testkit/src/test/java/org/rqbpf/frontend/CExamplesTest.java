package org.rqbpf.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rqbpf.maps.MapEntry;
import org.rqbpf.program.GlobalVar;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.LoadOptions;
import org.rqbpf.runtime.testrun.TestRun;
import org.rqbpf.runtime.testrun.TestRunOptions;
import org.rqbpf.runtime.testrun.TestRunResult;
import org.rqbpf.verifier.Options;
import org.rqbpf.verifier.Verifier;
import org.rqbpf.verifier.VerifierResult;

/**
 * The C examples (examples/c/*.o, compiled by clang) behave as the .bpf examples they translate: the
 * same packets give the same return values (a C {@code int} return sets only the low 32 bits, which are
 * what the kernel reads) and leave the same map contents, on both back ends.
 */
class CExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    /** Ethernet + IPv4 (TCP or UDP, 10.0.0.1:1000 -> 10.0.0.2:2000) or IPv6, or an ARP frame. */
    private static byte[] packet(int etherType, int l4) {
        byte[] p = new byte[80];
        p[12] = (byte) (etherType >> 8);
        p[13] = (byte) etherType;
        if (etherType == 0x0800) {
            p[14] = 0x45;
            p[16] = 0;
            p[17] = 66;
            p[23] = (byte) l4;
            p[26] = 10; p[29] = 1;
            p[30] = 10; p[33] = 2;
            p[34] = 0x03; p[35] = (byte) 0xe8;
            p[36] = 0x07; p[37] = (byte) 0xd0;
        } else if (etherType == 0x86dd) {
            p[18] = 0;
            p[19] = 26;
            p[20] = (byte) l4;
        }
        return p;
    }

    private static final List<byte[]> PACKETS = List.of(packet(0x0800, 6), packet(0x0800, 17), packet(0x86dd, 6),
            packet(0x86dd, 17), packet(0x0806, 0));

    private static Program read(String file) throws Exception {
        Path p = EXAMPLES.resolve(file);
        return ProgramFiles.read(p, p.getFileName().toString());
    }

    private static void sameBehaviour(String bpf, String object, String program, int comparedValueBytes) throws Exception {
        Program text = read(bpf), compiled = read(object);
        boolean packets = text.program(program).orElseThrow().type().hasPacket();
        List<byte[]> inputs = packets ? PACKETS : java.util.Collections.singletonList(null);
        for (boolean interpreter : List.of(true, false)) {
            Backend backend = Backend.choose(interpreter);
            for (byte[] packet : inputs) {
                TestRunOptions o = new TestRunOptions(null, packet, 3, LoadOptions.defaults().withBackend(backend));
                TestRunResult a = TestRun.run(text, program, o);
                TestRunResult b = TestRun.run(compiled, program, o);
                String what = object + ":" + program + (interpreter ? " on the interpreter" : " on the JIT") + (packet == null
                        ? "" : ", packet type 0x" + Integer.toHexString((packet[12] & 0xff) << 8 | packet[13] & 0xff));
                assertEquals((int) a.r0(), (int) b.r0(), what + " (r0's low 32 bits, as a test-run reports it)");
                assertEquals(contents(text, a.maps(), comparedValueBytes), contents(compiled, b.maps(), comparedValueBytes), what);
            }
        }
    }

    /**
     * Every map's entries, each value cut to {@code valueBytes} (all of it when negative), in name order;
     * a data section's value as its variables, by name (clang may lay a section out in another order).
     */
    private static List<String> contents(Program file, Map<String, List<MapEntry>> maps, int valueBytes) {
        List<String> out = new ArrayList<>();
        maps.forEach((name, entries) -> {
            MapDef def = file.map(name).orElseThrow();
            for (MapEntry e : entries) {
                if (def.isDataSection()) {
                    for (GlobalVar v : file.globals()) {
                        if (v.mapIndex() == def.index()) {
                            byte[] bytes = Arrays.copyOfRange(e.value(), v.offset(), v.offset() + v.type().size());
                            out.add(def.section() + " " + v.name() + " = " + Arrays.toString(bytes));
                        }
                    }
                    continue;
                }
                byte[] v = valueBytes < 0 ? e.value() : Arrays.copyOf(e.value(), Math.min(valueBytes, e.value().length));
                out.add(name + " " + Arrays.toString(e.key()) + " = " + Arrays.toString(v));
            }
        });
        out.sort(null);
        return out;
    }

    @Test
    void packetCounters() throws Exception {
        sameBehaviour("packet_counters.bpf", "c/packet_counters.o", "count_packets", -1);
    }

    @Test
    void flowCountersUpToTheirTimestamps() throws Exception {
        sameBehaviour("flow_counters.bpf", "c/flow_counters.o", "flow_stats", 24);
    }

    @Test
    void abbaOnOneCpu() throws Exception {
        sameBehaviour("abba.bpf", "c/abba.o", "pay_a_to_b", -1);
        sameBehaviour("abba.bpf", "c/abba.o", "pay_b_to_a", -1);
    }

    @Test
    void lockCycleOnOneCpu() throws Exception {
        sameBehaviour("lock_cycle.bpf", "c/lock_cycle.o", "hand_off", -1);
    }

    @Test
    void nmiReentryUpToItsTimestamps() throws Exception {
        sameBehaviour("nmi_reentry.bpf", "c/nmi_reentry.o", "count_packet", 16);
        sameBehaviour("nmi_reentry.bpf", "c/nmi_reentry.o", "audit_update", -1);
    }

    @Test
    void lpmFirewall() throws Exception {
        sameBehaviour("lpm_firewall.bpf", "c/lpm_firewall.o", "count_rule_inserts", -1);
        sameBehaviour("lpm_firewall.bpf", "c/lpm_firewall.o", "firewall", -1);
    }

    @Test
    void theLogShowsTheCSourceLineBeforeItsFirstInstruction() throws Exception {
        Program compiled = read("c/flow_counters.o");
        VerifierResult r = Verifier.verify(compiled, compiled.program("flow_stats").orElseThrow(), Options.level(2));
        String log = r.log();
        assertTrue(r.accepted(), log);
        assertTrue(log.contains("; __u8 *end = (__u8 *)(long)skb->data_end; @ flow_counters.c:41\n0: (61) r3 = *(u32 *)(r1 +80)"),
                log);
        int lockLine = log.indexOf("; if (bpf_res_spin_lock(&st->lock)) { @ flow_counters.c:65\n");
        // After the level-2 prelude (func#0, the live registers of every instruction), where the path starts.
        int path = log.indexOf("0: R1=ctx()");
        assertTrue(path > 0 && lockLine > path && lockLine < log.indexOf("call bpf_res_spin_lock", path), log);

        Program text = read("flow_counters.bpf");
        String textLog = Verifier.verify(text, text.program("flow_stats").orElseThrow(), Options.level(2)).log();
        assertFalse(textLog.contains(" @ "), "a .bpf program has no line info (its listing is its source): " + textLog);
    }
}
