package org.rqbpf.kernel;

/**
 * A failed memory check: an access outside any live region, past a region's end, a write to a read-only
 * region, or a misaligned atomic. Verified programs never cause one; the runtime reports it as a fault
 * naming the program, instruction and address.
 */
public final class MemoryFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the faulting access was doing. */
    public enum Access { READ, WRITE, ATOMIC }

    private final long address;
    private final int size;
    private final Access access;

    MemoryFault(long address, int size, Access access, String why) {
        super(String.format("invalid %s of %d byte%s at 0x%016x: %s",
                access.name().toLowerCase(java.util.Locale.ROOT), size, size == 1 ? "" : "s", address, why));
        this.address = address;
        this.size = size;
        this.access = access;
    }

    /** The faulting pointer. */
    public long address() {
        return address;
    }

    /** Access size in bytes. */
    public int size() {
        return size;
    }

    /** Kind of access. */
    public Access access() {
        return access;
    }
}
