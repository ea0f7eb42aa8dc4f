package dev.maintenance4j.http;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.decision.MaintenanceGate;
import dev.maintenance4j.http.MaintenanceResponse.Header;
import dev.maintenance4j.time.HttpDates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Composes every answer the maintenance layer gives in place of the application, for any HTTP adapter:
 * the maintenance response (the state's status, 503 unless it says otherwise; {@code Retry-After}, an
 * HTTP-date when the end is known, else seconds; {@code Cache-Control: no-store};
 * {@code X-Robots-Tag: noindex}; {@code Refresh} when set; the HTML page or the JSON body), the redirect of
 * a blocked browser, the bypass cookie for the secret URL, and a fixed 503 as the last resort.
 *
 * <p>Blocked requests come in floods, so the common answers are composed once per state and second and then
 * shared: no allocation per request.
 */
public final class MaintenanceResponses {

    /** The message when the state gives no reason. */
    public static final String DEFAULT_MESSAGE = "This service is down for maintenance. Please try again later.";

    /**
     * A fixed 503 composed without reading the state: the last resort when the real response could not be
     * built, so a failure of ours never becomes an error page.
     */
    public static final MaintenanceResponse FALLBACK = new MaintenanceResponse(
            503,
            List.of(
                    new Header("Cache-Control", "no-store"),
                    new Header("X-Robots-Tag", "noindex"),
                    new Header("Content-Type", "text/plain;charset=UTF-8")),
            (DEFAULT_MESSAGE + "\n").getBytes(StandardCharsets.UTF_8));

    private static final String TITLE = "Down for maintenance";
    private static final String HTML = "text/html;charset=UTF-8";
    private static final String JSON = "application/json;charset=UTF-8";
    private static final byte[] NO_BODY = new byte[0];
    private static final DateTimeFormatter READABLE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final MaintenancePage page;
    private final PerSecond html = new PerSecond((state, now) -> compose(state, now, false));
    private final PerSecond json = new PerSecond((state, now) -> compose(state, now, true));

    public MaintenanceResponses(MaintenancePage page) {
        this.page = Objects.requireNonNull(page, "page");
    }

    /** The maintenance response, as JSON or HTML; shared for one state and second. */
    public MaintenanceResponse blocked(MaintenanceState state, Instant now, boolean asJson) {
        return (asJson ? json : html).get(state, now);
    }

    /** The maintenance response with another message than the state's reason (composed each time: rare). */
    public MaintenanceResponse blocked(MaintenanceState state, Instant now, boolean asJson, @Nullable String message) {
        if (message == null) {
            return blocked(state, now, asJson);
        }
        return compose(state.toBuilder().reason(message).build(), now, asJson);
    }

    /** Sends a blocked browser to {@code location} (the state's redirect path, within the application). */
    public MaintenanceResponse redirect(MaintenanceState state, Instant now, String location) {
        List<Header> headers = commonHeaders(state, now);
        headers.add(new Header("Location", location));
        return new MaintenanceResponse(302, headers, NO_BODY);
    }

    /**
     * The answer to the secret URL: the bypass cookie for the state's secret and a redirect to {@code location}.
     *
     * @param cookie the cookie's attributes (name, path, domain, whether the client is on HTTPS)
     */
    public static MaintenanceResponse bypassCookie(
            MaintenanceGate gate, BypassSecret secret, BypassCookieAttributes cookie, String location) {
        String value = gate.issueBypassCookie(secret);
        return new MaintenanceResponse(
                302,
                List.of(
                        new Header(
                                "Set-Cookie",
                                cookie.setCookie(value, gate.policy().bypassCookieLifetime())),
                        new Header("Cache-Control", "no-store"),
                        new Header("Location", location)),
                NO_BODY);
    }

    /**
     * Where the secret URL sends the browser: its {@code redirect} query parameter when that is a safe local
     * path, else {@code /}. Never an open redirect.
     */
    public static String localRedirectTarget(@Nullable String query) {
        String target = QueryStrings.value(query, "redirect");
        if (target == null) {
            return "/";
        }
        try {
            return MaintenanceState.requireLocalPath(target);
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }

    /** The attributes of the bypass cookie: HttpOnly, SameSite=Lax, and these. */
    public record BypassCookieAttributes(
            String name, String path, @Nullable String domain, boolean secure) {

        public BypassCookieAttributes {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
        }

        /** The {@code Set-Cookie} header value for {@code value}, kept for {@code lifetime}. */
        public String setCookie(String value, Duration lifetime) {
            StringBuilder sb = new StringBuilder(160)
                    .append(name)
                    .append('=')
                    .append(value)
                    .append("; Max-Age=")
                    .append(Math.min(Integer.MAX_VALUE, lifetime.toSeconds()))
                    .append("; Path=")
                    .append(path);
            if (domain != null) {
                sb.append("; Domain=").append(domain);
            }
            if (secure) {
                sb.append("; Secure");
            }
            return sb.append("; HttpOnly; SameSite=Lax").toString();
        }
    }

    private MaintenanceResponse compose(MaintenanceState state, Instant now, boolean asJson) {
        List<Header> headers = commonHeaders(state, now);
        headers.add(new Header("Content-Type", asJson ? JSON : HTML));
        if (!asJson && state.refresh() != null) {
            headers.add(new Header("Refresh", Long.toString(state.refresh().toSeconds())));
        }
        return new MaintenanceResponse(
                state.statusCode(), headers, asJson ? jsonBody(state, now) : htmlBody(state, now));
    }

    private static List<Header> commonHeaders(MaintenanceState state, Instant now) {
        List<Header> headers = new ArrayList<>(5);
        String retry = retryAfter(state, now);
        if (retry != null) {
            headers.add(new Header("Retry-After", retry));
        }
        headers.add(new Header("Cache-Control", "no-store"));
        headers.add(new Header("X-Robots-Tag", "noindex"));
        return headers;
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
     * A response that depends only on the state and the current second: composed once for each, then served
     * from the last one, lock-free (two threads may both compose it once).
     */
    private static final class PerSecond {
        private final BiFunction<MaintenanceState, Instant, MaintenanceResponse> compose;
        private volatile @Nullable Composed last;

        PerSecond(BiFunction<MaintenanceState, Instant, MaintenanceResponse> compose) {
            this.compose = compose;
        }

        MaintenanceResponse get(MaintenanceState state, Instant now) {
            long second = now.getEpochSecond();
            Composed composed = last;
            if (composed == null || composed.state() != state || composed.second() != second) {
                composed = new Composed(state, second, compose.apply(state, now));
                last = composed;
            }
            return composed.response();
        }
    }

    /** What {@link PerSecond} composed, for which state (by identity) and second. */
    private record Composed(MaintenanceState state, long second, MaintenanceResponse response) {}
}
