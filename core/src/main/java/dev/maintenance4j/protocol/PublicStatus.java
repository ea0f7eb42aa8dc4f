package dev.maintenance4j.protocol;

import dev.maintenance4j.MaintenanceState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /maintenance/status.json}: what a frontend banner needs and nothing more, safe to serve to
 * anyone (no reason while off, no allow-list, no fingerprint).
 *
 * @param mode     the mode while active, else null
 * @param message  the reason while switched on, else null
 * @param upcoming the scheduled window while it has not started, else null
 */
public record PublicStatus(
        boolean active,
        @Nullable String mode,
        @Nullable String message,
        @Nullable Instant until,
        @Nullable Upcoming upcoming,
        long version) {

    /** A maintenance switched on to start later. */
    public record Upcoming(Instant startsAt, @Nullable Instant until, String mode) {}

    public static PublicStatus of(MaintenanceState state, Instant now) {
        boolean active = state.isActiveAt(now);
        Instant startsAt = state.startsAt();
        return new PublicStatus(
                active,
                active ? state.mode().id() : null,
                state.enabled() ? state.reason() : null,
                state.enabled() ? state.until() : null,
                state.isScheduledAt(now) && startsAt != null
                        ? new Upcoming(startsAt, state.until(), state.mode().id())
                        : null,
                state.version());
    }

    /** The validator an ETag carries: the version, and whether a scheduled window has started or ended since. */
    public static String entityTag(MaintenanceState state, Instant now) {
        return "\"" + state.version() + "-" + (state.isActiveAt(now) ? 'a' : state.isScheduledAt(now) ? 's' : 'o')
                + "\"";
    }
}
