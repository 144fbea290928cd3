package org.rqbpf.program;

import java.util.List;

/**
 * The test annotations of a program (kernel selftest vocabulary, language.md).
 *
 * @param expected {@code __success} / {@code __failure}, or null when neither is written
 * @param messages {@code __msg} and {@code __not_msg} in source order
 * @param retval {@code __retval(N)} as written (compare low 32 bits), or null
 * @param description {@code __description("...")}, or null
 * @param logLevel {@code __log_level(N)}, or null
 */
public record Annotations(Verdict expected, List<Message> messages, Long retval, String description, Integer logLevel) {
    public static final Annotations NONE = new Annotations(null, List.of(), null, null, null);

    public enum Verdict { SUCCESS, FAILURE }

    /**
     * One {@code __msg} ({@code negated == false}) or {@code __not_msg} ({@code negated == true}). The
     * text may contain {@code {{regex}}} parts.
     */
    public record Message(String text, boolean negated, SourcePos pos) {}
}
