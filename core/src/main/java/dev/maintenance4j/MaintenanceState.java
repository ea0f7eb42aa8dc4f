package dev.maintenance4j;

import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.net.IpAllowList;
import dev.maintenance4j.time.Durations;
import dev.maintenance4j.time.HttpDates;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One immutable, versioned snapshot of the maintenance state, as stored and as served from memory.
 *
 * <p>{@code enabled} is the switch; whether maintenance is in force at an instant also depends on the
 * window: {@link #isActiveAt(Instant)} is false before {@code startsAt} (a scheduled window, announced
 * but not started) and from {@code until} on (an expired window).
 *
 * @param enabled    maintenance is switched on (possibly scheduled for later)
 * @param mode       how much is blocked
 * @param reason     text shown to users, or null
 * @param since      when maintenance was switched on, or null when off
 * @param startsAt   a scheduled start, or null for at once
 * @param until      the expected (and automatic) end, or null for open-ended
 * @param retryAfter what to tell clients in {@code Retry-After} when no end is known, or null
 * @param refresh    seconds for the {@code Refresh} header of the maintenance page, or null
 * @param allowed    client networks that bypass maintenance
 * @param secret     the stored form of the bypass secret, or null
 * @param redirect   a local path to redirect blocked browsers to, or null
 * @param statusCode the status of blocked responses (503 unless set)
 * @param actor      who made this version, or null for the initial state
 * @param version    0 for the initial state, incremented by every stored change
 */
public record MaintenanceState(
        boolean enabled,
        Mode mode,
        @Nullable String reason,
        @Nullable Instant since,
        @Nullable Instant startsAt,
        @Nullable Instant until,
        @Nullable Duration retryAfter,
        @Nullable Duration refresh,
        IpAllowList allowed,
        @Nullable BypassSecret secret,
        @Nullable String redirect,
        int statusCode,
        @Nullable String actor,
        long version) {

    /** The most characters a reason may have. */
    public static final int MAX_REASON_LENGTH = 2000;
    /**
     * The latest instant a state may name (start, end, since): the last second an HTTP-date can write,
     * so every state can be sent in a {@code Retry-After} header.
     */
    public static final Instant LATEST_TIME = HttpDates.LATEST;
    /** The longest {@code retryAfter} and {@code refresh}: a year. */
    public static final Duration MAX_DURATION = Duration.ofDays(366);

    /**
     * The status codes a maintenance response may carry: success or an error that needs no extra
     * header. Redirects (no {@code Location}), 401 (no {@code WWW-Authenticate}), 1xx, 204 and 304 (no
     * body) are refused.
     */
    public static final Set<Integer> STATUS_CODES = Set.of(200, 403, 404, 410, 423, 429, 500, 502, 503, 504);

    private static final MaintenanceState OFF = builder().build();

    public MaintenanceState {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(allowed, "allowed");
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException(
                    "reason must have at most " + MAX_REASON_LENGTH + " characters, but had " + reason.length());
        }
        requireWithinRange(since, "since");
        requireWithinRange(startsAt, "startsAt");
        requireWithinRange(until, "until");
        if (startsAt != null && until != null && !until.isAfter(startsAt)) {
            throw new IllegalArgumentException("until must be after startsAt, but was " + until + " <= " + startsAt);
        }
        if (retryAfter != null) {
            requireDuration(retryAfter, "retryAfter");
        }
        if (refresh != null) {
            requireDuration(refresh, "refresh");
        }
        if (redirect != null) {
            requireLocalPath(redirect);
        }
        requireStatusCode(statusCode);
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, but was " + version);
        }
    }

    /**
     * A duration a state may hold ({@code retryAfter}, {@code refresh}) or an operator may ask for: positive
     * and at most {@link #MAX_DURATION}.
     *
     * @throws IllegalArgumentException naming {@code name} and the bound
     */
    public static Duration requireDuration(Duration value, String name) {
        return Durations.requireAtMost(Durations.requirePositive(value, name), MAX_DURATION, name);
    }

    /**
     * @throws IllegalArgumentException naming the codes allowed
     */
    public static int requireStatusCode(int statusCode) {
        if (!STATUS_CODES.contains(statusCode)) {
            throw new IllegalArgumentException(
                    "statusCode must be one of " + new TreeSet<>(STATUS_CODES) + ", but was " + statusCode);
        }
        return statusCode;
    }

    private static void requireWithinRange(@Nullable Instant time, String name) {
        if (time != null && (time.isAfter(LATEST_TIME) || time.isBefore(Instant.EPOCH))) {
            throw new IllegalArgumentException(
                    name + " must lie between 1970 and " + LATEST_TIME + ", but was " + time);
        }
    }

    /** The initial state: not in maintenance, version 0. */
    public static MaintenanceState off() {
        return OFF;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this state's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True when maintenance is in force at this instant: enabled, started and not yet ended. */
    public boolean isActiveAt(Instant now) {
        return enabled && (startsAt == null || !now.isBefore(startsAt)) && (until == null || now.isBefore(until));
    }

    /** True when enabled with a start still in the future (for "maintenance tonight at 02:00" banners). */
    public boolean isScheduledAt(Instant now) {
        return enabled && startsAt != null && now.isBefore(startsAt);
    }

    /**
     * The seconds to put in {@code Retry-After} at this instant: until the known end (rounded up), else
     * the configured retry-after, else null.
     */
    public @Nullable Long retryAfterSecondsAt(Instant now) {
        if (until != null && now.isBefore(until)) {
            Duration left = Duration.between(now, until);
            return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        }
        return retryAfter == null ? null : retryAfter.toSeconds();
    }

    /** True when enabled with a window that does not cover every instant, so a clock must be read. */
    public boolean hasWindow() {
        return startsAt != null || until != null;
    }

    /**
     * True when both states say the same thing to users, ignoring version and actor (who wrote a
     * state is bookkeeping). Used to keep repeated commands idempotent.
     */
    public boolean sameSettingsAs(MaintenanceState other) {
        return enabled == other.enabled
                && mode == other.mode
                && Objects.equals(reason, other.reason)
                && Objects.equals(since, other.since)
                && Objects.equals(startsAt, other.startsAt)
                && Objects.equals(until, other.until)
                && Objects.equals(retryAfter, other.retryAfter)
                && Objects.equals(refresh, other.refresh)
                && allowed.equals(other.allowed)
                && Objects.equals(secret, other.secret)
                && Objects.equals(redirect, other.redirect)
                && statusCode == other.statusCode;
    }

    /**
     * Checks that a redirect target stays on this site: it must start with a single {@code /}, and may
     * not hold a backslash or a control character (browsers read {@code /\evil.com} as another host).
     *
     * @throws IllegalArgumentException explaining why the target was refused
     */
    public static String requireLocalPath(String redirect) {
        if (redirect.isEmpty() || redirect.charAt(0) != '/' || redirect.startsWith("//")) {
            throw new IllegalArgumentException(
                    "redirect must be a local path starting with a single '/', but was '" + redirect + "'");
        }
        for (int i = 0; i < redirect.length(); i++) {
            char c = redirect.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(
                        "redirect may not contain backslashes or control characters, but was '" + redirect + "'");
            }
            if (c > 0x7f) {
                // a Location header carries ASCII only: servers drop the header (or fail) on anything else
                throw new IllegalArgumentException(
                        "redirect may only contain ASCII characters (percent-encode others), but was '" + redirect
                                + "'");
            }
        }
        if (redirect.length() > 2000) {
            throw new IllegalArgumentException("redirect must have at most 2000 characters");
        }
        return redirect;
    }

    /** Builds states; {@link #build()} validates and names a bad value. */
    public static final class Builder {
        private boolean enabled;
        private Mode mode = Mode.FULL;
        private @Nullable String reason;
        private @Nullable Instant since;
        private @Nullable Instant startsAt;
        private @Nullable Instant until;
        private @Nullable Duration retryAfter;
        private @Nullable Duration refresh;
        private IpAllowList allowed = IpAllowList.empty();
        private @Nullable BypassSecret secret;
        private @Nullable String redirect;
        private int statusCode = 503;
        private @Nullable String actor;
        private long version;

        private Builder() {}

        private Builder(MaintenanceState s) {
            enabled = s.enabled;
            mode = s.mode;
            reason = s.reason;
            since = s.since;
            startsAt = s.startsAt;
            until = s.until;
            retryAfter = s.retryAfter;
            refresh = s.refresh;
            allowed = s.allowed;
            secret = s.secret;
            redirect = s.redirect;
            statusCode = s.statusCode;
            actor = s.actor;
            version = s.version;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder reason(@Nullable String reason) {
            this.reason = reason;
            return this;
        }

        public Builder since(@Nullable Instant since) {
            this.since = since;
            return this;
        }

        public Builder startsAt(@Nullable Instant startsAt) {
            this.startsAt = startsAt;
            return this;
        }

        public Builder until(@Nullable Instant until) {
            this.until = until;
            return this;
        }

        public Builder retryAfter(@Nullable Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        public Builder refresh(@Nullable Duration refresh) {
            this.refresh = refresh;
            return this;
        }

        public Builder allowed(IpAllowList allowed) {
            this.allowed = Objects.requireNonNull(allowed, "allowed");
            return this;
        }

        public Builder secret(@Nullable BypassSecret secret) {
            this.secret = secret;
            return this;
        }

        public Builder redirect(@Nullable String redirect) {
            this.redirect = redirect;
            return this;
        }

        public Builder statusCode(int statusCode) {
            this.statusCode = statusCode;
            return this;
        }

        public Builder actor(@Nullable String actor) {
            this.actor = actor;
            return this;
        }

        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public MaintenanceState build() {
            return new MaintenanceState(
                    enabled,
                    mode,
                    reason,
                    since,
                    startsAt,
                    until,
                    retryAfter,
                    refresh,
                    allowed,
                    secret,
                    redirect,
                    statusCode,
                    actor,
                    version);
        }
    }
}
