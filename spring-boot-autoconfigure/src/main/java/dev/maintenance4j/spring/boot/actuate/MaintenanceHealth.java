package dev.maintenance4j.spring.boot.actuate;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.buffer.BufferStats;
import dev.maintenance4j.buffer.request.RequestBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code maintenance} health reports, whichever Spring Boot asks: UP while the state store answers
 * (with the maintenance state as details), DOWN when it does not — the instance then keeps serving its last
 * known state — or when the write buffer's disk fails, so it can take no writes. Maintenance itself is not a
 * failure, and neither is a backlog; to take instances out of rotation during maintenance use
 * {@code maintenance.health.readiness-out-of-service=true}. Spring Boot 3 and 4 each have their own
 * {@code MaintenanceHealthIndicator}, which only translates this report.
 */
public final class MaintenanceHealth {

    private final Maintenance maintenance;
    private final Supplier<@Nullable Instant> staleSince;
    private final @Nullable RequestBuffer buffer;

    /**
     * @param maintenance the instance
     * @param staleSince  when maintenance became stale (on longer than the warning threshold), shown as
     *                    {@code staleSince}; null while it is not
     * @param buffer      the write buffer, whose backlog and replay progress the details show; null without one
     */
    public MaintenanceHealth(
            Maintenance maintenance, Supplier<@Nullable Instant> staleSince, @Nullable RequestBuffer buffer) {
        this.maintenance = maintenance;
        this.staleSince = staleSince;
        this.buffer = buffer;
    }

    public MaintenanceHealth(Maintenance maintenance) {
        this(maintenance, () -> null, null);
    }

    /**
     * One health check.
     *
     * @param up      whether the instance is healthy
     * @param details what the health endpoint shows, in order
     */
    public record Report(boolean up, Map<String, Object> details) {
        public Report {
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }

    /** Checks the store (reading it when the last read is over a second old) and reports. */
    public Report check() {
        MaintenanceState state = maintenance.state();
        Instant now = maintenance.clock().instant();
        // an outage shows within a second or two
        boolean up = maintenance.view().checkStore(Duration.ofSeconds(1));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("active", state.isActiveAt(now));
        details.put("mode", state.mode().id());
        details.put("version", state.version());
        details.put("store", maintenance.view().store().describe());
        if (state.isScheduledAt(now)) {
            details.put(
                    "startsAt",
                    Objects.requireNonNull(state.startsAt(), "a scheduled state has a start")
                            .toString());
        }
        if (state.enabled() && state.until() != null) {
            details.put("until", state.until().toString());
        }
        Instant stale = staleSince.get();
        if (stale != null) {
            details.put("staleSince", stale.toString());
        }
        RequestBuffer requestBuffer = buffer;
        if (requestBuffer != null) {
            BufferStats stats = requestBuffer.stats();
            Map<String, Object> bufferDetails = new LinkedHashMap<>();
            bufferDetails.put("pending", stats.pending());
            bufferDetails.put("draining", stats.draining());
            bufferDetails.put("drainProgress", stats.drainProgress());
            bufferDetails.put("deadLetters", stats.deadLetters());
            bufferDetails.put(
                    "oldestPendingAgeSeconds", stats.oldestPendingAge(now).toSeconds());
            if (stats.failure() != null) {
                bufferDetails.put("failure", stats.failure());
                up = false;
            }
            details.put("buffer", bufferDetails);
        }
        if (maintenance.view().lastFailure() != null) {
            details.put("storeFailure", maintenance.view().lastFailure());
        }
        return new Report(up, details);
    }
}
