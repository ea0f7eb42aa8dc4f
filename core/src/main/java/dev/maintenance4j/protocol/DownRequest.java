package dev.maintenance4j.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.net.CidrBlock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST api/down} ({@code maint down}): switch maintenance on, or change what it says while it stays on. Every field
 * is optional; an empty object is full maintenance with the defaults (or the current settings).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DownRequest(
        @JsonPropertyDescription("a string") @Nullable String reason,

        @JsonPropertyDescription("a mode id such as full or read-only") @Nullable
        String mode,

        @JsonPropertyDescription("a string or a number of seconds") @Nullable
        TimeText duration,

        @JsonPropertyDescription("a string or a number of seconds") @Nullable
        TimeText until,

        @JsonPropertyDescription("a string or a number of seconds") @Nullable
        TimeText startsAt,

        @JsonPropertyDescription("a string or a number of seconds") @Nullable
        TimeText retryAfter,

        @JsonPropertyDescription("a string or a number of seconds") @Nullable
        TimeText refresh,

        @JsonPropertyDescription("an array of IP addresses or CIDR blocks") @Nullable
        List<String> allow,

        @JsonPropertyDescription("a string") @Nullable String secret,
        @JsonPropertyDescription("true or false") @Nullable Boolean generateSecret,
        @JsonPropertyDescription("a string") @Nullable String redirect,

        @JsonPropertyDescription("an HTTP status code") @Nullable
        Integer status,

        @JsonPropertyDescription("an array of setting names") @Nullable
        List<String> clear,

        @JsonPropertyDescription("a non-negative integer") @Nullable
        Long expectedVersion,

        @JsonPropertyDescription("a string or a number of seconds") @JsonProperty("wait") @Nullable
        TimeText waitTime) {

    public DownRequest {
        AdminProtocol.expectedVersion(expectedVersion);
        AdminProtocol.waitFor(waitTime);
    }

    /** The request that asks for {@code options}. */
    public static DownRequest of(EnableOptions o, @Nullable Long expectedVersion, @Nullable Duration wait) {
        return new DownRequest(
                o.reason(),
                o.mode() == null ? null : o.mode().id(),
                o.duration() == null ? null : TimeText.of(o.duration()),
                o.until() == null ? null : TimeText.of(o.until()),
                o.startsAt() == null ? null : TimeText.of(o.startsAt()),
                o.retryAfter() == null ? null : TimeText.of(o.retryAfter()),
                o.refresh() == null ? null : TimeText.of(o.refresh()),
                o.allowed() == null
                        ? null
                        : o.allowed().stream().map(CidrBlock::toString).toList(),
                o.secret(),
                o.generateSecret() ? Boolean.TRUE : null,
                o.redirect(),
                o.statusCode(),
                o.clear().isEmpty()
                        ? null
                        : o.clear().stream()
                                .map(EnableOptions.Setting::apiField)
                                .toList(),
                expectedVersion,
                wait == null ? null : TimeText.of(wait));
    }

    /**
     * The options this asks for; times relative to {@code clock}.
     *
     * @throws InvalidRequestException naming the field at fault
     */
    public EnableOptions toOptions(Clock clock) {
        Duration duration = positive(field("duration", this.duration, TimeText::duration), "duration");
        Instant until = field("until", this.until, t -> t.time(clock));
        if (duration != null && until != null) {
            throw new InvalidRequestException("until", "give an end time or a duration, not both");
        }
        if (secret != null && Boolean.TRUE.equals(generateSecret)) {
            throw new InvalidRequestException("secret", "give a secret or ask for a generated one, not both");
        }
        if (secret != null) {
            AdminProtocol.check("secret", () -> {
                BypassSecret.validate(secret);
                return secret;
            });
        }
        if (status != null && !MaintenanceState.STATUS_CODES.contains(status)) {
            throw new InvalidRequestException(
                    "status",
                    "status must be one of " + new TreeSet<>(MaintenanceState.STATUS_CODES) + ", but was " + status);
        }
        EnableOptions.Builder b = EnableOptions.builder()
                .reason(reason)
                .mode(field("mode", mode, Mode::of))
                .duration(duration)
                .until(until)
                .startsAt(field("startsAt", startsAt, t -> t.time(clock)))
                .retryAfter(positive(field("retryAfter", retryAfter, TimeText::duration), "retryAfter"))
                .refresh(positive(field("refresh", refresh, TimeText::duration), "refresh"))
                .allowed(allow == null ? null : AdminProtocol.cidrs("allow", allow))
                .secret(secret)
                .generateSecret(Boolean.TRUE.equals(generateSecret))
                .redirect(field("redirect", redirect, MaintenanceState::requireLocalPath))
                .statusCode(status)
                .clear(clearing());
        return AdminProtocol.check(null, b::build);
    }

    /** The {@code wait} field: how long to wait for every instance (at most 10 minutes), or null. */
    public @Nullable Duration waitFor() {
        return AdminProtocol.waitFor(waitTime);
    }

    private Set<EnableOptions.Setting> clearing() {
        if (clear == null) {
            return Set.of();
        }
        EnumSet<EnableOptions.Setting> settings = EnumSet.noneOf(EnableOptions.Setting.class);
        for (String name : clear) {
            settings.add(AdminProtocol.check("clear", () -> EnableOptions.Setting.of(name)));
        }
        return settings;
    }

    private static <T, R> @Nullable R field(String field, @Nullable T value, Function<T, R> parser) {
        return value == null ? null : AdminProtocol.check(field, () -> parser.apply(value));
    }

    private static @Nullable Duration positive(@Nullable Duration value, String field) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new InvalidRequestException(field, field + " must be positive");
        }
        if (value != null) {
            AdminProtocol.check(field, () -> MaintenanceState.requireDuration(value, field));
        }
        return value;
    }
}
