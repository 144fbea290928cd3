package org.rqbpf.runtime.helpers;

import org.rqbpf.kernel.Memory;
import org.rqbpf.kernel.MemoryFault;

/** Byte copies between simulated memory for helpers, failing softly where the kernel's would fault. */
final class HelperMemory {
    private HelperMemory() {}

    /** Copies {@code n} bytes; false (nothing guaranteed written) if either side is not mapped and writable. */
    static boolean copy(Memory m, long from, long to, int n) {
        try {
            for (int i = 0; i < n; i++) {
                m.store(to + i, 1, m.load(from + i, 1));
            }
            return true;
        } catch (MemoryFault f) {
            return false;
        }
    }

    /** Zeroes {@code n} bytes at {@code to} (memory the verifier proved writable). */
    static void zero(Memory m, long to, int n) {
        for (int i = 0; i < n; i++) {
            m.store(to + i, 1, 0);
        }
    }

    /** Reads {@code n} bytes, or null if they are not all mapped. */
    static byte[] read(Memory m, long from, int n) {
        try {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) m.load(from + i, 1);
            }
            return b;
        } catch (MemoryFault f) {
            return null;
        }
    }

    static void write(Memory m, long to, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            m.store(to + i, 1, bytes[i] & 0xff);
        }
    }
}
