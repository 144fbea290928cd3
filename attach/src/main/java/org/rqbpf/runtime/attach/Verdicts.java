package org.rqbpf.runtime.attach;

/** Names of the return values of packet programs, for reports ({@code 2 (XDP_PASS)}). */
final class Verdicts {
    private static final String[] XDP = {"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"};

    private Verdicts() {}

    /** The verdict's name for programs on {@code hook}, or null. */
    static String name(String hook, long r0) {
        if (hook == null) {
            return null;
        }
        if (hook.equals(Hook.XDP.section())) {
            return r0 >= 0 && r0 < XDP.length ? XDP[(int) r0] : null;
        }
        if (hook.equals(Hook.TC.section())) {
            return switch ((int) r0) {
                case -1 -> "TC_ACT_UNSPEC";
                case 0 -> "TC_ACT_OK";
                case 1 -> "TC_ACT_RECLASSIFY";
                case 2 -> "TC_ACT_SHOT";
                case 3 -> "TC_ACT_PIPE";
                case 4 -> "TC_ACT_STOLEN";
                case 7 -> "TC_ACT_REDIRECT";
                default -> null;
            };
        }
        return null;
    }
}
