package dev.maintenance4j.servlet;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.decision.Action;
import dev.maintenance4j.decision.Decision;
import dev.maintenance4j.http.BufferedWrite;
import dev.maintenance4j.http.ClientAddressResolver;
import dev.maintenance4j.http.HttpMaintenance;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.http.MaintenanceResponse;
import dev.maintenance4j.http.MaintenanceResponses;
import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.operation.OperationClassifier;
import dev.maintenance4j.servlet.internal.ServletMaintenanceRequest;
import dev.maintenance4j.stats.InFlightRequests;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a Jakarta Servlet application behind maintenance. While maintenance is off, a request costs
 * one volatile read. While it is on, each request is decided by the {@link Maintenance} it was built
 * with (bypasses in order: exempt paths, secret URL, bypass cookie, allow-listed client, admin role)
 * and blocked requests get the maintenance response: HTML or JSON, or a redirect. How it meets its
 * traffic (trusted proxies, API paths, page, cookie) is {@link HttpOptions}, shared with every adapter.
 *
 * <pre>{@code
 * FilterRegistration.Dynamic filter = servletContext.addFilter("maintenance", MaintenanceFilter.builder(maintenance)
 *         .options(HttpOptions.builder().trustedProxies(List.of("10.0.0.0/8")).build()).build());
 * filter.setAsyncSupported(true); // asynchronous servlets behind it keep working (their writes count until complete)
 * filter.addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>The filter never turns its own failure into an error page: a request it can not evaluate while
 * maintenance is on gets the maintenance response, and while maintenance is off passes through.
 */
public final class MaintenanceFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceFilter.class);

    private final Maintenance maintenance;
    private final HttpMaintenance http;
    private final ServletMaintenanceRequest.Reader reader;
    private final @Nullable RequestBuffering requestBuffer;

    private MaintenanceFilter(Builder b) {
        this.maintenance = b.maintenance;
        this.http = HttpMaintenance.of(maintenance, b.options);
        this.requestBuffer = b.requestBuffer;
        this.reader = new ServletMaintenanceRequest.Reader(http, requestBuffer);
    }

    public static Builder builder(Maintenance maintenance) {
        return new Builder(maintenance);
    }

    /** Whose forwarded headers this filter believes: the decision endpoint answers only them. */
    ClientAddressResolver resolver() {
        return http.resolver();
    }

    /**
     * What this filter decides and answers with, for another adapter in the same process to decide with too
     * (the gateway's event loop): one set of options, one count of wrong secrets per client.
     */
    public HttpMaintenance http() {
        return http;
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
        boolean write = path != null && http.isApplicationWrite(method, path);
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
        if (http.passesWithoutFacts(state, requestBuffer)) {
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
            if (!response.isCommitted()) {
                response.resetBuffer();
                write(request, response, http.failed(request.getMethod(), request.getRequestURI(), state, now, e));
            }
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
        http.record(decision, facts, request.getRemoteAddr(), now);
        if (decision.signOut()) {
            invalidateSession(request);
        }
        if (decision.action() == Action.BUFFER && requestBuffer != null) {
            // accepted into the write buffer (or refused as too large): answered
            MaintenanceResponse accepted = accept(requestBuffer, request, facts);
            if (accepted != null) {
                write(request, response, accepted);
                return false;
            }
        }
        MaintenanceResponse answer = http.answer(
                decision,
                state,
                now,
                facts.path(),
                request.getHeader("Accept"),
                request.getContextPath(),
                () -> http.resolver().isHttps(request.getRemoteAddr(), request.isSecure(), facts.headers()),
                request.getQueryString());
        if (answer == null) {
            return true;
        }
        write(request, response, answer);
        return false;
    }

    /** The buffer's answer to a blocked request on a buffered route, or null when it did not take it. */
    private static @Nullable MaintenanceResponse accept(
            RequestBuffering buffer, HttpServletRequest request, ServletMaintenanceRequest facts) throws IOException {
        long declared = request.getContentLengthLong();
        int toRead = buffer.bodyBytesToRead(declared);
        byte[] body = toRead == 0 ? new byte[0] : request.getInputStream().readNBytes(toRead);
        return buffer.accept(new BufferedWrite(
                request.getMethod(),
                facts.path(),
                request.getQueryString(),
                facts.headers(),
                request.getRemoteUser(),
                declared,
                body));
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, MaintenanceResponse answer)
            throws IOException {
        try {
            ServletResponses.write(request, response, answer);
        } catch (RuntimeException e) {
            log.warn("Maintenance filter could not write its response; answering a plain 503: {}", e.toString());
            if (!response.isCommitted()) {
                response.reset();
                ServletResponses.write(request, response, MaintenanceResponses.FALLBACK);
            }
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

    /** Builds {@link MaintenanceFilter}s. */
    public static final class Builder {
        private final Maintenance maintenance;
        private HttpOptions options = HttpOptions.defaults();
        private @Nullable RequestBuffering requestBuffer;

        private Builder(Maintenance maintenance) {
            this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        }

        /** How the filter meets its traffic: trusted proxies, API paths, page, cookie (default {@link HttpOptions#defaults()}). */
        public Builder options(HttpOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The options set so far, to change some: {@code builder.options(builder.options().toBuilder()...build())}. */
        public HttpOptions options() {
            return options;
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
