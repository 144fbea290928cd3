package org.rqbpf.runtime.attach;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian (x86-64) and network-order stores into ctx and packet bytes. */
final class CtxBytes {
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private CtxBytes() {}

    static void u16(byte[] b, int off, int v) {
        LE16.set(b, off, (short) v);
    }

    static void u32(byte[] b, int off, int v) {
        LE32.set(b, off, v);
    }

    static void u64(byte[] b, int off, long v) {
        LE64.set(b, off, v);
    }

    static void be16(byte[] b, int off, int v) {
        BE16.set(b, off, (short) v);
    }

    static void be32(byte[] b, int off, int v) {
        BE32.set(b, off, v);
    }

    static int readBe16(byte[] b, int off) {
        return ((short) BE16.get(b, off)) & 0xffff;
    }

    /** Copies the ASCII of {@code s} NUL-padded into {@code len} bytes at {@code off} (the last one always NUL). */
    static void string(byte[] b, int off, int len, String s) {
        int n = Math.min(s.length(), len - 1);
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) s.charAt(i);
        }
        for (int i = n; i < len; i++) {
            b[off + i] = 0;
        }
    }
}
