package dev.maintenance4j;

import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.net.CidrBlock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The state as reported to people and scripts at an instant: what {@code maint status --json} prints
 * and status APIs return. Never holds the secret, only its fingerprint.
 *
 * @param active            maintenance is in force now
 * @param enabled           maintenance is switched on (in force, or scheduled for later)
 * @param scheduled         switched on with a start still in the future
 * @param mode              the mode id
 * @param reason            text for users, or null
 * @param since             when it was switched on, or null
 * @param startsAt          scheduled start, or null
 * @param until             expected end, or null
 * @param retryAfterSeconds what {@code Retry-After} says now, or null
 * @param refreshSeconds    the Refresh header, or null
 * @param allowed           allow-list entries
 * @param secretFingerprint fingerprint of the bypass secret, or null when none is set
 * @param redirect          redirect target for blocked browsers, or null
 * @param statusCode        status of blocked responses
 * @param version           state version
 * @param actor             who made this version, or null
 */
public record MaintenanceStatus(
        boolean active,
        boolean enabled,
        boolean scheduled,
        String mode,
        @Nullable String reason,
        @Nullable Instant since,
        @Nullable Instant startsAt,
        @Nullable Instant until,
        @Nullable Long retryAfterSeconds,
        @Nullable Long refreshSeconds,
        List<String> allowed,
        @Nullable String secretFingerprint,
        @Nullable String redirect,
        int statusCode,
        long version,
        @Nullable String actor) {

    public MaintenanceStatus {
        allowed = List.copyOf(allowed);
    }

    /** The status of a state at an instant. */
    public static MaintenanceStatus of(MaintenanceState state, Instant now) {
        BypassSecret secret = state.secret();
        return new MaintenanceStatus(
                state.isActiveAt(now),
                state.enabled(),
                state.isScheduledAt(now),
                state.mode().id(),
                state.reason(),
                state.since(),
                state.startsAt(),
                state.until(),
                state.enabled() ? state.retryAfterSecondsAt(now) : null,
                state.refresh() == null ? null : state.refresh().toSeconds(),
                state.allowed().entries().stream().map(CidrBlock::toString).toList(),
                secret == null ? null : secret.fingerprint(),
                state.redirect(),
                state.statusCode(),
                state.version(),
                state.actor());
    }
}
