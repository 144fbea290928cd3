package org.rqbpf.program;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The test annotations of a program (kernel selftest vocabulary, language.md).
 *
 * @param expected {@code __success} / {@code __failure}, or null when neither is written
 * @param messages {@code __msg} and {@code __not_msg} in source order
 * @param retval {@code __retval(N)} as written (compare low 32 bits), or null
 * @param description {@code __description("...")}, or null
 * @param logLevel {@code __log_level(N)}, or null
 * @param unpriv the expectations of an unprivileged load ({@code __success_unpriv}, {@code __failure_unpriv},
 *     {@code __msg_unpriv}, {@code __retval_unpriv}), or null when the program has none; the others are
 *     those of a privileged load (root, as the kernel's selftests load)
 * @param progFlags the load's {@code prog_flags}, from {@code __flag(...)} ({@link org.rqbpf.abi.ProgFlags}); 0 when none
 */
public record Annotations(Verdict expected, List<Message> messages, Long retval, String description, Integer logLevel,
        Unpriv unpriv, int progFlags) {
    public static final Annotations NONE = new Annotations(null, List.of(), null, null, null, null);

    /** Annotations without {@code __flag}. */
    public Annotations(Verdict expected, List<Message> messages, Long retval, String description, Integer logLevel,
            Unpriv unpriv) {
        this(expected, messages, retval, description, logLevel, unpriv, 0);
    }

    /** Annotations with no unprivileged expectations. */
    public Annotations(Verdict expected, List<Message> messages, Long retval, String description, Integer logLevel) {
        this(expected, messages, retval, description, logLevel, null);
    }

    /**
     * What an unprivileged load must give. A verdict that is not written is the privileged one, and so
     * are the messages and the return value when none of their own is written (the selftests' rule).
     */
    public record Unpriv(Verdict expected, List<Message> messages, Long retval) {}

    public enum Verdict { SUCCESS, FAILURE }

    /**
     * One {@code __msg} ({@code negated == false}) or {@code __not_msg} ({@code negated == true}). The
     * text may contain {@code {{regex}}} parts.
     */
    public record Message(String text, boolean negated, SourcePos pos) {
        /**
         * The text as a regular expression: literal, except that each {@code {{regex}}} part is a
         * regular expression (an unclosed {@code {{} is literal).
         *
         * @throws PatternSyntaxException when a {@code {{regex}}} part does not compile
         */
        public Pattern pattern() {
            StringBuilder re = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                int open = text.indexOf("{{", i);
                int close = open < 0 ? -1 : text.indexOf("}}", open + 2);
                if (close < 0) {
                    re.append(Pattern.quote(text.substring(i)));
                    break;
                }
                if (open > i) {
                    re.append(Pattern.quote(text.substring(i, open)));
                }
                re.append('(').append(text, open + 2, close).append(')');
                i = close + 2;
            }
            return Pattern.compile(re.toString());
        }
    }
}
