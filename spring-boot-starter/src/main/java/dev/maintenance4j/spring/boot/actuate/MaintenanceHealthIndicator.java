package dev.maintenance4j.spring.boot.actuate;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.buffer.BufferStats;
import dev.maintenance4j.servlet.buffer.RequestBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code maintenance} health: UP while the state store answers (with the maintenance state as details),
 * DOWN when it does not — the instance then keeps serving its last known state. Maintenance itself is
 * not a failure; to take instances out of rotation during maintenance use
 * {@code maintenance.health.readiness-out-of-service=true}.
 */
public final class MaintenanceHealthIndicator implements HealthIndicator {

    private final Maintenance maintenance;
    private final Supplier<@Nullable Instant> staleSince;
    private volatile @Nullable RequestBuffer buffer;

    public MaintenanceHealthIndicator(Maintenance maintenance) {
        this(maintenance, () -> null);
    }

    /** With the time maintenance became stale (on longer than the warning threshold), shown as {@code staleSince}. */
    public MaintenanceHealthIndicator(Maintenance maintenance, Supplier<@Nullable Instant> staleSince) {
        this.maintenance = maintenance;
        this.staleSince = staleSince;
    }

    /**
     * Shows the write buffer's backlog and replay progress in the details (a backlog does not make health
     * DOWN; a buffer whose disk fails, so it can take no writes, does).
     */
    public MaintenanceHealthIndicator withBuffer(@Nullable RequestBuffer buffer) {
        this.buffer = buffer;
        return this;
    }

    @Override
    public Health health() {
        MaintenanceState state = maintenance.state();
        Instant now = maintenance.clock().instant();
        // a health check reads the store when the last read is over a second old: an outage shows within a second or
        // two
        Health.Builder health = maintenance.view().checkStore(Duration.ofSeconds(1)) ? Health.up() : Health.down();
        health.withDetail("active", state.isActiveAt(now))
                .withDetail("mode", state.mode().id())
                .withDetail("version", state.version())
                .withDetail("store", maintenance.view().store().describe());
        if (state.isScheduledAt(now)) {
            health.withDetail(
                    "startsAt",
                    Objects.requireNonNull(state.startsAt(), "a scheduled state has a start")
                            .toString());
        }
        if (state.enabled() && state.until() != null) {
            health.withDetail("until", state.until().toString());
        }
        Instant stale = staleSince.get();
        if (stale != null) {
            health.withDetail("staleSince", stale.toString());
        }
        RequestBuffer requestBuffer = buffer;
        if (requestBuffer != null) {
            BufferStats stats = requestBuffer.stats();
            Map<String, Object> details = new LinkedHashMap<>(Map.of(
                    "pending",
                    stats.pending(),
                    "draining",
                    stats.draining(),
                    "drainProgress",
                    stats.drainProgress(),
                    "deadLetters",
                    stats.deadLetters(),
                    "oldestPendingAgeSeconds",
                    stats.oldestPendingAge(now).toSeconds()));
            if (stats.failure() != null) {
                details.put("failure", stats.failure());
                health.down();
            }
            health.withDetail("buffer", details);
        }
        if (maintenance.view().lastFailure() != null) {
            health.withDetail("storeFailure", maintenance.view().lastFailure());
        }
        return health.build();
    }
}
