package dev.maintenance4j.servlet.response;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.time.HttpDates;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the maintenance response: the status (503 unless the state says otherwise),
 * {@code Retry-After} (an HTTP-date when the end is known, else seconds), {@code Cache-Control: no-store},
 * {@code X-Robots-Tag: noindex}, {@code Refresh} when set, and the HTML page or the JSON body. HEAD
 * requests get the headers only.
 */
public final class MaintenanceResponder {

    /** The message when the state gives no reason. */
    public static final String DEFAULT_MESSAGE = "This service is down for maintenance. Please try again later.";

    private static final String TITLE = "Down for maintenance";
    private static final DateTimeFormatter READABLE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final MaintenancePage page;
    // bodies and Retry-After change only with the state and, through the countdown, once a second
    private final PerSecond<byte[]> htmlCache = new PerSecond<>(this::htmlBody);
    private final PerSecond<byte[]> jsonCache = new PerSecond<>(MaintenanceResponder::jsonBody);
    private final PerSecond<String> retryAfterCache = new PerSecond<>(MaintenanceResponder::retryAfter);

    public MaintenanceResponder(MaintenancePage page) {
        this.page = Objects.requireNonNull(page, "page");
    }

    /** Writes the maintenance response, as JSON or HTML. */
    public void write(
            HttpServletRequest request, HttpServletResponse response, MaintenanceState state, Instant now, boolean json)
            throws IOException {
        write(request, response, state, now, json, null);
    }

    /** Writes the maintenance response with another message than the state's reason. */
    public void write(
            HttpServletRequest request,
            HttpServletResponse response,
            MaintenanceState state,
            Instant now,
            boolean json,
            @Nullable String message)
            throws IOException {
        response.setStatus(state.statusCode());
        writeCommonHeaders(response, state, now);
        byte[] body;
        if (message != null) {
            MaintenanceState withMessage = state.toBuilder().reason(message).build();
            response.setContentType(json ? "application/json;charset=UTF-8" : "text/html;charset=UTF-8");
            body = json ? jsonBody(withMessage, now) : htmlBody(withMessage, now);
        } else if (json) {
            response.setContentType("application/json;charset=UTF-8");
            body = Objects.requireNonNull(jsonCache.get(state, now));
        } else {
            response.setContentType("text/html;charset=UTF-8");
            if (state.refresh() != null) {
                response.setHeader("Refresh", Long.toString(state.refresh().toSeconds()));
            }
            body = Objects.requireNonNull(htmlCache.get(state, now));
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /**
     * Writes a fixed 503 without reading the state: the last resort when the real response could not be
     * built, so a failure of ours never becomes an error page.
     */
    public static void writeFallback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Robots-Tag", "noindex");
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(FALLBACK_BODY.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(FALLBACK_BODY);
        }
    }

    private static final byte[] FALLBACK_BODY = (DEFAULT_MESSAGE + "\n").getBytes(StandardCharsets.UTF_8);

    /** Redirects a blocked browser to the state's redirect path (within the application). */
    public void redirect(
            HttpServletRequest request,
            HttpServletResponse response,
            MaintenanceState state,
            Instant now,
            String localPath) {
        response.setStatus(HttpServletResponse.SC_FOUND);
        writeCommonHeaders(response, state, now);
        response.setHeader("Location", request.getContextPath() + localPath);
        response.setContentLength(0);
    }

    private void writeCommonHeaders(HttpServletResponse response, MaintenanceState state, Instant now) {
        String retry = retryAfterCache.get(state, now);
        if (retry != null) {
            response.setHeader("Retry-After", retry);
        }
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Robots-Tag", "noindex");
    }

    private static @Nullable String retryAfter(MaintenanceState state, Instant now) {
        Instant until = state.until();
        if (until != null && now.isBefore(until)) {
            return HttpDates.format(until);
        }
        Long retry = state.retryAfterSecondsAt(now);
        return retry == null ? null : Long.toString(retry);
    }

    private static byte[] jsonBody(MaintenanceState state, Instant now) {
        return JsonMapper.shared()
                .writeValueAsBytes(new Refusal(
                        state.statusCode(),
                        reasonPhrase(state.statusCode()),
                        state.reason() != null ? state.reason() : DEFAULT_MESSAGE,
                        state.mode().id(),
                        state.retryAfterSecondsAt(now),
                        state.until()));
    }

    /** What API clients get while blocked: the admin protocol's error fields, and when to come back. */
    private record Refusal(
            int status,
            String error,
            String message,
            String mode,
            @Nullable Long retryAfterSeconds,
            @Nullable Instant until) {}

    private byte[] htmlBody(MaintenanceState state, Instant now) {
        Map<String, String> values = new HashMap<>();
        values.put("title", TITLE);
        values.put("reason", state.reason() != null ? state.reason() : DEFAULT_MESSAGE);
        values.put("mode", state.mode().id());
        Instant until = state.until();
        values.put(
                "until",
                until != null && now.isBefore(until) ? "Expected back at " + READABLE.format(until) + "." : "");
        values.put("untilIso", until == null ? "" : until.toString());
        Long retry = state.retryAfterSecondsAt(now);
        values.put("retryAfterSeconds", retry == null ? "" : retry.toString());
        return page.render(values).getBytes(StandardCharsets.UTF_8);
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 503 -> "Service Unavailable";
            case 502 -> "Bad Gateway";
            case 500 -> "Internal Server Error";
            case 429 -> "Too Many Requests";
            case 423 -> "Locked";
            case 410 -> "Gone";
            case 403 -> "Forbidden";
            case 200 -> "OK";
            default -> status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Maintenance";
        };
    }

    /**
     * A value (a body, a header) that depends only on the state and the current second: computed once
     * for each, then served from the last one, lock-free (two threads may both compute it once).
     */
    private static final class PerSecond<T> {
        private final BiFunction<MaintenanceState, Instant, @Nullable T> compute;
        private volatile @Nullable Computed<T> last;

        PerSecond(BiFunction<MaintenanceState, Instant, @Nullable T> compute) {
            this.compute = compute;
        }

        @Nullable
        T get(MaintenanceState state, Instant now) {
            long second = now.getEpochSecond();
            Computed<T> computed = last;
            if (computed == null || computed.state() != state || computed.second() != second) {
                computed = new Computed<>(state, second, compute.apply(state, now));
                last = computed;
            }
            return computed.value();
        }
    }

    /** What {@link PerSecond} computed, for which state (by identity) and second. */
    private record Computed<T>(
            MaintenanceState state, long second, @Nullable T value) {}
}
