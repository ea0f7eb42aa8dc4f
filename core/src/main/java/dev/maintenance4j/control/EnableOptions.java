package dev.maintenance4j.control;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.net.IpAllowList;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@code down} asks for. Every option is optional: a null option keeps the current value when
 * maintenance is already on (so re-running {@code down} updates just what it names) and takes the
 * default when it starts fresh. The allow-list is kept across {@code up}/{@code down}; the secret is
 * not.
 *
 * @param mode           mode, default full
 * @param reason         text for users
 * @param retryAfter     Retry-After when no end is known
 * @param refresh        Refresh header for the maintenance page
 * @param allowed        replaces the allow-list when given
 * @param secret         a bypass secret chosen by the operator
 * @param generateSecret generate a new secret (shown once)
 * @param startsAt       scheduled start
 * @param until          end
 * @param duration       end relative to the start (or now), instead of {@code until}
 * @param redirect       local path to redirect blocked browsers to
 * @param statusCode     status of blocked responses
 * @param clear          settings to reset to their defaults while maintenance stays on (a setting can
 *                       not be both given and cleared)
 */
public record EnableOptions(
        @Nullable Mode mode,
        @Nullable String reason,
        @Nullable Duration retryAfter,
        @Nullable Duration refresh,
        @Nullable List<CidrBlock> allowed,
        @Nullable String secret,
        boolean generateSecret,
        @Nullable Instant startsAt,
        @Nullable Instant until,
        @Nullable Duration duration,
        @Nullable String redirect,
        @Nullable Integer statusCode,
        Set<Setting> clear) {

    /**
     * The {@code Retry-After} a new maintenance gets unless one is given (or cleared), so crawlers and
     * clients always get a retry hint; a known end takes precedence over it in the header. Services set
     * another with {@code maintenance.default-retry-after}, the CLI with {@code MAINTENANCE4J_DEFAULT_RETRY}.
     */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofMinutes(5);

    /** How far ahead a start or an end may lie, and the longest duration: a year. */
    public static final Duration MAX_AHEAD = MaintenanceState.MAX_DURATION;

    public EnableOptions(
            @Nullable Mode mode,
            @Nullable String reason,
            @Nullable Duration retryAfter,
            @Nullable Duration refresh,
            @Nullable List<CidrBlock> allowed,
            @Nullable String secret,
            boolean generateSecret,
            @Nullable Instant startsAt,
            @Nullable Instant until,
            @Nullable Duration duration,
            @Nullable String redirect,
            @Nullable Integer statusCode,
            Set<Setting> clear) {
        if (secret != null && generateSecret) {
            throw new IllegalArgumentException("give a secret or ask for a generated one, not both");
        }
        if (secret != null) {
            BypassSecret.validate(secret);
        }
        if (until != null && duration != null) {
            throw new IllegalArgumentException("give an end time or a duration, not both");
        }
        if (duration != null) {
            MaintenanceState.requireDuration(duration, "duration");
        }
        if (retryAfter != null) {
            MaintenanceState.requireDuration(retryAfter, "retryAfter");
        }
        if (refresh != null) {
            MaintenanceState.requireDuration(refresh, "refresh");
        }
        if (redirect != null) {
            MaintenanceState.requireLocalPath(redirect);
        }
        if (statusCode != null) {
            MaintenanceState.requireStatusCode(statusCode);
        }
        this.mode = mode;
        this.reason = reason;
        this.retryAfter = retryAfter;
        this.refresh = refresh;
        this.allowed = allowed == null ? null : List.copyOf(allowed);
        this.secret = secret;
        this.generateSecret = generateSecret;
        this.startsAt = startsAt;
        this.until = until;
        this.duration = duration;
        this.redirect = redirect;
        this.statusCode = statusCode;
        this.clear = clear.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(clear));
        for (Setting setting : this.clear) {
            if (gives(setting)) {
                throw new IllegalArgumentException("give " + setting.id() + " or clear it, not both");
            }
        }
    }

    /** True when these options set {@code setting} (so it can not be cleared at the same time). */
    public boolean gives(Setting setting) {
        return switch (setting) {
            case REASON -> reason != null;
            case RETRY -> retryAfter != null;
            case REFRESH -> refresh != null;
            case AT -> startsAt != null;
            case UNTIL -> until != null || duration != null;
            case REDIRECT -> redirect != null;
            case STATUS -> statusCode != null;
            case SECRET -> secret != null || generateSecret;
            case ALLOW -> allowed != null;
        };
    }

    /**
     * A setting that {@code down} can reset while maintenance stays on. Ids are the CLI's flag names;
     * {@link #of(String)} also takes the admin API's field names.
     */
    public enum Setting {
        /** The reason: back to the default message. */
        REASON("reason", "reason"),
        /** Retry-After when no end is known: none. */
        RETRY("retry", "retryAfter"),
        /** The page's Refresh header: none. */
        REFRESH("refresh", "refresh"),
        /** The scheduled start: in force now. */
        AT("at", "startsAt"),
        /** The end: open-ended. */
        UNTIL("until", "until"),
        /** The redirect for browsers: the maintenance page instead. */
        REDIRECT("redirect", "redirect"),
        /** The status code: 503. */
        STATUS("status", "status"),
        /** The bypass secret: none (bypass cookies stop working). */
        SECRET("secret", "secret"),
        /** The allow-list: empty. */
        ALLOW("allow", "allow");

        private final String id;
        private final String apiField;

        Setting(String id, String apiField) {
            this.id = id;
            this.apiField = apiField;
        }

        /** The CLI's name: {@code --clear retry}. */
        public String id() {
            return id;
        }

        /** The admin API's field name. */
        public String apiField() {
            return apiField;
        }

        /**
         * @throws IllegalArgumentException naming the settings that can be cleared
         */
        public static Setting of(String name) {
            String n = name.strip();
            for (Setting s : values()) {
                if (s.id.equalsIgnoreCase(n) || s.apiField.equalsIgnoreCase(n)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not a setting that can be cleared; use one of "
                    + String.join(", ", Arrays.stream(values()).map(Setting::id).toList()));
        }
    }

    /** No options: full maintenance with defaults, or the current settings if already on. */
    public static EnableOptions none() {
        return new EnableOptions(null, null, null, null, null, null, false, null, null, null, null, null, Set.of());
    }

    /** The state this asks for, given the current one; a new maintenance gets {@link #DEFAULT_RETRY_AFTER}. */
    public Applied applyTo(MaintenanceState current, Instant now, SecureRandom random) {
        return applyTo(current, now, random, DEFAULT_RETRY_AFTER);
    }

    /** The state this asks for, given the current one; a new maintenance gets {@code defaultRetryAfter} (or none when null). */
    public Applied applyTo(
            MaintenanceState current, Instant now, SecureRandom random, @Nullable Duration defaultRetryAfter) {
        boolean fresh = !current.enabled();
        MaintenanceState.Builder b = current.toBuilder().enabled(true);
        if (fresh) {
            b.mode(Mode.FULL)
                    .reason(null)
                    .since(now)
                    .startsAt(null)
                    .until(null)
                    .retryAfter(defaultRetryAfter)
                    .refresh(null)
                    .redirect(null)
                    .statusCode(503)
                    .secret(null);
        }
        if (mode != null) {
            b.mode(mode);
        }
        if (reason != null) {
            b.reason(reason.isBlank() ? null : reason.strip());
        }
        if (retryAfter != null) {
            b.retryAfter(retryAfter);
        }
        if (refresh != null) {
            b.refresh(refresh);
        }
        if (allowed != null) {
            b.allowed(IpAllowList.of(allowed));
        }
        if (redirect != null) {
            b.redirect(redirect);
        }
        if (statusCode != null) {
            b.statusCode(statusCode);
        }
        for (Setting setting : clear) {
            switch (setting) {
                case REASON -> b.reason(null);
                case RETRY -> b.retryAfter(null);
                case REFRESH -> b.refresh(null);
                case AT -> b.startsAt(null);
                case UNTIL -> b.until(null);
                case REDIRECT -> b.redirect(null);
                case STATUS -> b.statusCode(503);
                case SECRET -> b.secret(null);
                case ALLOW -> b.allowed(IpAllowList.empty());
            }
        }
        Instant latest = now.plus(MAX_AHEAD);
        Instant start = startsAt != null ? startsAt : fresh || clear.contains(Setting.AT) ? null : current.startsAt();
        if (startsAt != null) {
            if (startsAt.isAfter(latest)) {
                throw new IllegalArgumentException("the start of maintenance must be within " + MAX_AHEAD.toDays()
                        + " days (by " + latest + "), but was " + startsAt);
            }
            b.startsAt(startsAt);
        }
        Instant end = until;
        if (duration != null) {
            end = (start != null && start.isAfter(now) ? start : now).plus(duration);
        }
        if (end != null) {
            if (!end.isAfter(now)) {
                throw new IllegalArgumentException("the end of maintenance must be in the future, but was " + end);
            }
            Instant base = start != null && start.isAfter(now) ? start : now;
            if (end.isAfter(base.plus(MAX_AHEAD))) {
                throw new IllegalArgumentException("the end of maintenance must be within " + MAX_AHEAD.toDays()
                        + " days of its start (by " + base.plus(MAX_AHEAD) + "), but was " + end);
            }
            b.until(end);
        }
        String shownSecret = null;
        if (secret != null) {
            b.secret(BypassSecret.of(secret, random));
        } else if (generateSecret) {
            BypassSecret.Generated generated = BypassSecret.generate(random);
            b.secret(generated.stored());
            shownSecret = generated.secret();
        }
        return new Applied(b.build(), shownSecret);
    }

    /**
     * The resulting state and, if one was generated, the secret to show once.
     *
     * @param state           the state to store
     * @param generatedSecret the clear-text generated secret, or null
     */
    public record Applied(MaintenanceState state, @Nullable String generatedSecret) {}

    /** Builds options; only what is set is applied. */
    public static Builder builder() {
        return new Builder();
    }

    /** A fluent way to build {@link EnableOptions}. */
    public static final class Builder {
        private @Nullable Mode mode;
        private @Nullable String reason;
        private @Nullable Duration retryAfter;
        private @Nullable Duration refresh;
        private @Nullable List<CidrBlock> allowed;
        private @Nullable String secret;
        private boolean generateSecret;
        private @Nullable Instant startsAt;
        private @Nullable Instant until;
        private @Nullable Duration duration;
        private @Nullable String redirect;
        private @Nullable Integer statusCode;
        private Set<Setting> clear = Set.of();

        private Builder() {}

        public Builder mode(@Nullable Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder reason(@Nullable String reason) {
            this.reason = reason;
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

        public Builder allowed(@Nullable List<CidrBlock> allowed) {
            this.allowed = allowed;
            return this;
        }

        public Builder secret(@Nullable String secret) {
            this.secret = secret;
            return this;
        }

        public Builder generateSecret(boolean generateSecret) {
            this.generateSecret = generateSecret;
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

        public Builder duration(@Nullable Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder redirect(@Nullable String redirect) {
            this.redirect = redirect;
            return this;
        }

        public Builder statusCode(@Nullable Integer statusCode) {
            this.statusCode = statusCode;
            return this;
        }

        /** Settings to reset to their defaults (see {@link Setting}). */
        public Builder clear(Set<Setting> settings) {
            this.clear = Set.copyOf(settings);
            return this;
        }

        public EnableOptions build() {
            return new EnableOptions(
                    mode,
                    reason,
                    retryAfter,
                    refresh,
                    allowed,
                    secret,
                    generateSecret,
                    startsAt,
                    until,
                    duration,
                    redirect,
                    statusCode,
                    clear);
        }
    }
}
