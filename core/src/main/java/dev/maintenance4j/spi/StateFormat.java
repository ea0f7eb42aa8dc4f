package dev.maintenance4j.spi;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.net.IpAllowList;
import dev.maintenance4j.text.Failures;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The storage format: how a state, an audit record and an instance report are written as bytes, the
 * same in a file, a Redis hash, a database row or a Memcached value, so that any store (a shipped one
 * or your own) reads what another wrote and tools can inspect it. Every value is one UTF-8 JSON object;
 * the fields are listed in the core module's README ("The storage format").
 *
 * <p>Decoding is strict about types and values and reports any problem as {@link StateFormatException},
 * never anything else; fields it does not know are ignored, so a newer writer may add some. A document
 * whose {@code format} is higher than {@link #FORMAT} is refused as written by a newer maintenance4j.
 * Stores should not catch the exception themselves but read through
 * {@link StoredState#decode(byte[], dev.maintenance4j.SafeDefault, String)}, which turns unreadable data
 * into the configured safe default with one loud log line.
 */
public final class StateFormat {

    /** The format written; higher formats are refused as written by a newer version. */
    public static final int FORMAT = 1;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StateFormat() {}

    /** A state, with its version, actor and the secret's verifier (never the secret). */
    public static byte[] encode(MaintenanceState state) {
        return MAPPER.writeValueAsBytes(toJson(state));
    }

    /** @throws StateFormatException when the bytes are not a state in this format */
    public static MaintenanceState decode(byte[] bytes) {
        return fromJson(parse(bytes));
    }

    /** An audit record: the change (action, actor, origin, time) with the whole state before and after. */
    public static byte[] encodeAudit(AuditRecord record) {
        ObjectNode node = NODES.objectNode();
        node.put("format", FORMAT);
        node.put("version", record.version());
        node.put("action", record.change().action());
        node.put("actor", record.change().actor());
        node.put("origin", record.change().origin());
        node.put("at", record.change().at().toString());
        node.set("before", toJson(record.before()));
        node.set("after", toJson(record.after()));
        return MAPPER.writeValueAsBytes(node);
    }

    /** @throws StateFormatException when the bytes are not an audit record in this format */
    public static AuditRecord decodeAudit(byte[] bytes) {
        JsonNode node = parse(bytes);
        Change change;
        try {
            change = new Change(
                    requiredText(node, "action"),
                    requiredText(node, "actor"),
                    requiredText(node, "origin"),
                    requireInstant(node, "at"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StateFormatException("bad audit record: " + e.getMessage(), e);
        }
        return new AuditRecord(change, fromJson(field(node, "before")), fromJson(field(node, "after")));
    }

    /** An instance report (a heartbeat). */
    public static byte[] encodeInstance(InstanceReport r) {
        return MAPPER.writeValueAsBytes(instanceToJson(r));
    }

    /**
     * Several instance reports as one document, an object keyed by instance id, for stores that keep the
     * registry in a single value.
     */
    public static byte[] encodeInstances(Collection<InstanceReport> reports) {
        ObjectNode all = NODES.objectNode();
        for (InstanceReport report : reports) {
            all.set(report.id(), instanceToJson(report));
        }
        return MAPPER.writeValueAsBytes(all);
    }

    /**
     * Reads what {@link #encodeInstances} wrote.
     *
     * @throws StateFormatException when the bytes are not such a document
     */
    public static Map<String, InstanceReport> decodeInstances(byte[] bytes) {
        JsonNode all = parse(bytes);
        if (!all.isObject()) {
            throw new StateFormatException("the instance registry must be a JSON object");
        }
        Map<String, InstanceReport> reports = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : all.properties()) {
            reports.put(entry.getKey(), instanceFromJson(entry.getValue()));
        }
        return reports;
    }

    private static ObjectNode instanceToJson(InstanceReport r) {
        ObjectNode node = NODES.objectNode();
        node.put("id", r.id());
        node.put("host", r.host());
        node.put("startedAt", r.startedAt().toString());
        node.put("appliedVersion", r.appliedVersion());
        node.put("inFlight", r.inFlight());
        node.put("inFlightBlocked", r.inFlightBlocked());
        node.put("bufferedWrites", r.bufferedWrites());
        node.put("lastSeen", r.lastSeen().toString());
        node.put("heartbeatMillis", r.heartbeat().toMillis());
        return node;
    }

    /** @throws StateFormatException when the bytes are not an instance report in this format */
    public static InstanceReport decodeInstance(byte[] bytes) {
        return instanceFromJson(parse(bytes));
    }

    private static InstanceReport instanceFromJson(JsonNode node) {
        try {
            return new InstanceReport(
                    requiredText(node, "id"),
                    requiredText(node, "host"),
                    requireInstant(node, "startedAt"),
                    requireLong(node, "appliedVersion"),
                    requireLong(node, "inFlight"),
                    requireLong(node, "inFlightBlocked"),
                    requireLong(node, "bufferedWrites"),
                    requireInstant(node, "lastSeen"),
                    Duration.ofMillis(requireLong(node, "heartbeatMillis")));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StateFormatException("bad instance report: " + e.getMessage(), e);
        }
    }

    private static ObjectNode toJson(MaintenanceState s) {
        ObjectNode node = NODES.objectNode();
        node.put("format", FORMAT);
        node.put("version", s.version());
        node.put("enabled", s.enabled());
        node.put("mode", s.mode().id());
        putNullable(node, "reason", s.reason());
        putNullable(node, "since", s.since());
        putNullable(node, "startsAt", s.startsAt());
        putNullable(node, "until", s.until());
        putSeconds(node, "retryAfterSeconds", s.retryAfter());
        putSeconds(node, "refreshSeconds", s.refresh());
        ArrayNode allowed = node.putArray("allowed");
        for (CidrBlock block : s.allowed().entries()) {
            allowed.add(block.toString());
        }
        BypassSecret secret = s.secret();
        if (secret == null) {
            node.putNull("secret");
        } else {
            ObjectNode secretNode = node.putObject("secret");
            secretNode.put("salt", secret.saltBase64());
            secretNode.put("digest", secret.digestBase64());
        }
        putNullable(node, "redirect", s.redirect());
        node.put("statusCode", s.statusCode());
        putNullable(node, "actor", s.actor());
        return node;
    }

    private static MaintenanceState fromJson(JsonNode node) {
        if (!node.isObject()) {
            throw new StateFormatException("state must be a JSON object");
        }
        JsonNode format = node.get("format");
        if (format != null && format.isIntegralNumber() && format.longValue() > FORMAT) {
            throw new StateFormatException("state has format " + format.longValue()
                    + ", written by a newer maintenance4j (this one reads " + FORMAT + ")");
        }
        try {
            MaintenanceState.Builder b = MaintenanceState.builder()
                    .version(requireLong(node, "version"))
                    .enabled(requireBoolean(node, "enabled"))
                    .mode(Mode.of(requiredText(node, "mode")))
                    .reason(optionalText(node, "reason"))
                    .since(optionalInstant(node, "since"))
                    .startsAt(optionalInstant(node, "startsAt"))
                    .until(optionalInstant(node, "until"))
                    .retryAfter(optionalSeconds(node, "retryAfterSeconds"))
                    .refresh(optionalSeconds(node, "refreshSeconds"))
                    .redirect(optionalText(node, "redirect"))
                    .actor(optionalText(node, "actor"));
            JsonNode status = node.get("statusCode");
            if (status != null && !status.isNull()) {
                if (!status.isIntegralNumber() || !status.canConvertToInt()) {
                    throw new StateFormatException("statusCode must be an integer");
                }
                b.statusCode(status.intValue());
            }
            JsonNode allowed = node.get("allowed");
            if (allowed != null && !allowed.isNull()) {
                if (!allowed.isArray()) {
                    throw new StateFormatException("allowed must be an array");
                }
                List<String> entries = new ArrayList<>();
                for (JsonNode entry : allowed) {
                    if (!entry.isString()) {
                        throw new StateFormatException("allowed entries must be strings");
                    }
                    entries.add(entry.stringValue());
                }
                b.allowed(IpAllowList.parse(entries));
            }
            JsonNode secret = node.get("secret");
            if (secret != null && !secret.isNull()) {
                if (!secret.isObject()) {
                    throw new StateFormatException("secret must be an object");
                }
                b.secret(BypassSecret.restore(requiredText(secret, "salt"), requiredText(secret, "digest")));
            }
            return b.build();
        } catch (StateFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StateFormatException("bad state: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new StateFormatException("empty document");
            }
            return node;
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            int detail = message.indexOf(" (");
            throw new StateFormatException(
                    "not valid JSON: " + (detail > 0 ? message.substring(0, detail) : message), e);
        } catch (StateFormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new StateFormatException(
                    e instanceof StackOverflowError
                            ? "unreadable document: nested too deeply"
                            : "unreadable document: " + Failures.describe(e),
                    e);
        }
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new StateFormatException(name + " is missing");
        }
        return value;
    }

    private static String requiredText(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isString()) {
            throw new StateFormatException(name + " must be a string");
        }
        return value.stringValue();
    }

    private static @Nullable String optionalText(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new StateFormatException(name + " must be a string or null");
        }
        return value.stringValue();
    }

    private static long requireLong(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new StateFormatException(name + " must be an integer");
        }
        return value.longValue();
    }

    private static boolean requireBoolean(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isBoolean()) {
            throw new StateFormatException(name + " must be true or false");
        }
        return value.booleanValue();
    }

    private static Instant requireInstant(JsonNode node, String name) {
        Instant instant = optionalInstant(node, name);
        if (instant == null) {
            throw new StateFormatException(name + " is missing");
        }
        return instant;
    }

    private static @Nullable Instant optionalInstant(JsonNode node, String name) {
        String text = optionalText(node, name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new StateFormatException(name + " must be an ISO-8601 instant, but was '" + text + "'", e);
        }
    }

    private static @Nullable Duration optionalSeconds(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new StateFormatException(name + " must be an integer number of seconds");
        }
        return Duration.ofSeconds(value.longValue());
    }

    private static void putNullable(ObjectNode node, String name, @Nullable Object value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value.toString());
        }
    }

    private static void putSeconds(ObjectNode node, String name, @Nullable Duration value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value.toSeconds());
        }
    }
}
