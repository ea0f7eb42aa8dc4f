package dev.maintenance4j.cli.backend;

import dev.maintenance4j.HistoryEntry;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.cli.MaintCommand;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StateFormat;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.text.Failures;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Operations sent to a running service's admin API ({@code https://host/maintenance/api}) with a
 * bearer token. The service audits them with the token's name and this machine's address. A 400 from
 * the service is a bad argument (exit 2); anything else that fails is a failure (exit 1).
 */
public final class AdminApiTarget implements MaintenanceTarget {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final @Nullable String token;
    private final HttpClient http;
    private final ObjectReader statusReader = JsonMapper.shared()
            .readerFor(MaintenanceStatus.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ObjectReader historyReader = JsonMapper.shared()
            .readerFor(HistoryEntry[].class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param baseUri the API base, such as {@code https://host/maintenance/api}
     * @param token   the admin token, or null (the service will answer 401)
     */
    public AdminApiTarget(String baseUri, @Nullable String token) {
        String normalized = baseUri.endsWith("/") ? baseUri : baseUri + "/";
        try {
            this.base = URI.create(normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed admin API URI '" + baseUri + "': " + e.getMessage(), e);
        }
        if (base.getHost() == null) {
            throw new IllegalArgumentException("admin API URI '" + baseUri + "' names no host");
        }
        this.token = token;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String describe() {
        return base.toString().replaceAll("/$", "");
    }

    @Override
    public MaintenanceStatus status() {
        return statusReader.readValue(call("GET", "status", null));
    }

    @Override
    public Outcome enable(EnableOptions o) {
        ObjectNode body = JsonMapper.shared().createObjectNode();
        if (o.mode() != null) {
            body.put("mode", o.mode().id());
        }
        if (o.reason() != null) {
            body.put("reason", o.reason());
        }
        if (o.retryAfter() != null) {
            body.put("retryAfter", o.retryAfter().toSeconds());
        }
        if (o.refresh() != null) {
            body.put("refresh", o.refresh().toSeconds());
        }
        if (o.allowed() != null) {
            ArrayNode allow = body.putArray("allow");
            o.allowed().forEach(block -> allow.add(block.toString()));
        }
        if (o.secret() != null) {
            body.put("secret", o.secret());
        }
        if (o.generateSecret()) {
            body.put("generateSecret", true);
        }
        if (o.startsAt() != null) {
            body.put("startsAt", o.startsAt().toString());
        }
        if (o.until() != null) {
            body.put("until", o.until().toString());
        }
        if (o.duration() != null) {
            body.put("duration", o.duration().toString());
        }
        if (o.redirect() != null) {
            body.put("redirect", o.redirect());
        }
        if (o.statusCode() != null) {
            body.put("status", o.statusCode());
        }
        if (!o.clear().isEmpty()) {
            ArrayNode clear = body.putArray("clear");
            o.clear().forEach(setting -> clear.add(setting.apiField()));
        }
        return outcome(call("POST", "enable", body));
    }

    @Override
    public Outcome disable() {
        return outcome(call("POST", "disable", JsonMapper.shared().createObjectNode()));
    }

    @Override
    public Outcome allow(List<CidrBlock> entries) {
        return outcome(call("POST", "allow", entries(entries)));
    }

    @Override
    public Outcome disallow(List<CidrBlock> entries) {
        return outcome(call("POST", "disallow", entries(entries)));
    }

    @Override
    public Outcome rotateSecret() {
        return outcome(call("POST", "secret/rotate", JsonMapper.shared().createObjectNode()));
    }

    @Override
    public Outcome clearSecret() {
        return outcome(call("POST", "secret/clear", JsonMapper.shared().createObjectNode()));
    }

    @Override
    public List<InstanceReport> instances() {
        List<InstanceReport> reports = new ArrayList<>();
        for (JsonNode r : call("GET", "instances", null)) {
            reports.add(StateFormat.decodeInstance(JsonMapper.shared().writeValueAsBytes(r)));
        }
        return reports;
    }

    @Override
    public void sendTestNotification() {
        call("POST", "notify/test", JsonMapper.shared().createObjectNode());
    }

    @Override
    public JsonNode writeBuffer(String action, int limit) {
        return switch (action) {
            case "status" -> call("GET", "buffer", null);
            case "drain" -> call("POST", "buffer/drain", JsonMapper.shared().createObjectNode());
            case "dead-letters" -> call("GET", "buffer/dead-letters?limit=" + limit, null);
            default -> throw new IllegalArgumentException("unknown buffer action '" + action + "'");
        };
    }

    @Override
    public List<HistoryEntry> history(int limit) {
        return List.of(historyReader.readValue(call("GET", "history?limit=" + Math.min(limit, 1000), null)));
    }

    private static ObjectNode entries(List<CidrBlock> entries) {
        ObjectNode body = JsonMapper.shared().createObjectNode();
        ArrayNode array = body.putArray("entries");
        entries.forEach(block -> array.add(block.toString()));
        return body;
    }

    private Outcome outcome(JsonNode node) {
        JsonNode secret = node.get("secret");
        JsonNode before = node.get("before");
        JsonNode pending = node.get("pending");
        String notice = pending != null && pending.isBoolean() && pending.booleanValue()
                ? node.path("message").asString("the change is pending")
                : null;
        return new Outcome(
                before != null && before.isObject() ? statusReader.readValue(before) : null,
                statusReader.readValue(node),
                node.path("changed").booleanValue(),
                secret != null && secret.isString() ? secret.stringValue() : null,
                notice);
    }

    private JsonNode call(String method, String endpoint, @Nullable JsonNode body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(endpoint)).timeout(TIMEOUT).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofByteArray(
                                    JsonMapper.shared().writeValueAsBytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new StoreException("cannot connect to " + describe() + ": is the service running?", e);
        } catch (IOException e) {
            throw new StoreException("admin API " + describe() + " failed: " + Failures.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while calling " + describe(), e);
        }
        JsonNode json;
        try {
            json = JsonMapper.shared().readTree(response.body());
        } catch (JacksonException e) {
            throw new StoreException(
                    "admin API " + describe() + " answered " + response.statusCode() + " without JSON", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return json;
        }
        String message = json.path("message").asString("HTTP " + status);
        if (status == 400) {
            throw new IllegalArgumentException(message);
        }
        if (status == 404 && (endpoint.startsWith("notify/") || endpoint.startsWith("buffer"))) {
            throw new IllegalArgumentException(message);
        }
        if (status == 401) {
            throw new StoreException(
                    "the admin API refused the token (" + message + "); set " + MaintCommand.TOKEN_ENV);
        }
        throw new StoreException("admin API " + describe() + " answered " + status + ": " + message);
    }

    @Override
    public void close() {
        // the JDK client frees its resources when unreachable (close() needs Java 21)
    }
}
