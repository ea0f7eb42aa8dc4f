package dev.maintenance4j.time;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Parses the durations and times operators type: durations like {@code 90s}, {@code 15m}, {@code 2h},
 * {@code 1d}, {@code 1h30m} or ISO-8601 {@code PT15M} (a bare number is refused: "30" could mean
 * seconds or minutes, and a wrong guess at 3 a.m. ends maintenance too early); times as ISO-8601 instants
 * ({@code 2026-11-23T14:30:00Z}), offset date-times, local date-times in the clock's zone
 * ({@code 2026-11-23T14:30}), or relative to now ({@code +2h}).
 */
public final class TimeExpressions {

    private TimeExpressions() {}

    /**
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parseDuration(String text) {
        String s = text.strip();
        if (s.isEmpty() || looksLikeTime(s)) {
            throw badDuration(text);
        }
        if (s.charAt(0) == 'P' || s.charAt(0) == 'p') {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw badDuration(text);
            }
        }
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < s.length()) {
            int digitsStart = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == digitsStart || i - digitsStart > 9) {
                throw badDuration(text);
            }
            long amount = Long.parseLong(s.substring(digitsStart, i));
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String unit = s.substring(unitStart, i).toLowerCase(Locale.ROOT);
            total = total.plus(
                    switch (unit) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s", "sec" -> Duration.ofSeconds(amount);
                        case "m", "min" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        case "d" -> Duration.ofDays(amount);
                        case "" -> {
                            if (unitStart == s.length()
                                    && digitsStart == 0) { // the whole text is a number: say what it lacks
                                throw new IllegalArgumentException("'" + text + "' has no unit; durations need one: "
                                        + amount + "s, " + amount + "m or " + amount + "h");
                            }
                            throw badDuration(text);
                        }
                        default -> throw badDuration(text);
                    });
        }
        return total;
    }

    /**
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Instant parseTime(String text, Clock clock) {
        String s = text.strip();
        if (s.startsWith("+")) {
            Duration ahead = parseDuration(s.substring(1));
            try {
                return clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(ahead);
            } catch (DateTimeException | ArithmeticException e) {
                throw new IllegalArgumentException("'" + text + "' is too far in the future");
            }
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s).atZone(clock.getZone()).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a time; use an ISO-8601 instant (2026-11-23T14:30:00Z), "
                            + "a local date-time (2026-11-23T14:30) or a relative time (+2h)");
        }
    }

    private static IllegalArgumentException badDuration(String text) {
        if (looksLikeTime(text)) {
            return new IllegalArgumentException(
                    "'" + text + "' is a time, not a duration: give an end time with --until "
                            + "(\"until\" in the admin API), or a duration such as 90s, 15m, 2h");
        }
        return new IllegalArgumentException(
                "'" + text + "' is not a duration; use e.g. 90s, 15m, 2h, 1d, 1h30m or PT15M");
    }

    private static boolean looksLikeTime(String text) {
        String s = text.strip();
        return s.length() >= 10 && Character.isDigit(s.charAt(0)) && s.charAt(4) == '-' && s.charAt(7) == '-';
    }
}
