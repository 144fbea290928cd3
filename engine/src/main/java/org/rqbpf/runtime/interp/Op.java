package org.rqbpf.runtime.interp;

/**
 * The interpreter's operation codes: the RFC 9669 opcode byte where it alone decides the semantics,
 * and {@code 0x100 | opcode} for the v4 variants that the {@code off} or {@code src} field selects
 * (signed division and modulo, sign-extending moves, BPF-to-BPF and kfunc calls). All codes are below
 * 0x200 so the dispatch {@code switch} compiles to a table.
 */
final class Op {
    private Op() {}

    static final int MASK = 0x1ff;

    // ALU64, K then X.
    static final int ADD64_K = 0x07, ADD64_X = 0x0f, SUB64_K = 0x17, SUB64_X = 0x1f, MUL64_K = 0x27, MUL64_X = 0x2f,
            DIV64_K = 0x37, DIV64_X = 0x3f, OR64_K = 0x47, OR64_X = 0x4f, AND64_K = 0x57, AND64_X = 0x5f,
            LSH64_K = 0x67, LSH64_X = 0x6f, RSH64_K = 0x77, RSH64_X = 0x7f, NEG64 = 0x87, MOD64_K = 0x97,
            MOD64_X = 0x9f, XOR64_K = 0xa7, XOR64_X = 0xaf, MOV64_K = 0xb7, MOV64_X = 0xbf, ARSH64_K = 0xc7,
            ARSH64_X = 0xcf, BSWAP = 0xd7;
    static final int SDIV64_K = 0x137, SDIV64_X = 0x13f, SMOD64_K = 0x197, SMOD64_X = 0x19f, MOVSX64 = 0x1bf;

    // ALU (32-bit), K then X.
    static final int ADD32_K = 0x04, ADD32_X = 0x0c, SUB32_K = 0x14, SUB32_X = 0x1c, MUL32_K = 0x24, MUL32_X = 0x2c,
            DIV32_K = 0x34, DIV32_X = 0x3c, OR32_K = 0x44, OR32_X = 0x4c, AND32_K = 0x54, AND32_X = 0x5c,
            LSH32_K = 0x64, LSH32_X = 0x6c, RSH32_K = 0x74, RSH32_X = 0x7c, NEG32 = 0x84, MOD32_K = 0x94,
            MOD32_X = 0x9c, XOR32_K = 0xa4, XOR32_X = 0xac, MOV32_K = 0xb4, MOV32_X = 0xbc, ARSH32_K = 0xc4,
            ARSH32_X = 0xcc, TO_LE = 0xd4, TO_BE = 0xdc;
    static final int SDIV32_K = 0x134, SDIV32_X = 0x13c, SMOD32_K = 0x194, SMOD32_X = 0x19c, MOVSX32 = 0x1bc;

    // JMP (64-bit compares), K then X.
    static final int JA = 0x05, JEQ_K = 0x15, JEQ_X = 0x1d, JGT_K = 0x25, JGT_X = 0x2d, JGE_K = 0x35, JGE_X = 0x3d,
            JSET_K = 0x45, JSET_X = 0x4d, JNE_K = 0x55, JNE_X = 0x5d, JSGT_K = 0x65, JSGT_X = 0x6d, JSGE_K = 0x75,
            JSGE_X = 0x7d, CALL_HELPER = 0x85, CALLX = 0x8d, EXIT = 0x95, JLT_K = 0xa5, JLT_X = 0xad, JLE_K = 0xb5,
            JLE_X = 0xbd, JSLT_K = 0xc5, JSLT_X = 0xcd, JSLE_K = 0xd5, JSLE_X = 0xdd;
    static final int CALL_LOCAL = 0x185, CALL_KFUNC = 0x186;

    // JMP32, K then X ({@code gotol} is JA32 with the offset in imm).
    static final int JA32 = 0x06, JEQ32_K = 0x16, JEQ32_X = 0x1e, JGT32_K = 0x26, JGT32_X = 0x2e, JGE32_K = 0x36,
            JGE32_X = 0x3e, JSET32_K = 0x46, JSET32_X = 0x4e, JNE32_K = 0x56, JNE32_X = 0x5e, JSGT32_K = 0x66,
            JSGT32_X = 0x6e, JSGE32_K = 0x76, JSGE32_X = 0x7e, JLT32_K = 0xa6, JLT32_X = 0xae, JLE32_K = 0xb6,
            JLE32_X = 0xbe, JSLT32_K = 0xc6, JSLT32_X = 0xce, JSLE32_K = 0xd6, JSLE32_X = 0xde;

    // Loads and stores.
    static final int LDDW = 0x18, LD_ABS_W = 0x20, LD_ABS_H = 0x28, LD_ABS_B = 0x30, LD_IND_W = 0x40, LD_IND_H = 0x48,
            LD_IND_B = 0x50;
    static final int LDX_W = 0x61, LDX_H = 0x69, LDX_B = 0x71, LDX_DW = 0x79, LDSX_W = 0x81, LDSX_H = 0x89,
            LDSX_B = 0x91;
    static final int ST_W = 0x62, ST_H = 0x6a, ST_B = 0x72, ST_DW = 0x7a;
    static final int STX_W = 0x63, STX_H = 0x6b, STX_B = 0x73, STX_DW = 0x7b, ATOMIC_W = 0xc3, ATOMIC_DW = 0xdb;

    /** Faults when executed; the reason is kept per slot. */
    static final int INVALID = 0x1ff;
}
