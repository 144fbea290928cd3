package org.rqbpf.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.rqbpf.abi.ProgFlags;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.SourcePos;

/**
 * The test annotations of a compiled selftest: the BTF decl tags that the kernel's bpf_misc.h attaches
 * to a program's FUNC ({@code comment:test_expect_success}, {@code comment:test_expect_msg=N=TEXT},
 * {@code comment:test_retval=N}, ...), read as test_loader.c reads them. bpf_misc.h since 6.12 numbers the
 * messages ({@code test_expect_msg=N=TEXT}, N from {@code __COUNTER__}) because two equal tags would
 * otherwise be merged; the {@code comment:N:TAG} form numbers any tag. Numbered tags are taken in N's
 * order. Tags rqbpf does not
 * evaluate ({@code test_auxiliary}, {@code test_expect_xlated}, ...) are ignored.
 */
final class DeclTagAnnotations {
    private static final String PREFIX = "comment:";

    private DeclTagAnnotations() {}

    static Annotations of(List<String> rawTags, SourcePos pos, String program) throws MalformedObjectException {
        List<String> tags = ordered(rawTags);
        Annotations.Verdict verdict = null, unprivVerdict = null;
        List<Annotations.Message> messages = new ArrayList<>(), unprivMessages = new ArrayList<>();
        Long retval = null, unprivRetval = null;
        String description = null;
        Integer logLevel = null;
        int progFlags = 0;
        boolean unpriv = false, any = false;
        for (String tag : tags) {
            if (!tag.startsWith(PREFIX)) {
                continue;
            }
            String body = tag.substring(PREFIX.length());
            int eq = body.indexOf('=');
            String key = eq < 0 ? body : body.substring(0, eq);
            String value = eq < 0 ? null : body.substring(eq + 1);
            any |= key.startsWith("test_");
            switch (key) {
                case "test_expect_success" -> verdict = Annotations.Verdict.SUCCESS;
                case "test_expect_failure" -> verdict = Annotations.Verdict.FAILURE;
                case "test_expect_success_unpriv" -> {
                    unpriv = true;
                    unprivVerdict = Annotations.Verdict.SUCCESS;
                }
                case "test_expect_failure_unpriv" -> {
                    unpriv = true;
                    unprivVerdict = Annotations.Verdict.FAILURE;
                }
                case "test_expect_msg" -> messages.add(new Annotations.Message(message(value), false, pos));
                case "test_expect_not_msg" -> messages.add(new Annotations.Message(message(value), true, pos));
                case "test_expect_msg_unpriv" -> {
                    unpriv = true;
                    unprivMessages.add(new Annotations.Message(message(value), false, pos));
                }
                case "test_expect_not_msg_unpriv" -> {
                    unpriv = true;
                    unprivMessages.add(new Annotations.Message(message(value), true, pos));
                }
                case "test_retval" -> retval = retval(value, program);
                case "test_retval_unpriv" -> {
                    unpriv = true;
                    unprivRetval = retval(value, program);
                }
                case "test_description" -> description = value;
                case "test_log_level" -> logLevel = (int) number(value, "test_log_level", program);
                case "test_prog_flags" -> progFlags |= progFlag(value, program);
                default -> { }
            }
        }
        if (!any) {
            return Annotations.NONE;
        }
        Annotations.Unpriv u = unpriv ? new Annotations.Unpriv(unprivVerdict, List.copyOf(unprivMessages), unprivRetval) : null;
        return new Annotations(verdict, List.copyOf(messages), retval, description, logLevel, u, progFlags);
    }

    /**
     * The tags {@link #of} reads back to {@code a}, without their {@code comment:N:} prefix, in the order
     * bpf_misc.h writes them (the object writer numbers them).
     */
    static List<String> tags(Annotations a) {
        List<String> tags = new ArrayList<>();
        if (a.expected() != null) {
            tags.add(a.expected() == Annotations.Verdict.SUCCESS ? "test_expect_success" : "test_expect_failure");
        }
        for (Annotations.Message m : a.messages()) {
            tags.add((m.negated() ? "test_expect_not_msg=" : "test_expect_msg=") + m.text());
        }
        if (a.retval() != null) {
            tags.add("test_retval=" + a.retval());
        }
        if (a.description() != null) {
            tags.add("test_description=" + a.description());
        }
        if (a.logLevel() != null) {
            tags.add("test_log_level=" + a.logLevel());
        }
        for (int bit = 0; bit < 32; bit++) {
            if ((a.progFlags() & (1 << bit)) != 0) {
                tags.add("test_prog_flags=" + ProgFlags.names(1 << bit));
            }
        }
        Annotations.Unpriv u = a.unpriv();
        if (u != null) {
            if (u.expected() != null) {
                tags.add(u.expected() == Annotations.Verdict.SUCCESS ? "test_expect_success_unpriv" : "test_expect_failure_unpriv");
            }
            for (Annotations.Message m : u.messages()) {
                tags.add((m.negated() ? "test_expect_not_msg_unpriv=" : "test_expect_msg_unpriv=") + m.text());
            }
            if (u.retval() != null) {
                tags.add("test_retval_unpriv=" + u.retval());
            }
        }
        return tags;
    }

    private static String message(String value) {
        return value == null ? "" : value;
    }

    /**
     * The tags as {@code comment:TAG}, numbered ones in their number's order after the others. bpf_misc.h
     * numbers the tags whose order matters (6.12 and later: {@code comment:test_expect_msg=N=TEXT}, the
     * {@code N=} that test_loader.c's {@code skip_dynamic_pfx} drops); the {@code comment:N:TAG} form
     * numbers any tag.
     */
    private static List<String> ordered(List<String> tags) {
        List<String> plain = new ArrayList<>();
        TreeMap<Long, String> numbered = new TreeMap<>();
        for (String t : tags) {
            if (t.startsWith(PREFIX)) {
                String rest = t.substring(PREFIX.length());
                int colon = rest.indexOf(':');
                if (colon > 0 && colon < 19 && isNumber(rest.substring(0, colon))) {
                    numbered.put(Long.parseLong(rest.substring(0, colon)), PREFIX + rest.substring(colon + 1));
                    continue;
                }
                int eq = rest.indexOf('=');
                int second = eq < 0 ? -1 : rest.indexOf('=', eq + 1);
                if (second > eq + 1 && second - eq < 19 && DYNAMIC.contains(rest.substring(0, eq))
                        && isNumber(rest.substring(eq + 1, second))) {
                    numbered.put(Long.parseLong(rest.substring(eq + 1, second)),
                            PREFIX + rest.substring(0, eq + 1) + rest.substring(second + 1));
                    continue;
                }
            }
            plain.add(t);
        }
        plain.addAll(numbered.values());
        return plain;
    }

    /** The tags bpf_misc.h numbers with {@code =N=} (test_loader.c's {@code skip_dynamic_pfx} ones). */
    private static final Set<String> DYNAMIC = Set.of("test_expect_msg", "test_expect_msg_unpriv",
            "test_expect_not_msg", "test_expect_not_msg_unpriv", "test_expect_xlated", "test_expect_xlated_unpriv",
            "test_jited", "test_jited_unpriv");

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    /** As test_loader.c's parse_retval: a number, INT_MIN, POINTER_VALUE (6.18's 0xbadcafe) or TEST_DATA_LEN. */
    private static long retval(String value, String program) throws MalformedObjectException {
        if (value == null) {
            throw new MalformedObjectException("program '" + program + "': __retval without a value");
        }
        return switch (value.trim()) {
            case "INT_MIN", "_INT_MIN" -> Integer.MIN_VALUE;
            case "POINTER_VALUE" -> 0xbadcafeL;
            case "TEST_DATA_LEN" -> 64;
            default -> number(value, "__retval", program);
        };
    }

    /** A {@code __flag(...)} value: a {@code BPF_F_...} name or a number, as test_loader.c reads it. */
    private static int progFlag(String value, String program) throws MalformedObjectException {
        int flag = value == null ? -1 : ProgFlags.byName(value.trim());
        return flag >= 0 ? flag : (int) number(value, "__flag", program);
    }

    private static long number(String value, String what, String program) throws MalformedObjectException {
        String v = value == null ? "" : value.trim();
        try {
            boolean neg = v.startsWith("-");
            String digits = neg ? v.substring(1) : v;
            long n = digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseUnsignedLong(digits.substring(2), 16)
                    : Long.parseLong(digits);
            return neg ? -n : n;
        } catch (NumberFormatException e) {
            throw new MalformedObjectException("program '" + program + "': " + what + " value '" + value + "' is not a number");
        }
    }
}
