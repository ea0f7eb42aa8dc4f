package dev.maintenance4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How much maintenance blocks. */
public enum Mode {
    /** Everything blocked except bypasses, exempt paths and admin operations. */
    FULL("full"),
    /** Reads and admin work pass; writes and configured heavy classes are blocked. */
    READ_ONLY("read-only"),
    /** As {@link #FULL}, and non-admin sessions are invalidated, logins refused, background jobs stopped. */
    EMERGENCY("emergency"),
    /** Dry run: nothing is blocked; what would be blocked is counted and logged. */
    TEST("test");

    private final String id;

    Mode(String id) {
        this.id = id;
    }

    /** The name used in commands, files and APIs: {@code full}, {@code read-only}, {@code emergency}, {@code test}. */
    public String id() {
        return id;
    }

    /**
     * Parses an id (case-insensitive; {@code read_only} and {@code readonly} are accepted too).
     *
     * @throws IllegalArgumentException listing the valid modes
     */
    public static Mode of(String id) {
        String normalized = id.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (normalized.equals("readonly")) {
            return READ_ONLY;
        }
        for (Mode mode : values()) {
            if (mode.id.equals(normalized)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + id + "', expected one of "
                + Arrays.stream(values()).map(Mode::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
