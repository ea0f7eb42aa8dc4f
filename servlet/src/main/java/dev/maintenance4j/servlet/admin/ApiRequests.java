package dev.maintenance4j.servlet.admin;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.text.Failures;
import dev.maintenance4j.time.TimeExpressions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads admin API request bodies strictly: unknown fields, wrong types and bad values are refused
 * with a {@link BadRequestException} naming the field. Durations and times take the CLI's forms
 * ({@code "30m"}, {@code "+2h"}, ISO-8601), and plain numbers are seconds.
 */
final class ApiRequests {

    private static final Set<String> ENABLE_FIELDS = Set.of(
            "reason",
            "mode",
            "duration",
            "until",
            "startsAt",
            "retryAfter",
            "refresh",
            "allow",
            "secret",
            "generateSecret",
            "redirect",
            "status",
            "clear",
            "expectedVersion",
            "wait");
    private static final Set<String> ENTRIES_FIELDS = Set.of("entries", "expectedVersion");
    private static final Set<String> VERSION_FIELDS = Set.of("expectedVersion", "wait");

    private ApiRequests() {}

    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JsonMapper.shared().createObjectNode();
        }
        JsonNode node;
        try {
            node = JsonMapper.shared().readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestException(null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException(null, "the body must be a JSON object");
        }
        return node;
    }

    static EnableOptions enableOptions(JsonNode body, Clock clock) {
        onlyFields(body, ENABLE_FIELDS);
        Duration duration = optional(body, "duration", TimeExpressions::parseDuration);
        Instant until = optional(body, "until", text -> TimeExpressions.parseTime(text, clock));
        if (duration != null && until != null) {
            throw new BadRequestException("until", "give an end time or a duration, not both");
        }
        String secret = text(body, "secret");
        boolean generate = bool(body, "generateSecret");
        if (secret != null && generate) {
            throw new BadRequestException("secret", "give a secret or ask for a generated one, not both");
        }
        EnableOptions.Builder b = EnableOptions.builder()
                .reason(text(body, "reason"))
                .mode(optional(body, "mode", Mode::of))
                .duration(positive(duration, "duration"))
                .until(until)
                .startsAt(optional(body, "startsAt", text -> TimeExpressions.parseTime(text, clock)))
                .retryAfter(positive(optional(body, "retryAfter", TimeExpressions::parseDuration), "retryAfter"))
                .refresh(positive(optional(body, "refresh", TimeExpressions::parseDuration), "refresh"))
                .allowed(body.has("allow") ? cidrs(body, "allow") : null)
                .generateSecret(generate)
                .redirect(optional(body, "redirect", MaintenanceState::requireLocalPath));
        if (secret != null) {
            field("secret", () -> {
                BypassSecret.validate(secret);
                return secret;
            });
            b.secret(secret);
        }
        JsonNode status = body.get("status");
        if (status != null && !status.isNull()) {
            if (!status.isIntegralNumber()
                    || !status.canConvertToInt()
                    || !MaintenanceState.STATUS_CODES.contains(status.intValue())) {
                throw new BadRequestException(
                        "status",
                        "status must be one of " + new TreeSet<>(MaintenanceState.STATUS_CODES) + ", but was "
                                + status);
            }
            b.statusCode(status.intValue());
        }
        b.clear(clear(body));
        return field(null, b::build);
    }

    /** The {@code clear} field: names of settings to reset, such as {@code ["until", "retryAfter"]}. */
    private static Set<EnableOptions.Setting> clear(JsonNode body) {
        JsonNode array = body.get("clear");
        if (array == null || array.isNull()) {
            return Set.of();
        }
        if (!array.isArray()) {
            throw new BadRequestException("clear", "clear must be an array of setting names");
        }
        EnumSet<EnableOptions.Setting> settings = EnumSet.noneOf(EnableOptions.Setting.class);
        for (JsonNode name : array) {
            if (!name.isString()) {
                throw new BadRequestException("clear", "clear must be an array of setting names");
            }
            settings.add(field("clear", () -> EnableOptions.Setting.of(name.stringValue())));
        }
        return settings;
    }

    static List<CidrBlock> entries(JsonNode body) {
        onlyFields(body, ENTRIES_FIELDS);
        List<CidrBlock> entries = cidrs(body, "entries");
        if (entries.isEmpty()) {
            throw new BadRequestException("entries", "entries must name at least one IP address or CIDR block");
        }
        return entries;
    }

    static void versionOnly(JsonNode body) {
        onlyFields(body, VERSION_FIELDS);
    }

    /** The {@code wait} field: how long to wait for every instance (at most 10 minutes), or null. */
    static @Nullable Duration waitFor(JsonNode body) {
        Duration wait = optional(body, "wait", TimeExpressions::parseDuration);
        if (wait != null && (wait.isNegative() || wait.isZero() || wait.compareTo(Duration.ofMinutes(10)) > 0)) {
            throw new BadRequestException("wait", "wait must be positive and at most 10m");
        }
        return wait;
    }

    static @Nullable Long expectedVersion(JsonNode body) {
        JsonNode value = body.get("expectedVersion");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new BadRequestException("expectedVersion", "expectedVersion must be a non-negative integer");
        }
        return value.longValue();
    }

    private static void onlyFields(JsonNode body, Set<String> allowed) {
        for (Iterator<String> names = body.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new BadRequestException(
                        name, "unknown field '" + name + "'; expected one of " + new TreeSet<>(allowed));
            }
        }
    }

    private static List<CidrBlock> cidrs(JsonNode body, String field) {
        JsonNode array = body.get(field);
        if (array == null || !array.isArray()) {
            throw new BadRequestException(field, field + " must be an array of IP addresses or CIDR blocks");
        }
        List<CidrBlock> blocks = new ArrayList<>();
        for (JsonNode entry : array) {
            if (!entry.isString()) {
                throw new BadRequestException(field, field + " entries must be strings");
            }
            try {
                blocks.add(CidrBlock.parse(entry.stringValue()));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(field, Failures.describe(e));
            }
        }
        return blocks;
    }

    private static @Nullable String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new BadRequestException(field, field + " must be a string");
        }
        return value.stringValue();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new BadRequestException(field, field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** A string field parsed with the CLI's parsers; a bare number is seconds. */
    private static <T> @Nullable T optional(JsonNode body, String field, Function<String, T> parser) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text;
        if (value.isIntegralNumber()) {
            text = value.asString() + "s"; // a JSON number is seconds
        } else if (value.isString()) {
            text = value.stringValue();
        } else {
            throw new BadRequestException(field, field + " must be a string or a number of seconds");
        }
        return field(field, () -> parser.apply(text));
    }

    private static @Nullable Duration positive(@Nullable Duration value, String field) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new BadRequestException(field, field + " must be positive");
        }
        if (value != null) {
            field(field, () -> MaintenanceState.requireDuration(value, field));
        }
        return value;
    }

    private static <T> T field(@Nullable String field, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field, Failures.describe(e));
        }
    }
}
