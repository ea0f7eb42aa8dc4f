package dev.maintenance4j.internal;

import java.time.Duration;

/** Argument checks whose messages name the parameter and the bad value. */
public final class Checks {

    private Checks() {
    }

    /**
     * A namespace separating services that share one store: 1 to 100 letters, digits, {@code . _ -}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static String namespace(String namespace) {
        if (namespace.isEmpty() || namespace.length() > 100
                || !namespace.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
            throw new IllegalArgumentException("namespace may only use letters, digits and . _ -, but was '" + namespace + "'");
        }
        return namespace;
    }

    /**
     * @throws IllegalArgumentException {@code "<name> must be positive, but was <value>"}
     */
    public static Duration positive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
        return value;
    }

    /**
     * @throws IllegalArgumentException {@code "<name> must be at most <max>, but was <value>"}, in days
     *                                  or seconds as operators type them
     */
    public static Duration atMost(Duration value, Duration max, String name) {
        if (value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + readable(max) + ", but was " + readable(value));
        }
        return value;
    }

    private static String readable(Duration d) {
        return d.toSeconds() % 86_400 == 0 ? d.toDays() + "d" : d.toSeconds() + "s";
    }
}
