package dev.maintenance4j.http;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.decision.Action;
import dev.maintenance4j.decision.Decision;
import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.decision.Outcome;
import dev.maintenance4j.net.IpAddress;
import dev.maintenance4j.operation.PathPattern;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything an HTTP adapter does with a request short of its framework's I/O: the facts' configuration
 * (client resolution, cookie name, secret parameter, preview header, the limit on wrong secrets), the
 * bookkeeping a decision asks for, and the response each {@link Action} gives. An adapter reads the
 * request's facts, asks {@link Maintenance#decide}, calls {@link #record}, then passes the request on or
 * writes the {@link MaintenanceResponse} this gives it; it decides nothing itself.
 */
public final class HttpMaintenance {

    private static final Logger log = LoggerFactory.getLogger(HttpMaintenance.class);
    private static final long WOULD_BLOCK_LOG_INTERVAL_MILLIS = 10_000;
    private static final int TRACKED_CLIENTS = 10_000;

    private final Maintenance maintenance;
    private final HttpOptions options;
    private final ClientAddressResolver resolver;
    private final PathPattern[] apiPaths;
    private final MaintenanceResponses responses;
    private final FailedAttemptLimiter secretAttempts;
    private final AtomicLong lastWouldBlockLog = new AtomicLong();
    private final AtomicLong suppressedWouldBlockLogs = new AtomicLong();

    private HttpMaintenance(Maintenance maintenance, HttpOptions options) {
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.options = Objects.requireNonNull(options, "options");
        this.resolver = options.clientAddressResolver();
        this.apiPaths = options.apiPaths().stream().map(PathPattern::of).toArray(PathPattern[]::new);
        this.responses = new MaintenanceResponses(options.page());
        this.secretAttempts = new FailedAttemptLimiter(options.secretAttemptsPerMinute(), TRACKED_CLIENTS);
    }

    /**
     * The HTTP side of {@code maintenance}, configured by {@code options}; one per adapter, or one shared by the
     * adapters in front of the same traffic (it counts wrong secrets per client).
     */
    public static HttpMaintenance of(Maintenance maintenance, HttpOptions options) {
        return new HttpMaintenance(maintenance, options);
    }

    public Maintenance maintenance() {
        return maintenance;
    }

    public HttpOptions options() {
        return options;
    }

    /** Whose forwarded headers are believed. */
    public ClientAddressResolver resolver() {
        return resolver;
    }

    /** The query parameter that carries the bypass secret. */
    public String secretParameter() {
        return maintenance.gate().policy().secretParameter();
    }

    /** True when the preview header's value asks for the real maintenance response in test mode. */
    public static boolean isPreview(@Nullable String headerValue) {
        return headerValue != null && (headerValue.equals("1") || headerValue.equalsIgnoreCase("true"));
    }

    /** The fact {@link MaintenanceRequest#secretAttemptsLimited()}: this client tried too many wrong secrets. */
    public boolean secretAttemptsLimited(@Nullable IpAddress client, String remoteAddr) {
        return secretAttempts.isLimited(
                ClientAddressResolver.clientKey(client, remoteAddr),
                maintenance.clock().millis());
    }

    /** JSON for the configured API paths and for clients that rate JSON above HTML; else the page. */
    public boolean wantsJson(String path, @Nullable String accept) {
        for (PathPattern api : apiPaths) {
            if (api.matches(path)) {
                return true;
            }
        }
        return ContentNegotiation.prefersJson(accept);
    }

    /**
     * Whether a request passes with no facts read (the cost of a request while maintenance is off): no state
     * that could hold it back, and no buffered writes waiting that it might overtake.
     */
    public boolean passesWithoutFacts(MaintenanceState state, @Nullable RequestBuffering buffer) {
        return maintenance.gate().decideWithoutRequest(state, buffer != null && buffer.hasBacklog()) != null;
    }

    /** Whether a request is one of the application's writes, counted in flight so "down --wait" can wait for it. */
    public boolean isApplicationWrite(String method, String path) {
        return maintenance.gate().policy().isApplicationWrite(method, path);
    }

    /**
     * The bookkeeping a decision asks of every adapter before it acts: a wrong secret is counted against
     * its client, and test mode logs what it would have blocked (one line per 10 s, counting the rest).
     */
    public void record(Decision decision, MaintenanceRequest facts, String remoteAddr, Instant now) {
        if (decision.chargeSecretAttempt()) {
            secretAttempts.recordFailure(
                    ClientAddressResolver.clientKey(facts.clientAddress(), remoteAddr), now.toEpochMilli());
        }
        if (decision.outcome() == Outcome.WOULD_BLOCK) {
            logWouldBlock(decision, facts, now.toEpochMilli());
        }
    }

    /**
     * The maintenance response for a decision that answers the request ({@link Action#RESPOND},
     * {@link Action#RESPOND_ADMINS_ONLY}, or {@link Action#BUFFER} when the buffer refused it): the
     * redirect a browser may follow, else the page or JSON.
     *
     * @param accept      the request's {@code Accept} header
     * @param contextPath the application's context path, prefixed to a redirect ({@code ""} for none)
     */
    public MaintenanceResponse response(
            Decision decision,
            MaintenanceState state,
            Instant now,
            String path,
            @Nullable String accept,
            String contextPath) {
        boolean json = wantsJson(path, accept);
        if (decision.action() == Action.RESPOND_ADMINS_ONLY) {
            return responses.blocked(state, now, json, Decision.ADMINS_ONLY_MESSAGE);
        }
        String redirect = decision.redirect();
        if (!json && redirect != null) {
            return responses.redirect(state, now, contextPath + redirect);
        }
        return responses.blocked(state, now, json);
    }

    /**
     * What an adapter does with a decision it does not hand to a write buffer (or that the buffer did not take):
     * null when the request goes on to the application; else the bypass cookie for the secret URL, or the
     * redirect, page or JSON ({@link #response}).
     *
     * @param https       whether the client is on HTTPS, asked for the secret URL's cookie only
     * @param contextPath the application's context path ({@code ""} for none)
     * @param query       the raw query string, or null
     */
    public @Nullable MaintenanceResponse answer(
            Decision decision,
            MaintenanceState state,
            Instant now,
            String path,
            @Nullable String accept,
            String contextPath,
            BooleanSupplier https,
            @Nullable String query) {
        switch (decision.action()) {
            case PASS:
                return null;
            case ISSUE_BYPASS_COOKIE:
                return bypassCookie(state, https.getAsBoolean(), contextPath, query);
            case BUFFER:
                // without a buffer (or when it can not take the request), answered as if there were none
                if (decision.allowed()) {
                    return null;
                }
                break;
            case RESPOND:
            case RESPOND_ADMINS_ONLY:
            default:
                break;
        }
        return response(decision, state, now, path, accept, contextPath);
    }

    /**
     * The answer to the secret URL ({@link Action#ISSUE_BYPASS_COOKIE}): the bypass cookie, then the
     * {@code redirect} query parameter when it is a local path, else the application's root.
     *
     * @param https       whether the client is on HTTPS ({@link ClientAddressResolver#isHttps}): the cookie is then Secure
     * @param contextPath the application's context path ({@code ""} for none): the cookie's path
     * @param query       the raw query string, or null
     */
    public MaintenanceResponse bypassCookie(
            MaintenanceState state, boolean https, String contextPath, @Nullable String query) {
        BypassSecret secret = Objects.requireNonNull(state.secret(), "a secret URL bypass implies a secret");
        MaintenanceResponses.BypassCookieAttributes cookie = new MaintenanceResponses.BypassCookieAttributes(
                options.cookieName(), contextPath.isEmpty() ? "/" : contextPath, options.cookieDomain(), https);
        return MaintenanceResponses.bypassCookie(
                maintenance.gate(), secret, cookie, contextPath + MaintenanceResponses.localRedirectTarget(query));
    }

    /**
     * The maintenance response when acting on a decision failed: our failure never becomes an error page.
     * Logs the failure; falls back to a fixed 503 when even the state's response can not be composed.
     */
    public MaintenanceResponse failed(
            String method, String uri, MaintenanceState state, Instant now, RuntimeException e) {
        log.warn(
                "Maintenance could not evaluate {} {}; answering with the maintenance response: {}",
                method,
                uri,
                e.toString());
        try {
            return responses.blocked(state, now, false);
        } catch (RuntimeException again) {
            log.warn("Maintenance could not compose its response; answering a plain 503: {}", again.toString());
            return MaintenanceResponses.FALLBACK;
        }
    }

    private void logWouldBlock(Decision decision, MaintenanceRequest facts, long now) {
        long last = lastWouldBlockLog.get();
        if (now - last >= WOULD_BLOCK_LOG_INTERVAL_MILLIS && lastWouldBlockLog.compareAndSet(last, now)) {
            long suppressed = suppressedWouldBlockLogs.getAndSet(0);
            log.info(
                    "Test mode: would block {} {} (class {}, client {}){}",
                    facts.method(),
                    facts.path(),
                    decision.operationClass(),
                    facts.clientAddress(),
                    suppressed > 0 ? "; " + suppressed + " more since the last line" : "");
        } else {
            suppressedWouldBlockLogs.incrementAndGet();
        }
    }
}
