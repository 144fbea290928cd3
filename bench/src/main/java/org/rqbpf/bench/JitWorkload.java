package org.rqbpf.bench;

import java.util.List;
import java.util.SplittableRandom;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.abi.ProgramType;
import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqSpinLock;
import org.rqbpf.maps.BpfMap;
import org.rqbpf.program.Program;
import org.rqbpf.program.ProgramSourceException;
import org.rqbpf.runtime.ProgramContext;
import org.rqbpf.runtime.RunLog;
import org.rqbpf.runtime.load.Backend;
import org.rqbpf.runtime.load.LoadException;
import org.rqbpf.runtime.load.LoadOptions;
import org.rqbpf.runtime.load.LoadedProgram;
import org.rqbpf.runtime.load.LoadedFile;
import org.rqbpf.runtime.load.Loader;

/**
 * The programs of {@link JitBench}, loaded on one back end, and the same logic written by hand in Java
 * against the same maps and memory (the baseline the JIT is measured against): a counting loop, packet
 * parse + hash update, LPM lookup, and a lock/unlock critical section; {@code nothing} measures what every
 * run costs outside the program (run state, zeroed frame, counters). Everything runs on the calling
 * thread's simulated CPU; the Java methods use preallocated buffers, as a C program uses its stack.
 */
public final class JitWorkload {
    static final int LOOP_ITERATIONS = 1000;
    static final int LPM_PREFIXES = 1000;

    static final String SOURCE = """
            struct lpm_key { u32 prefixlen; u32 addr; };
            struct locked_value { struct bpf_res_spin_lock lock; u32 pad; u64 counter; };
            struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1024);
                     __type(key, u32); __type(value, u64); } flows SEC(".maps");
            struct { __uint(type, BPF_MAP_TYPE_LPM_TRIE); __uint(max_entries, 4096);
                     __type(key, struct lpm_key); __type(value, u64);
                     __uint(map_flags, BPF_F_NO_PREALLOC); } routes SEC(".maps");
            struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1);
                     __type(key, u32); __type(value, struct locked_value); } locked SEC(".maps");

            SEC("?tc")
            nothing:
            	r0 = 0
            	exit

            SEC("?tc")
            loop:
            	r0 = 0
            	r1 = 0
            next:
            	r2 = r1
            	r2 *= 7
            	r2 ^= r0
            	r0 += r2
            	r0 &= 0xffffff
            	r1 += 1
            	if r1 < 1000 goto next
            	exit

            SEC("?tc")
            packet_hash:
            	r6 = *(u32 *)(r1 + 0)
            	r2 = *(u32 *)(r1 + 80)
            	r3 = *(u32 *)(r1 + 76)
            	r0 = 0
            	r4 = r3
            	r4 += 34
            	if r4 > r2 goto out
            	r4 = *(u16 *)(r3 + 12)
            	if r4 != 0x0008 goto out
            	r4 = *(u32 *)(r3 + 26)
            	r5 = *(u32 *)(r3 + 30)
            	r4 ^= r5
            	*(u32 *)(r10 - 4) = r4
            	*(u64 *)(r10 - 16) = r6
            	r1 = flows ll
            	r2 = r10
            	r2 += -4
            	r3 = r10
            	r3 += -16
            	r4 = 0
            	call bpf_map_update_elem
            	r1 = flows ll
            	r2 = r10
            	r2 += -4
            	call bpf_map_lookup_elem
            	if r0 == 0 goto out
            	r0 = *(u64 *)(r0 + 0)
            out:
            	exit

            SEC("?tc")
            lpm_lookup:
            	r2 = *(u32 *)(r1 + 80)
            	r3 = *(u32 *)(r1 + 76)
            	r0 = 0
            	r4 = r3
            	r4 += 34
            	if r4 > r2 goto out
            	r4 = *(u32 *)(r3 + 30)
            	*(u32 *)(r10 - 4) = r4
            	r4 = 32
            	*(u32 *)(r10 - 8) = r4
            	r1 = routes ll
            	r2 = r10
            	r2 += -8
            	call bpf_map_lookup_elem
            	if r0 == 0 goto out
            	r0 = *(u64 *)(r0 + 0)
            out:
            	exit

            SEC("?tc")
            critical_section:
            	r1 = 0
            	*(u32 *)(r10 - 4) = r1
            	r2 = r10
            	r2 += -4
            	r1 = locked ll
            	call bpf_map_lookup_elem
            	if r0 == 0 goto fail
            	r6 = r0
            	r1 = r6
            	call bpf_res_spin_lock
            	if r0 != 0 goto fail
            	r1 = *(u64 *)(r6 + 8)
            	r1 += 1
            	*(u64 *)(r6 + 8) = r1
            	r1 = r6
            	call bpf_res_spin_unlock
            	r0 = 0
            	exit
            fail:
            	r0 = 1
            	exit
            """;

    static final List<String> PROGRAMS = List.of("loop", "packet_hash", "lpm_lookup", "critical_section", "nothing");

    final LoadedFile file;
    /** {@link #PROGRAMS} as loaded, taken once so that a run does not allocate the list view. */
    private final LoadedProgram[] programs;
    final ProgramContext ctx;
    private final Memory memory;
    private final BpfMap flows;
    private final BpfMap routes;
    private final BpfMap locked;
    private final byte[] packet;
    private final byte[] key4 = new byte[4];
    private final byte[] key8 = new byte[8];
    private final byte[] value8 = new byte[8];
    private final byte[] zeroKey = new byte[4];

    /** Loads (verified) the programs on {@code backend}; the caller is bound to a CPU of {@code machine}. */
    JitWorkload(SimMachine machine, Backend backend) throws LoadException, ProgramSourceException {
        Program program = Assembler.parse("jit-bench.bpf", SOURCE);
        file = Loader.load(machine, program, PROGRAMS, LoadOptions.defaults().withBackend(backend));
        programs = file.programs().toArray(LoadedProgram[]::new);
        memory = machine.memory();
        flows = file.maps().byName("flows");
        routes = file.maps().byName("routes");
        locked = file.maps().byName("locked");
        packet = ipv4Packet();
        ctx = ProgramContext.create(memory, ProgramType.SCHED_CLS, null, packet);
        fillRoutes();
    }

    /** Runs one of {@link #PROGRAMS} once on the calling thread's CPU and returns {@code r0}. */
    long run(int program) {
        return programs[program].run(ctx, RunLog.DISCARD).r0();
    }

    /** A 64-byte Ethernet + IPv4 frame from 10.1.2.3 to 192.168.7.9. */
    private static byte[] ipv4Packet() {
        byte[] p = new byte[64];
        p[12] = 0x08;
        p[26] = 10; p[27] = 1; p[28] = 2; p[29] = 3;
        p[30] = (byte) 192; p[31] = (byte) 168; p[32] = 7; p[33] = 9;
        return p;
    }

    /** Random prefixes, and 192.168.0.0/16 so the packet's destination matches. */
    private void fillRoutes() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < LPM_PREFIXES - 1; i++) {
            int len = 8 + rnd.nextInt(25);
            putInt(key8, 0, len);
            putInt(key8, 4, rnd.nextInt());
            putLong(value8, 0, i);
            routes.update(key8, value8, 0);
        }
        putInt(key8, 0, 16);
        key8[4] = (byte) 192; key8[5] = (byte) 168; key8[6] = 0; key8[7] = 0;
        putLong(value8, 0, 4242);
        routes.update(key8, value8, 0);
    }

    // ------------------------------------------------------------------- the same logic in Java

    static long loopJava() {
        long r0 = 0;
        for (long i = 0; i < LOOP_ITERATIONS; i++) {
            r0 = (r0 + ((i * 7) ^ r0)) & 0xffffff;
        }
        return r0;
    }

    long packetHashJava() {
        byte[] p = packet;
        if (p.length < 34 || getShort(p, 12) != 0x0008) {
            return 0;
        }
        putInt(key4, 0, getInt(p, 26) ^ getInt(p, 30));
        putLong(value8, 0, p.length);
        flows.update(key4, 0, value8, 0, 0);
        long v = flows.lookup(key4, 0);
        return v == 0 ? 0 : memory.load(v, 8);
    }

    long lpmLookupJava() {
        byte[] p = packet;
        if (p.length < 34) {
            return 0;
        }
        putInt(key8, 0, 32);
        System.arraycopy(p, 30, key8, 4, 4);
        long v = routes.lookup(key8, 0);
        return v == 0 ? 0 : memory.load(v, 8);
    }

    long criticalSectionJava() {
        long v = locked.lookup(zeroKey, 0);
        if (v == 0) {
            return 1;
        }
        RqSpinLock lock = memory.lockAt(v);
        if (lock.lock() != 0) {
            return 1;
        }
        memory.store(v + 8, 8, memory.load(v + 8, 8) + 1);
        lock.unlock();
        return 0;
    }

    private static int getShort(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    private static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static void putInt(byte[] b, int off, int v) {
        for (int k = 0; k < 4; k++) {
            b[off + k] = (byte) (v >>> (8 * k));
        }
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int k = 0; k < 8; k++) {
            b[off + k] = (byte) (v >>> (8 * k));
        }
    }
}
