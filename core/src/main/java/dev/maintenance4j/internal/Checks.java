package dev.maintenance4j.internal;

import java.time.Duration;

/** Argument checks whose messages name the parameter and the bad value. */
public final class Checks {

    private Checks() {
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
}
