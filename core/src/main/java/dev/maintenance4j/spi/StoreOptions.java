package dev.maintenance4j.spi;

import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.time.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings every store opened from a URI shares.
 *
 * @param safeDefault  what to assume when stored data can not be decoded
 * @param pollInterval how often to poll for changes where there is no push
 * @param clock        the time source
 */
public record StoreOptions(SafeDefault safeDefault, Duration pollInterval, Clock clock) {

    /**
     * How often instances read the store in case a push was missed, and stores without push (Memcached,
     * a file system without change events) look for changes, unless configured: the one default, as
     * ISO-8601 text for configuration defaults (Spring's {@code @DefaultValue} takes it as is). One read
     * a second per instance costs a store nothing noticeable and bounds how long a missed change can go
     * unseen.
     */
    public static final String DEFAULT_POLL_INTERVAL_ISO = "PT1S";
    /** {@link #DEFAULT_POLL_INTERVAL_ISO} as a duration. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.parse(DEFAULT_POLL_INTERVAL_ISO);

    public StoreOptions {
        Objects.requireNonNull(safeDefault, "safeDefault");
        Objects.requireNonNull(clock, "clock");
        Durations.requirePositive(pollInterval, "pollInterval");
    }

    /** Open safe default, {@link #DEFAULT_POLL_INTERVAL} polling, the system clock. */
    public static StoreOptions ofDefaults() {
        return new StoreOptions(SafeDefault.OPEN, DEFAULT_POLL_INTERVAL, Clock.systemUTC());
    }
}
