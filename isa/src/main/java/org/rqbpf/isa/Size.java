package org.rqbpf.isa;

/** The size of a memory access, with its opcode bits and C spellings. */
public enum Size {
    B(Bpf.B, 1, "u8", "s8"),
    H(Bpf.H, 2, "u16", "s16"),
    W(Bpf.W, 4, "u32", "s32"),
    DW(Bpf.DW, 8, "u64", "s64");

    private final int bits;
    private final int bytes;
    private final String unsignedName;
    private final String signedName;

    Size(int bits, int bytes, String unsignedName, String signedName) {
        this.bits = bits;
        this.bytes = bytes;
        this.unsignedName = unsignedName;
        this.signedName = signedName;
    }

    /** The size bits of the opcode (opcode & 0x18). */
    public int bits() {
        return bits;
    }

    public int bytes() {
        return bytes;
    }

    /** {@code u8 .. u64}. */
    public String unsignedName() {
        return unsignedName;
    }

    /** {@code s8 .. s64}. */
    public String signedName() {
        return signedName;
    }

    public static Size ofBits(int sizeBits) {
        return switch (sizeBits) {
            case Bpf.B -> B;
            case Bpf.H -> H;
            case Bpf.W -> W;
            default -> DW;
        };
    }

    /** The size named {@code u8 .. u64}, or null. */
    public static Size ofUnsignedName(String name) {
        return switch (name) {
            case "u8" -> B;
            case "u16" -> H;
            case "u32" -> W;
            case "u64" -> DW;
            default -> null;
        };
    }

    /** The size named {@code s8 .. s64}, or null. */
    public static Size ofSignedName(String name) {
        return switch (name) {
            case "s8" -> B;
            case "s16" -> H;
            case "s32" -> W;
            case "s64" -> DW;
            default -> null;
        };
    }
}
