package dev.maintenance4j.admin;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.admin.route.AdminCall;
import dev.maintenance4j.admin.route.AdminRoute;
import dev.maintenance4j.admin.route.AllowListRoute;
import dev.maintenance4j.admin.route.BlockedOperationsRoute;
import dev.maintenance4j.admin.route.BufferRoutes;
import dev.maintenance4j.admin.route.DownRoute;
import dev.maintenance4j.admin.route.EventsRoute;
import dev.maintenance4j.admin.route.HealthRoute;
import dev.maintenance4j.admin.route.HistoryRoute;
import dev.maintenance4j.admin.route.InstancesRoute;
import dev.maintenance4j.admin.route.NotConfiguredException;
import dev.maintenance4j.admin.route.NotifyTestRoute;
import dev.maintenance4j.admin.route.SecretRoute;
import dev.maintenance4j.admin.route.StatusRoute;
import dev.maintenance4j.admin.route.UpRoute;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.http.ClientAddressResolver;
import dev.maintenance4j.http.FailedAttemptLimiter;
import dev.maintenance4j.http.ForwardedHeader;
import dev.maintenance4j.protocol.AdminProtocol;
import dev.maintenance4j.protocol.ApiError;
import dev.maintenance4j.protocol.InvalidRequestException;
import dev.maintenance4j.protocol.PublicStatus;
import dev.maintenance4j.protocol.StatusDocument;
import dev.maintenance4j.servlet.RequestBuffering;
import dev.maintenance4j.servlet.internal.JsonResponses;
import dev.maintenance4j.servlet.internal.ServletHeaders;
import dev.maintenance4j.spi.StateStore.Subscription;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.VersionConflictException;
import dev.maintenance4j.text.Failures;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin REST API, the admin web page and the public status, for any servlet application. Map it
 * to {@code /maintenance/*} (async supported, for the event stream):
 *
 * <ul>
 *   <li>{@code GET /maintenance/} — the admin page; it signs in with an admin token and does everything
 *       through the API below, so it adds no power of its own.</li>
 *   <li>{@code GET /maintenance/status.json} — public: what a banner needs ({@link PublicStatus});
 *       {@code ETag} by state version, so polling costs a 304.</li>
 *   <li>{@code GET api/status}, {@code api/blocked-operations}, {@code api/history?limit=N}, {@code api/instances},
 *       {@code api/health}, {@code api/events} (server-sent events), {@code api/buffer},
 *       {@code api/buffer/dead-letters};</li>
 *   <li>{@code POST api/down}, {@code api/up} (also as {@code api/enable}, {@code api/disable}), {@code api/allow}, {@code api/disallow},
 *       {@code api/secret/rotate}, {@code api/secret/clear}, {@code api/buffer/drain}, {@code api/notify/test}.</li>
 * </ul>
 * Routes that act are named as the CLI and the audit history name the act ({@code maint down} is
 * {@code POST api/down}, recorded as {@code down}). Each route is one handler in {@link dev.maintenance4j.admin.route}; requests and answers are the
 * {@linkplain dev.maintenance4j.protocol admin protocol}'s records. Every {@code api/} call needs an admin
 * ({@link AdminAuthenticator}); 401 otherwise. Changes must come from this site as JSON (403, 415). Bad
 * bodies get 400 naming the field; every change is audited with the admin's name and client address.
 */
public final class MaintenanceAdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(MaintenanceAdminServlet.class);
    private static final Set<String> READ = Set.of("GET", "HEAD");
    private static final Set<String> CHANGE = Set.of("POST");

    /** What a 401 says when nothing more specific was configured. */
    public static final String DEFAULT_SIGN_IN_HINT = "sign in with an admin token: send Authorization: Bearer <token>";

    private final transient Maintenance maintenance;
    private final transient AdminAuthenticator authenticator;
    private final transient ClientAddressResolver resolver;
    private final transient Clock clock;
    private final transient List<StatusContributor> contributors;
    private final transient @Nullable RequestBuffering requestBuffer;
    private final transient EventsRoute events;
    private final transient Map<String, Route> routes;
    private final transient Subscription subscription;
    private final String signInHint;
    /** Refused admin tokens per client: ten a minute, then the client waits (guessing a token stays useless). */
    private final transient FailedAttemptLimiter tokenFailures = new FailedAttemptLimiter(10, 10_000);

    /** A route: the methods it answers and its handler. */
    private record Route(Set<String> methods, AdminRoute handler) {}

    private MaintenanceAdminServlet(Builder b) {
        this.maintenance = b.maintenance;
        this.clock = maintenance.clock();
        this.authenticator = b.authenticator;
        this.signInHint = b.signInHint;
        this.resolver = ClientAddressResolver.trusting(b.trustedProxies, b.forwardedHeader);
        this.contributors = List.copyOf(b.contributors);
        this.requestBuffer = b.requestBuffer;
        this.events =
                new EventsRoute(maintenance.scheduler(), () -> AdminProtocol.writeString(status(clock.instant())));
        BufferRoutes buffer = new BufferRoutes(requestBuffer);
        Map<String, Route> table = new LinkedHashMap<>();
        table.put("/status", new Route(READ, new StatusRoute(this::status)));
        table.put("/blocked-operations", new Route(READ, new BlockedOperationsRoute(maintenance)));
        table.put("/history", new Route(READ, new HistoryRoute(maintenance)));
        table.put("/instances", new Route(READ, new InstancesRoute(maintenance)));
        table.put("/health", new Route(READ, new HealthRoute(maintenance)));
        table.put("/events", new Route(Set.of("GET"), events));
        Route down = new Route(CHANGE, new DownRoute(maintenance));
        Route up = new Route(CHANGE, new UpRoute(maintenance));
        table.put("/down", down);
        table.put("/up", up);
        table.put("/enable", down); // the names before 0.2, kept for scripts written against them
        table.put("/disable", up);
        table.put("/allow", new Route(CHANGE, AllowListRoute.allow(maintenance)));
        table.put("/disallow", new Route(CHANGE, AllowListRoute.disallow(maintenance)));
        table.put("/secret/rotate", new Route(CHANGE, SecretRoute.rotate(maintenance)));
        table.put("/secret/clear", new Route(CHANGE, SecretRoute.clear(maintenance)));
        table.put("/buffer", new Route(READ, buffer.status()));
        table.put("/buffer/drain", new Route(CHANGE, buffer.drain()));
        table.put("/buffer/dead-letters", new Route(READ, buffer.deadLetters()));
        table.put("/notify/test", new Route(CHANGE, new NotifyTestRoute(b.testNotification)));
        this.routes = Map.copyOf(table);
        this.subscription = maintenance.addListener(event -> {
            if (event instanceof MaintenanceEvent.StateApplied
                    || event instanceof MaintenanceEvent.StoreHealthChanged) {
                events.publishStatus();
            }
        });
    }

    public static Builder builder(Maintenance maintenance) {
        return new Builder(maintenance);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (request.getPathInfo() == null) {
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", request.getContextPath() + request.getServletPath() + "/");
            return;
        }
        String path = request.getPathInfo();
        AdminPage.Asset asset = AdminPage.asset(path);
        if (asset != null && READ.contains(method)) {
            asset.write(request, response);
            return;
        }
        try {
            if (path.equals("/status.json")) {
                requireMethod(method, READ);
                publicStatus(request, response);
                return;
            }
            if (!path.startsWith("/api/")) {
                refuse(response, 404, "Not Found", "no such maintenance endpoint: " + path);
                return;
            }
            String admin = signIn(request, response);
            if (admin == null || !acceptsBody(method, request, response)) {
                return;
            }
            Route route = routes.get(path.substring(4));
            if (route == null) {
                refuse(response, 404, "Not Found", "no such maintenance endpoint: " + path.substring(1));
                return;
            }
            requireMethod(method, route.methods());
            route.handler()
                    .handle(new AdminCall(
                            request,
                            response,
                            admin,
                            new Actor(
                                    admin,
                                    "api " + resolver.clientKey(request.getRemoteAddr(), ServletHeaders.of(request))),
                            clock.instant()));
        } catch (NotConfiguredException e) {
            refuse(response, 404, "Not Found", Failures.describe(e));
        } catch (InvalidRequestException e) {
            JsonResponses.error(response, new ApiError(400, "Bad Request", Failures.describe(e), e.field()));
        } catch (MethodNotAllowed e) {
            response.setHeader("Allow", e.allowed);
            refuse(response, 405, "Method Not Allowed", method + " is not allowed here; use " + e.allowed);
        } catch (VersionConflictException e) {
            JsonResponses.error(response, new ApiError(409, "Conflict", Failures.describe(e), "expectedVersion"));
        } catch (StoreException e) {
            log.warn("Maintenance admin API: store failed: {}", e.getMessage());
            refuse(response, 503, "Service Unavailable", "the maintenance state store failed: " + e.getMessage());
        }
    }

    /** The admin the request signs in as, or null after answering 401 or 429. */
    private @Nullable String signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean presentsToken = request.getHeader("Authorization") != null;
        String client = presentsToken ? resolver.clientKey(request.getRemoteAddr(), ServletHeaders.of(request)) : "";
        long nowMillis = clock.millis();
        if (presentsToken && tokenFailures.isLimited(client, nowMillis)) {
            response.setHeader("Retry-After", "60");
            refuse(
                    response,
                    429,
                    "Too Many Requests",
                    "too many refused admin tokens from this client; wait a minute, then sign in with a valid token");
            return null;
        }
        String admin = authenticator.authenticate(request);
        if (admin == null) {
            if (presentsToken) {
                tokenFailures.recordFailure(client, nowMillis);
            }
            response.setHeader("WWW-Authenticate", "Bearer realm=\"maintenance\"");
            refuse(response, 401, "Unauthorized", signInHint);
        }
        return admin;
    }

    /** False after answering 403 or 415: a change must come from this site, as JSON. */
    private static boolean acceptsBody(String method, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (READ.contains(method)) {
            return true;
        }
        String refused = CrossSiteRequests.refusal(request);
        if (refused != null) {
            refuse(response, 403, "Forbidden", refused);
            return false;
        }
        if (!CrossSiteRequests.isJson(request.getContentType())) {
            refuse(
                    response,
                    415,
                    "Unsupported Media Type",
                    "send the body as JSON with Content-Type: application/json (an empty object {} when there is nothing to say)");
            return false;
        }
        return true;
    }

    private static void refuse(HttpServletResponse response, int status, String error, String message)
            throws IOException {
        JsonResponses.error(response, ApiError.of(status, error, message));
    }

    private StatusDocument status(Instant now) {
        Map<String, Object> contributed = new LinkedHashMap<>();
        for (StatusContributor contributor : contributors) {
            contributed.put(contributor.field(), contributor.value());
        }
        return StatusDocument.of(
                maintenance, now, requestBuffer == null ? null : requestBuffer.status(now), contributed);
    }

    private void publicStatus(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MaintenanceState state = maintenance.state();
        Instant now = clock.instant();
        String etag = PublicStatus.entityTag(state, now);
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("Access-Control-Allow-Origin", "*");
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(304);
            return;
        }
        JsonResponses.write(response, 200, PublicStatus.of(state, now));
    }

    private static void requireMethod(String method, Set<String> allowed) {
        if (!allowed.contains(method)) {
            throw new MethodNotAllowed(
                    String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    @Override
    public void destroy() {
        subscription.close();
        events.close();
    }

    private static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String allowed;

        MethodNotAllowed(String allowed) {
            super(allowed, null, false, false);
            this.allowed = allowed;
        }
    }

    /** Builds {@link MaintenanceAdminServlet}s. */
    public static final class Builder {
        private final Maintenance maintenance;
        private AdminAuthenticator authenticator = request -> null;
        private String signInHint = DEFAULT_SIGN_IN_HINT;
        private List<String> trustedProxies = List.of();
        private ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;
        private final List<StatusContributor> contributors = new ArrayList<>();
        private java.util.function.@Nullable Consumer<String> testNotification;
        private @Nullable RequestBuffering requestBuffer;

        private Builder(Maintenance maintenance) {
            this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        }

        /** Who may use the API (default: nobody, so the API is closed until configured). */
        public Builder authenticator(AdminAuthenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /**
         * The one line a 401 answers with, telling the caller what to do: which token to send, or that the
         * service has none configured and how to set one.
         */
        public Builder signInHint(String hint) {
            if (hint.isBlank()) {
                throw new IllegalArgumentException("signInHint must not be blank");
            }
            this.signInHint = hint;
            return this;
        }

        /** The header family the trusted proxies write the client address in (default {@code X-Forwarded-For}). */
        public Builder forwardedHeader(ForwardedHeader header) {
            this.forwardedHeader = Objects.requireNonNull(header, "forwardedHeader");
            return this;
        }

        /** Proxies whose forwarded headers name the client recorded in the audit log. */
        public Builder trustedProxies(List<String> proxies) {
            ClientAddressResolver.trusting(proxies);
            this.trustedProxies = List.copyOf(proxies);
            return this;
        }

        /** What {@code POST api/notify/test} does, given the admin's name (404 when unset). */
        public Builder testNotification(Consumer<String> sender) {
            this.testNotification = Objects.requireNonNull(sender, "sender");
            return this;
        }

        /** Adds facts to the status document (and the status events). */
        public Builder statusContributor(StatusContributor contributor) {
            contributors.add(Objects.requireNonNull(contributor, "contributor"));
            return this;
        }

        /** The write buffer that {@code api/buffer}, {@code api/buffer/drain} and {@code api/buffer/dead-letters} show and steer. */
        public Builder requestBuffer(@Nullable RequestBuffering buffer) {
            this.requestBuffer = buffer;
            return this;
        }

        public MaintenanceAdminServlet build() {
            return new MaintenanceAdminServlet(this);
        }
    }
}
