package org.rqbpf.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses the CLI's durations: a positive integer followed by {@code ms}, {@code s} or {@code m}, at most
 * {@link #MAX} (longer runs would overflow the nanosecond deadlines of the run loops).
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    static final Duration MAX = Duration.ofDays(1);
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)");

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new TypeConversionException("invalid duration '" + text + "' (expected e.g. 500ms, 10s, 2m)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        if (d.isZero()) {
            throw new TypeConversionException("duration must be positive: '" + text + "'");
        }
        if (d.compareTo(MAX) > 0) {
            throw new TypeConversionException("duration too long: '" + text + "' (at most 1440m, one day)");
        }
        return d;
    }
}
