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

    public StoreOptions {
        Objects.requireNonNull(safeDefault, "safeDefault");
        Objects.requireNonNull(clock, "clock");
        Durations.requirePositive(pollInterval, "pollInterval");
    }

    /** Open safe default, 1 s polling, the system clock. */
    public static StoreOptions ofDefaults() {
        return new StoreOptions(SafeDefault.OPEN, Duration.ofSeconds(1), Clock.systemUTC());
    }
}
