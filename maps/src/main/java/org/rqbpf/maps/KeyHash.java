package org.rqbpf.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Hash of a key's bytes (the kernel uses jhash; any well-mixed hash keeps the semantics). */
final class KeyHash {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private KeyHash() {}

    static int hash(byte[] k, int off, int len) {
        if (len == 4) {
            long h = mix(0x9E3779B97F4A7C15L ^ ((int) INT.get(k, off) & 0xFFFFFFFFL));
            return (int) (h ^ (h >>> 32));
        }
        long h = 0x9E3779B97F4A7C15L * (len + 1);
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            h = mix(h ^ (long) LONG.get(k, off + i));
        }
        if (i + 4 <= len) {
            h = mix(h ^ ((int) INT.get(k, off + i) & 0xFFFFFFFFL));
            i += 4;
        }
        for (; i < len; i++) {
            h = mix(h ^ (k[off + i] & 0xFFL));
        }
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
