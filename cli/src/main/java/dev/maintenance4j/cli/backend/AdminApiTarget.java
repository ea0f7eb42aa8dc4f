package dev.maintenance4j.cli.backend;

import dev.maintenance4j.HistoryEntry;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.protocol.AdminProtocol;
import dev.maintenance4j.protocol.ApiError;
import dev.maintenance4j.protocol.BufferStatus;
import dev.maintenance4j.protocol.ChangeReceipt;
import dev.maintenance4j.protocol.ChangeRequest;
import dev.maintenance4j.protocol.DeadLetterEntry;
import dev.maintenance4j.protocol.DownRequest;
import dev.maintenance4j.protocol.EntriesRequest;
import dev.maintenance4j.protocol.InstanceStatus;
import dev.maintenance4j.protocol.StatusDocument;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.text.Failures;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * Operations sent to a running service's admin API ({@code https://host/maintenance/api}) with a
 * bearer token, as the {@linkplain dev.maintenance4j.protocol admin protocol}'s records. The service
 * audits them with the token's name and this machine's address. A 400 from the service is a bad
 * argument (exit 2); anything else that fails is a failure (exit 1).
 */
public final class AdminApiTarget implements MaintenanceTarget {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final @Nullable String token;
    private final HttpClient http;

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
        return get("status", StatusDocument.class).status();
    }

    @Override
    public Outcome enable(EnableOptions options) {
        return outcome(post("down", DownRequest.of(options, null, null)));
    }

    @Override
    public Outcome disable() {
        return outcome(post("up", ChangeRequest.NONE));
    }

    @Override
    public Outcome allow(List<CidrBlock> entries) {
        return outcome(post("allow", EntriesRequest.of(entries)));
    }

    @Override
    public Outcome disallow(List<CidrBlock> entries) {
        return outcome(post("disallow", EntriesRequest.of(entries)));
    }

    @Override
    public Outcome rotateSecret() {
        return outcome(post("secret/rotate", ChangeRequest.NONE));
    }

    @Override
    public Outcome clearSecret() {
        return outcome(post("secret/clear", ChangeRequest.NONE));
    }

    @Override
    public List<InstanceReport> instances() {
        return List.of(get("instances", InstanceStatus[].class)).stream()
                .map(InstanceStatus::report)
                .toList();
    }

    @Override
    public void sendTestNotification() {
        call("POST", "notify/test", ChangeRequest.NONE);
    }

    @Override
    public BufferStatus bufferStatus() {
        return get("buffer", BufferStatus.class);
    }

    @Override
    public BufferStatus drainBuffer() {
        return read(call("POST", "buffer/drain", ChangeRequest.NONE), BufferStatus.class);
    }

    @Override
    public List<DeadLetterEntry> deadLetters(int limit) {
        return List.of(get("buffer/dead-letters?limit=" + limit, DeadLetterEntry[].class));
    }

    @Override
    public List<HistoryEntry> history(int limit) {
        return List.of(get("history?limit=" + Math.min(limit, 1000), HistoryEntry[].class));
    }

    private <T> T get(String endpoint, Class<T> type) {
        return read(call("GET", endpoint, null), type);
    }

    private ChangeReceipt post(String endpoint, Record request) {
        return read(call("POST", endpoint, request), ChangeReceipt.class);
    }

    private <T> T read(byte[] answer, Class<T> type) {
        try {
            return AdminProtocol.readAnswer(answer, type);
        } catch (JacksonException e) {
            throw new StoreException(
                    "admin API " + describe() + " answered without the expected JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Outcome outcome(ChangeReceipt receipt) {
        return new Outcome(
                receipt.before(),
                receipt.after(),
                receipt.changed(),
                receipt.secret(),
                receipt.pending() ? (receipt.message() != null ? receipt.message() : "the change is pending") : null);
    }

    /** The answer's body when it is a 2xx; the protocol's error as an exception otherwise. */
    private byte[] call(String method, String endpoint, @Nullable Record body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(endpoint)).timeout(TIMEOUT).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(AdminProtocol.write(body)));
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
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        ApiError error;
        try {
            error = AdminProtocol.readAnswer(response.body(), ApiError.class);
        } catch (JacksonException e) {
            throw new StoreException("admin API " + describe() + " answered " + status + " without JSON", e);
        }
        String message = error.message() != null ? error.message() : "HTTP " + status;
        if (status == 400) {
            throw new IllegalArgumentException(message);
        }
        if (status == 404 && (endpoint.startsWith("notify/") || endpoint.startsWith("buffer"))) {
            throw new IllegalArgumentException(message);
        }
        if (status == 401) {
            throw new StoreException(
                    "the admin API refused the token (" + message + "); set " + AdminProtocol.TOKEN_VARIABLE);
        }
        throw new StoreException("admin API " + describe() + " answered " + status + ": " + message);
    }

    @Override
    public void close() {
        // the JDK client frees its resources when unreachable (close() needs Java 21)
    }
}
