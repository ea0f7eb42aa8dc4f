package dev.maintenance4j.spring.boot.actuate;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** When maintenance became stale (on longer than the warning threshold), for health; provided by notifications. */
@FunctionalInterface
public interface StaleSince {

    @Nullable
    Instant get();
}
