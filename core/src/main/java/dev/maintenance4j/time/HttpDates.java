package dev.maintenance4j.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP-dates as RFC 9110 (section 5.6.7) requires senders to write them: IMF-fixdate, always two-digit
 * days and four-digit years, in GMT ({@code Tue, 01 Dec 2026 10:00:00 GMT}). The JDK's
 * {@code RFC_1123_DATE_TIME} writes {@code Tue, 1 Dec 2026}, which RFC 9110 does not allow.
 */
public final class HttpDates {

    /** The latest instant an HTTP-date can hold: IMF-fixdate has four year digits. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private HttpDates() {}

    /**
     * The IMF-fixdate of an instant, truncated to the second.
     *
     * @throws IllegalArgumentException when the instant is before year 1 or after {@link #LATEST}
     */
    public static String format(Instant instant) {
        if (instant.isAfter(LATEST) || instant.isBefore(Instant.parse("0001-01-01T00:00:00Z"))) {
            throw new IllegalArgumentException("an HTTP-date must lie within the years 1 to 9999, but was " + instant);
        }
        return IMF_FIXDATE.format(instant);
    }
}
