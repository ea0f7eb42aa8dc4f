package dev.maintenance4j.servlet;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.decision.Decision;
import dev.maintenance4j.decision.Outcome;
import dev.maintenance4j.operation.OperationClassifier;
import dev.maintenance4j.operation.PathPattern;
import dev.maintenance4j.servlet.client.ClientAddressResolver;
import dev.maintenance4j.servlet.client.ForwardedHeader;
import dev.maintenance4j.servlet.internal.FailedAttemptLimiter;
import dev.maintenance4j.servlet.internal.QueryStrings;
import dev.maintenance4j.servlet.internal.ServletMaintenanceRequest;
import dev.maintenance4j.servlet.response.ContentNegotiation;
import dev.maintenance4j.servlet.response.MaintenancePage;
import dev.maintenance4j.servlet.response.MaintenanceResponder;
import dev.maintenance4j.stats.InFlightRequests;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a Jakarta Servlet application behind maintenance. While maintenance is off, a request costs
 * one volatile read. While it is on, each request is decided by the {@link Maintenance} it was built
 * with (bypasses in order: exempt paths, secret URL, bypass cookie, allow-listed client, admin role)
 * and blocked requests get the maintenance response: HTML or JSON, or a redirect.
 *
 * <pre>{@code
 * FilterRegistration.Dynamic filter = servletContext.addFilter("maintenance", MaintenanceFilter.builder(maintenance)
 *         .trustedProxies(List.of("10.0.0.0/8")).build());
 * filter.setAsyncSupported(true); // asynchronous servlets behind it keep working (their writes count until complete)
 * filter.addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>The filter never turns its own failure into an error page: a request it can not evaluate while
 * maintenance is on gets the maintenance response, and while maintenance is off passes through.
 */
public final class MaintenanceFilter implements Filter {

    /** The bypass cookie's name unless configured: the one place this default is written (the starter uses it). */
    public static final String DEFAULT_COOKIE_NAME = "maintenance_bypass";
    /** The header admins send to preview the maintenance response, unless configured. */
    public static final String DEFAULT_PREVIEW_HEADER = "X-Maintenance4j-Preview";
    /** Paths answered with JSON rather than the page, unless configured. */
    public static final String DEFAULT_API_PATHS = "/api/**";
    /** Wrong secrets a client may try per minute, unless configured. */
    public static final int DEFAULT_SECRET_ATTEMPTS_PER_MINUTE = 10;

    private static final Logger log = LoggerFactory.getLogger(MaintenanceFilter.class);
    private static final long WOULD_BLOCK_LOG_INTERVAL_MILLIS = 10_000;

    private final Maintenance maintenance;
    private final ClientAddressResolver resolver;
    private final PathPattern[] apiPaths;
    private final MaintenanceResponder responder;
    private final String cookieName;
    private final @Nullable String cookieDomain;
    private final FailedAttemptLimiter limiter;
    private final ServletMaintenanceRequest.Reader reader;
    private final @Nullable RequestBuffering requestBuffer;
    private final AtomicLong lastWouldBlockLog = new AtomicLong();
    private final AtomicLong suppressedWouldBlockLogs = new AtomicLong();

    private MaintenanceFilter(Builder b) {
        this.maintenance = b.maintenance;
        this.resolver = ClientAddressResolver.trusting(b.trustedProxies, b.forwardedHeader);
        this.apiPaths = b.apiPaths.stream().map(PathPattern::of).toArray(PathPattern[]::new);
        this.responder = new MaintenanceResponder(b.page);
        this.cookieName = b.cookieName;
        this.cookieDomain = b.cookieDomain;
        this.limiter = new FailedAttemptLimiter(b.secretAttemptsPerMinute, 10_000);
        this.requestBuffer = b.requestBuffer;
        this.reader = new ServletMaintenanceRequest.Reader(
                resolver,
                cookieName,
                maintenance.gate().policy().secretParameter(),
                b.previewHeader,
                limiter,
                requestBuffer,
                maintenance.clock());
    }

    public static Builder builder(Maintenance maintenance) {
        return new Builder(maintenance);
    }

    /** Whose forwarded headers this filter believes: the decision endpoint answers only them. */
    ClientAddressResolver resolver() {
        return resolver;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request)
                || !(res instanceof HttpServletResponse response)
                || req.getDispatcherType() != DispatcherType.REQUEST) {
            // a request is decided once, when it arrives: its async, error, forward and include dispatches
            // go on even if maintenance began since, so an admitted write completes (and counts once)
            chain.doFilter(req, res);
            return;
        }
        // writes in progress are reported to the store, so "down --wait" knows when they have drained;
        // exempt paths (the admin API itself, health checks) are not the application's writes
        String method = request.getMethod();
        String path = OperationClassifier.isSafe(method) ? null : ServletMaintenanceRequest.pathOf(request);
        boolean write = path != null && maintenance.gate().policy().isApplicationWrite(method, path);
        if (write) {
            maintenance.inFlight().enter();
        }
        try {
            filter(request, response, chain, path);
        } finally {
            if (write) {
                if (request.isAsyncStarted()) {
                    // the servlet went asynchronous: the write is in flight until its response completes
                    request.getAsyncContext().addListener(new ExitOnComplete(maintenance.inFlight()));
                } else {
                    maintenance.inFlight().exit();
                }
            }
        }
    }

    /** Ends an asynchronous write's in-flight count when its response completes (after an error or a timeout too). */
    private record ExitOnComplete(InFlightRequests inFlight) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            inFlight.exit();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // the request went asynchronous again: keep listening for its completion
            event.getAsyncContext().addListener(this);
        }
    }

    private void filter(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain, @Nullable String path)
            throws IOException, ServletException {
        MaintenanceState state = maintenance.state();
        if (maintenance.gate().decideWithoutRequest(state, reader.writesWaiting()) != null) {
            chain.doFilter(request, response); // maintenance off: no facts needed
            return;
        }
        ServletMaintenanceRequest facts = reader.read(request, path);
        Instant now =
                maintenance.clock().instant(); // once per request: the decision and the response read the same time
        Decision decision = maintenance.decide(state, facts, now);
        boolean pass;
        try {
            pass = act(decision, request, response, state, facts, now);
        } catch (RuntimeException e) {
            // our failure never becomes an error page: the maintenance response, or a fixed 503 if even that fails
            log.warn(
                    "Maintenance filter could not evaluate {} {}; answering with the maintenance response: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    e.toString());
            respondSafely(request, response, state, now);
            return;
        }
        if (pass) {
            chain.doFilter(request, response); // outside the try: the application's own exceptions are its own
        }
    }

    /** Does what the decision says; returns true when the request goes on to the application after all. */
    private boolean act(
            Decision decision,
            HttpServletRequest request,
            HttpServletResponse response,
            MaintenanceState state,
            ServletMaintenanceRequest facts,
            Instant now)
            throws IOException {
        if (decision.chargeSecretAttempt()) {
            limiter.recordFailure(facts.clientKey(), now.toEpochMilli());
        }
        if (decision.outcome() == Outcome.WOULD_BLOCK) {
            logWouldBlock(decision, facts);
        }
        if (decision.signOut()) {
            invalidateSession(request);
        }
        switch (decision.action()) {
            case PASS:
                return true;
            case ISSUE_BYPASS_COOKIE:
                issueBypassCookie(request, response, state);
                return false;
            case RESPOND_ADMINS_ONLY:
                responder.write(
                        request, response, state, now, wantsJson(request, facts.path()), Decision.ADMINS_ONLY_MESSAGE);
                return false;
            case BUFFER:
                // accepted into the write buffer (or refused as too large): answered
                if (requestBuffer != null && requestBuffer.accept(request, response, facts.path())) {
                    return false;
                }
                if (decision.allowed()) {
                    return true;
                }
                respond(decision, request, response, state, now, facts);
                return false;
            case RESPOND:
            default:
                respond(decision, request, response, state, now, facts);
                return false;
        }
    }

    private void respond(
            Decision decision,
            HttpServletRequest request,
            HttpServletResponse response,
            MaintenanceState state,
            Instant now,
            ServletMaintenanceRequest facts)
            throws IOException {
        boolean json = wantsJson(request, facts.path());
        String redirect = decision.redirect();
        if (!json && redirect != null) {
            responder.redirect(request, response, state, now, redirect);
            return;
        }
        responder.write(request, response, state, now, json);
    }

    private void respondSafely(
            HttpServletRequest request, HttpServletResponse response, MaintenanceState state, Instant now)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        try {
            response.resetBuffer();
            responder.write(request, response, state, now, false);
        } catch (RuntimeException e) {
            log.warn(
                    "Maintenance filter could not write the maintenance response; answering a plain 503: {}",
                    e.toString());
            MaintenanceResponder.writeFallback(request, response);
        }
    }

    private boolean wantsJson(HttpServletRequest request, String path) {
        for (PathPattern api : apiPaths) {
            if (api.matches(path)) {
                return true;
            }
        }
        return ContentNegotiation.prefersJson(request.getHeader("Accept"));
    }

    private void issueBypassCookie(HttpServletRequest request, HttpServletResponse response, MaintenanceState state) {
        BypassSecret secret = Objects.requireNonNull(state.secret(), "a secret URL bypass implies a secret");
        Cookie cookie = new Cookie(cookieName, maintenance.gate().issueBypassCookie(secret));
        cookie.setHttpOnly(true);
        // behind a TLS-terminating proxy the connection is plain HTTP: the trusted proxy's scheme header decides
        cookie.setSecure(resolver.isHttps(request));
        cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        cookie.setMaxAge((int) Math.min(
                Integer.MAX_VALUE,
                maintenance.gate().policy().bypassCookieLifetime().toSeconds()));
        cookie.setAttribute("SameSite", "Lax");
        if (cookieDomain != null) {
            cookie.setDomain(cookieDomain);
        }
        response.addCookie(cookie);
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Location", request.getContextPath() + localRedirectTarget(request));
        response.setContentLength(0);
    }

    /** The {@code redirect} query parameter when it is a safe local path, else {@code /}. Never an open redirect. */
    private static String localRedirectTarget(HttpServletRequest request) {
        String target = QueryStrings.value(request.getQueryString(), "redirect");
        if (target == null) {
            return "/";
        }
        try {
            return MaintenanceState.requireLocalPath(target);
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }

    private static void invalidateSession(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // nothing left to do
            }
        }
    }

    private void logWouldBlock(Decision decision, ServletMaintenanceRequest facts) {
        long now = maintenance.clock().millis();
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

    /** Builds {@link MaintenanceFilter}s; setters validate at once. */
    public static final class Builder {
        private final Maintenance maintenance;
        private List<String> trustedProxies = List.of();
        private ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;
        private List<String> apiPaths = List.of(DEFAULT_API_PATHS);
        private MaintenancePage page = MaintenancePage.defaultPage();
        private String cookieName = DEFAULT_COOKIE_NAME;
        private @Nullable String cookieDomain;
        private String previewHeader = DEFAULT_PREVIEW_HEADER;
        private int secretAttemptsPerMinute = DEFAULT_SECRET_ATTEMPTS_PER_MINUTE;
        private @Nullable RequestBuffering requestBuffer;

        private Builder(Maintenance maintenance) {
            this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        }

        /** Proxies (addresses or CIDR blocks) whose forwarded headers ({@link #forwardedHeader}) are believed. */
        public Builder trustedProxies(List<String> proxies) {
            ClientAddressResolver.trusting(proxies); // validates now, naming a bad entry
            this.trustedProxies = List.copyOf(proxies);
            return this;
        }

        /**
         * The header family the trusted proxies write the client address and scheme in (default
         * {@code X-Forwarded-For} with {@code X-Forwarded-Proto}); only that one is read.
         */
        public Builder forwardedHeader(ForwardedHeader header) {
            this.forwardedHeader = Objects.requireNonNull(header, "forwardedHeader");
            return this;
        }

        /** Path patterns always answered with JSON (default {@code /api/**}). */
        public Builder apiPaths(List<String> patterns) {
            patterns.forEach(PathPattern::of);
            this.apiPaths = List.copyOf(patterns);
            return this;
        }

        /** The HTML page for blocked browsers. */
        public Builder page(MaintenancePage page) {
            this.page = Objects.requireNonNull(page, "page");
            return this;
        }

        /** The bypass cookie's name (default {@code maintenance_bypass}). */
        public Builder cookieName(String name) {
            if (name.isBlank()
                    || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new IllegalArgumentException("cookie name must be a token, but was '" + name + "'");
            }
            this.cookieName = name;
            return this;
        }

        /** The bypass cookie's domain, for sharing it across subdomains (default: host only). */
        public Builder cookieDomain(@Nullable String domain) {
            this.cookieDomain = domain;
            return this;
        }

        /** The header that opts a request into the real maintenance response in test mode. */
        public Builder previewHeader(String header) {
            if (header.isBlank()) {
                throw new IllegalArgumentException("previewHeader must not be blank");
            }
            this.previewHeader = header;
            return this;
        }

        /** Wrong secrets a client may try per minute before its attempts are ignored (default 10). */
        public Builder secretAttemptsPerMinute(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("secretAttemptsPerMinute must be at least 1, but was " + attempts);
            }
            this.secretAttemptsPerMinute = attempts;
            return this;
        }

        /**
         * Accepts blocked requests on the buffer's routes into it ({@code 202 Accepted}) instead of
         * refusing them; see {@link RequestBuffering}.
         */
        public Builder requestBuffer(@Nullable RequestBuffering buffer) {
            this.requestBuffer = buffer;
            return this;
        }

        public MaintenanceFilter build() {
            return new MaintenanceFilter(this);
        }
    }
}
