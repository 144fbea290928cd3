package org.rqbpf.abi;

/**
 * The {@code prog_flags} of {@code BPF_PROG_LOAD} (include/uapi/linux/bpf.h) by their UAPI names, as the
 * selftests' {@code __flag(...)} writes them. rqbpf's verifier acts on {@link #TEST_STATE_FREQ}; the
 * others travel to Linux unchanged.
 */
public final class ProgFlags {
    private ProgFlags() {}

    public static final int STRICT_ALIGNMENT = 1 << 0;
    public static final int ANY_ALIGNMENT = 1 << 1;
    public static final int TEST_RND_HI32 = 1 << 2;
    /** Store a verifier state at every prune point ({@code env->test_state_freq}). */
    public static final int TEST_STATE_FREQ = 1 << 3;
    public static final int SLEEPABLE = 1 << 4;
    public static final int XDP_HAS_FRAGS = 1 << 5;
    public static final int XDP_DEV_BOUND_ONLY = 1 << 6;
    public static final int TEST_REG_INVARIANTS = 1 << 7;

    private static final String[] NAMES = {"BPF_F_STRICT_ALIGNMENT", "BPF_F_ANY_ALIGNMENT", "BPF_F_TEST_RND_HI32",
        "BPF_F_TEST_STATE_FREQ", "BPF_F_SLEEPABLE", "BPF_F_XDP_HAS_FRAGS", "BPF_F_XDP_DEV_BOUND_ONLY",
        "BPF_F_TEST_REG_INVARIANTS"};

    /** The flag named {@code name} ({@code BPF_F_...}), or -1 when there is none of that name. */
    public static int byName(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return 1 << i;
            }
        }
        return -1;
    }

    /** The names of the flags set in {@code flags}, joined by {@code |}; unnamed bits as a number. */
    public static String names(int flags) {
        StringBuilder sb = new StringBuilder();
        int rest = flags;
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(NAMES[i]);
                rest &= ~(1 << i);
            }
        }
        if (rest != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append(rest);
        }
        return sb.toString();
    }
}
