package org.rqbpf.maps;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.rqbpf.kernel.SimMachine;
import org.rqbpf.kernel.locking.RqConfig;
import org.rqbpf.program.CType;
import org.rqbpf.program.LockKind;
import org.rqbpf.program.MapDef;
import org.rqbpf.program.MapType;
import org.rqbpf.program.SourcePos;

/** Test fixtures: machines, declarations, little-endian keys and values. */
final class Maps {
    private Maps() {}

    static final SourcePos POS = new SourcePos("test.bpf", 1, 1);
    static final CType U32 = new CType.Scalar("u32", 4, false);
    static final CType U64 = new CType.Scalar("u64", 8, false);

    /** Short lock timeouts keep failure paths fast; AA detection does not depend on them. */
    static SimMachine machine(int cpus) {
        RqConfig cfg = RqConfig.builder().pendingTimeout(java.time.Duration.ofMillis(20)).build();
        return SimMachine.builder().cpus(cpus).seed(7).config(cfg).build();
    }

    static MapDef def(MapType type, int keySize, int valueSize, int maxEntries, int flags) {
        return new MapDef("m", 0, type, keySize, valueSize, maxEntries, flags, null, null, null, null, POS);
    }

    /** A value {@code struct { u64 a; struct <lock> lock; u32 b; }}: lock at offset 8, 16 bytes. */
    static MapDef lockedDef(MapType type, LockKind kind, int maxEntries) {
        CType.Struct s = new CType.Struct("val", List.of(new CType.Field("a", U64, 0),
                new CType.Field("lock", new CType.Lock(kind), 8), new CType.Field("b", U32, 12)), 16, 8);
        return new MapDef("locked", 0, type, 4, 16, maxEntries, 0, U32, s, null, null, POS);
    }

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static long getU64(byte[] b, int off) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(off);
    }
}
