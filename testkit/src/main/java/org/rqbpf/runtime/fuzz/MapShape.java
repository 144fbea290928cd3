package org.rqbpf.runtime.fuzz;

/**
 * A map the generated file declares, as the generator needs it: its name, its type, how many bytes a
 * value has and where in the value a lock field sits ({@code -1}: none; the lock is 4 bytes).
 */
record MapShape(String name, boolean hash, int maxEntries, int valueSize, int lockOffset) {
    /** Whether {@code size} bytes at {@code off} stay clear of the lock field. */
    boolean clearOfLock(int off, int size) {
        return lockOffset < 0 || off + size <= lockOffset || off >= lockOffset + 4;
    }
}
