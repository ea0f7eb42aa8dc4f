package dev.maintenance4j.time;

import java.time.Duration;
import java.util.Objects;

/** Checks of durations given in settings and on the command line, with messages that name the setting and the bad value. */
public final class Durations {

    private Durations() {}

    /**
     * @throws IllegalArgumentException {@code "<name> must be positive, but was <value>"}
     */
    public static Duration requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
        return value;
    }

    /**
     * @throws IllegalArgumentException {@code "<name> must be at most <max>, but was <value>"}, in days
     *                                  or seconds as operators type them
     */
    public static Duration requireAtMost(Duration value, Duration max, String name) {
        if (value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    name + " must be at most " + readable(max) + ", but was " + readable(value));
        }
        return value;
    }

    private static String readable(Duration d) {
        return d.toSeconds() % 86_400 == 0 ? d.toDays() + "d" : d.toSeconds() + "s";
    }
}
