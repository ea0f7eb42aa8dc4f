package dev.maintenance4j.admin;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.admin.route.AdminCall;
import dev.maintenance4j.admin.route.AdminRoute;
import dev.maintenance4j.admin.route.AllowListRoute;
import dev.maintenance4j.admin.route.BlockedOperationsRoute;
import dev.maintenance4j.admin.route.BufferRoutes;
import dev.maintenance4j.admin.route.DownRoute;
import dev.maintenance4j.admin.route.EventSink;
import dev.maintenance4j.admin.route.EventStream;
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
import dev.maintenance4j.http.MaintenanceResponse;
import dev.maintenance4j.http.MaintenanceResponse.Header;
import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.protocol.AdminProtocol;
import dev.maintenance4j.protocol.ApiError;
import dev.maintenance4j.protocol.InvalidRequestException;
import dev.maintenance4j.protocol.PublicStatus;
import dev.maintenance4j.protocol.StatusDocument;
import dev.maintenance4j.spi.StateStore.Subscription;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.VersionConflictException;
import dev.maintenance4j.text.Failures;
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
 * The admin REST API, the admin web page and the public status, whatever the server: a web adapter
 * ({@link MaintenanceAdminServlet}, or the WebFlux handler) translates its request into an
 * {@link AdminRequest}, calls {@link #handle} and writes the {@link Answer}, and nothing more.
 *
 * <ul>
 *   <li>{@code GET /} — the admin page; it signs in with an admin token and does everything through the API
 *       below, so it adds no power of its own.</li>
 *   <li>{@code GET /status.json} — public: what a banner needs ({@link PublicStatus}); {@code ETag} by state
 *       version, so polling costs a 304.</li>
 *   <li>{@code GET api/status}, {@code api/blocked-operations}, {@code api/history?limit=N}, {@code api/instances},
 *       {@code api/health}, {@code api/events} (server-sent events), {@code api/buffer},
 *       {@code api/buffer/dead-letters};</li>
 *   <li>{@code POST api/down}, {@code api/up} (also as {@code api/enable}, {@code api/disable}), {@code api/allow},
 *       {@code api/disallow}, {@code api/secret/rotate}, {@code api/secret/clear}, {@code api/buffer/drain},
 *       {@code api/notify/test}.</li>
 * </ul>
 * Routes that act are named as the CLI and the audit history name the act ({@code maint down} is
 * {@code POST api/down}, recorded as {@code down}). Each route is one handler in
 * {@link dev.maintenance4j.admin.route}; requests and answers are the {@linkplain dev.maintenance4j.protocol admin
 * protocol}'s records. Every {@code api/} call needs an admin ({@link AdminAuthenticator}); 401 otherwise.
 * Changes must come from this site as JSON (403, 415). Bad bodies get 400 naming the field; every change is
 * audited with the admin's name and client address. Changes with {@code wait} block the calling thread until
 * the instances applied them: a non-blocking server calls {@link #handle} off its event loop.
 */
public final class AdminApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    private static final Set<String> READ = Set.of("GET", "HEAD");
    private static final Set<String> CHANGE = Set.of("POST");
    private static final String EVENTS = "/events";

    /** What a 401 says when nothing more specific was configured. */
    public static final String DEFAULT_SIGN_IN_HINT = "sign in with an admin token: send Authorization: Bearer <token>";

    /**
     * What the adapter does with a request: write {@link #response()}, or, when {@link #opensEventStream()},
     * answer with {@link EventStream#HEADERS}, keep the connection open and {@link #subscribe} it.
     */
    public record Answer(MaintenanceResponse response, boolean opensEventStream) {
        static Answer respond(MaintenanceResponse response) {
            return new Answer(response, false);
        }
    }

    private static final Answer EVENT_STREAM =
            new Answer(new MaintenanceResponse(200, EventStream.HEADERS, new byte[0]), true);

    private final Maintenance maintenance;
    private final AdminAuthenticator authenticator;
    private final ClientAddressResolver resolver;
    private final Clock clock;
    private final List<StatusContributor> contributors;
    private final @Nullable RequestBuffering requestBuffer;
    private final EventStream events;
    private final Map<String, Route> routes;
    private final Subscription subscription;
    private final String signInHint;
    /** Refused admin tokens per client: ten a minute, then the client waits (guessing a token stays useless). */
    private final FailedAttemptLimiter tokenFailures = new FailedAttemptLimiter(10, 10_000);

    /** A route: the methods it answers and its handler. */
    private record Route(Set<String> methods, AdminRoute handler) {}

    private AdminApi(Builder<?> b) {
        this.maintenance = b.maintenance;
        this.clock = maintenance.clock();
        this.authenticator = b.authenticator;
        this.signInHint = b.signInHint;
        this.resolver = ClientAddressResolver.trusting(b.trustedProxies, b.forwardedHeader);
        this.contributors = List.copyOf(b.contributors);
        this.requestBuffer = b.requestBuffer;
        this.events =
                new EventStream(maintenance.scheduler(), () -> AdminProtocol.writeString(status(clock.instant())));
        BufferRoutes buffer = new BufferRoutes(requestBuffer);
        Map<String, Route> table = new LinkedHashMap<>();
        table.put("/status", new Route(READ, new StatusRoute(this::status)));
        table.put("/blocked-operations", new Route(READ, new BlockedOperationsRoute(maintenance)));
        table.put("/history", new Route(READ, new HistoryRoute(maintenance)));
        table.put("/instances", new Route(READ, new InstancesRoute(maintenance)));
        table.put("/health", new Route(READ, new HealthRoute(maintenance)));
        table.put(EVENTS, new Route(Set.of("GET"), call -> {})); // answered by the adapter's stream
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

    /** An API with the options set on a {@link Builder}; web adapters' builders extend it. */
    public static Builder<?> builder(Maintenance maintenance) {
        return new Builder<>(maintenance);
    }

    /** Answers one request. */
    public Answer handle(AdminRequest request) {
        String method = request.method();
        String path = request.path();
        AdminPage.Asset asset = AdminPage.asset(path);
        if (asset != null && READ.contains(method)) {
            return Answer.respond(asset.response());
        }
        try {
            if (path.equals("/status.json")) {
                requireMethod(method, READ);
                return Answer.respond(publicStatus(request));
            }
            if (!path.startsWith("/api/")) {
                return refuse(404, "Not Found", "no such maintenance endpoint: " + path);
            }
            boolean presentsToken = request.header("Authorization") != null;
            String client = presentsToken ? clientKey(request) : "";
            long nowMillis = clock.millis();
            if (presentsToken && tokenFailures.isLimited(client, nowMillis)) {
                return refuse(
                        429,
                        "Too Many Requests",
                        "too many refused admin tokens from this client; wait a minute, then sign in with a valid token",
                        new Header("Retry-After", "60"));
            }
            String admin = authenticator.authenticate(request);
            if (admin == null) {
                if (presentsToken) {
                    tokenFailures.recordFailure(client, nowMillis);
                }
                return refuse(
                        401,
                        "Unauthorized",
                        signInHint,
                        new Header("WWW-Authenticate", "Bearer realm=\"maintenance\""));
            }
            Answer refusedBody = refusedBody(method, request);
            if (refusedBody != null) {
                return refusedBody;
            }
            String name = path.substring(4);
            Route route = routes.get(name);
            if (route == null) {
                return refuse(404, "Not Found", "no such maintenance endpoint: " + path.substring(1));
            }
            requireMethod(method, route.methods());
            if (name.equals(EVENTS)) {
                return EVENT_STREAM;
            }
            AdminCall call =
                    new AdminCall(request, admin, new Actor(admin, "api " + clientKey(request)), clock.instant());
            route.handler().handle(call);
            MaintenanceResponse response = call.response();
            return Answer.respond(response != null ? response : new MaintenanceResponse(204, List.of(), new byte[0]));
        } catch (NotConfiguredException e) {
            return refuse(404, "Not Found", Failures.describe(e));
        } catch (InvalidRequestException e) {
            return error(new ApiError(400, "Bad Request", Failures.describe(e), e.field()));
        } catch (MethodNotAllowed e) {
            return refuse(
                    405,
                    "Method Not Allowed",
                    method + " is not allowed here; use " + e.allowed,
                    new Header("Allow", e.allowed));
        } catch (VersionConflictException e) {
            return error(new ApiError(409, "Conflict", Failures.describe(e), "expectedVersion"));
        } catch (StoreException e) {
            log.warn("Maintenance admin API: store failed: {}", e.getMessage());
            return refuse(503, "Service Unavailable", "the maintenance state store failed: " + e.getMessage());
        } catch (IOException e) {
            return refuse(400, "Bad Request", "the request body could not be read: " + Failures.describe(e));
        }
    }

    /** Opens a stream that {@link #handle} answered with {@link Answer#opensEventStream()}. */
    public void subscribe(EventSink sink) {
        events.subscribe(sink);
    }

    /** Forgets a stream whose client went away. */
    public void unsubscribe(EventSink sink) {
        events.unsubscribe(sink);
    }

    private String clientKey(AdminRequest request) {
        return resolver.clientKey(request.remoteAddr(), request.headers());
    }

    /** A 403 or 415 when a change does not come from this site as JSON, else null. */
    private static @Nullable Answer refusedBody(String method, AdminRequest request) {
        if (READ.contains(method)) {
            return null;
        }
        String refused = CrossSiteRequests.refusal(request);
        if (refused != null) {
            return refuse(403, "Forbidden", refused);
        }
        if (!CrossSiteRequests.isJson(request.header("Content-Type"))) {
            return refuse(
                    415,
                    "Unsupported Media Type",
                    "send the body as JSON with Content-Type: application/json (an empty object {} when there is nothing to say)");
        }
        return null;
    }

    private static Answer refuse(int status, String error, String message, Header... headers) {
        return Answer.respond(MaintenanceResponse.json(status, ApiError.of(status, error, message), headers));
    }

    private static Answer error(ApiError error) {
        return Answer.respond(MaintenanceResponse.json(error.status(), error));
    }

    private StatusDocument status(Instant now) {
        Map<String, Object> contributed = new LinkedHashMap<>();
        for (StatusContributor contributor : contributors) {
            contributed.put(contributor.field(), contributor.value());
        }
        return StatusDocument.of(
                maintenance, now, requestBuffer == null ? null : requestBuffer.status(now), contributed);
    }

    private MaintenanceResponse publicStatus(AdminRequest request) {
        MaintenanceState state = maintenance.state();
        Instant now = clock.instant();
        String etag = PublicStatus.entityTag(state, now);
        List<Header> headers = List.of(
                new Header("ETag", etag),
                new Header("Cache-Control", "no-cache"),
                new Header("Access-Control-Allow-Origin", "*"));
        if (etag.equals(request.header("If-None-Match"))) {
            return new MaintenanceResponse(304, headers, new byte[0]);
        }
        List<Header> withType = new ArrayList<>(headers);
        withType.add(0, new Header("Content-Type", "application/json;charset=UTF-8"));
        return new MaintenanceResponse(200, withType, AdminProtocol.write(PublicStatus.of(state, now)));
    }

    private static void requireMethod(String method, Set<String> allowed) {
        if (!allowed.contains(method)) {
            throw new MethodNotAllowed(
                    String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    /** Stops listening to the state and ends every event stream. */
    @Override
    public void close() {
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

    /**
     * The API's options. Each web adapter's builder extends this one, so the options are set the same way
     * whichever server the API runs on.
     */
    public static class Builder<B extends Builder<B>> {
        private final Maintenance maintenance;
        private AdminAuthenticator authenticator = request -> null;
        private String signInHint = DEFAULT_SIGN_IN_HINT;
        private List<String> trustedProxies = List.of();
        private ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;
        private final List<StatusContributor> contributors = new ArrayList<>();
        private @Nullable Consumer<String> testNotification;
        private @Nullable RequestBuffering requestBuffer;

        protected Builder(Maintenance maintenance) {
            this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Who may use the API (default: nobody, so the API is closed until configured). */
        public B authenticator(AdminAuthenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return self();
        }

        /**
         * The one line a 401 answers with, telling the caller what to do: which token to send, or that the
         * service has none configured and how to set one.
         */
        public B signInHint(String hint) {
            if (hint.isBlank()) {
                throw new IllegalArgumentException("signInHint must not be blank");
            }
            this.signInHint = hint;
            return self();
        }

        /** The header family the trusted proxies write the client address in (default {@code X-Forwarded-For}). */
        public B forwardedHeader(ForwardedHeader header) {
            this.forwardedHeader = Objects.requireNonNull(header, "forwardedHeader");
            return self();
        }

        /** Proxies whose forwarded headers name the client recorded in the audit log. */
        public B trustedProxies(List<String> proxies) {
            ClientAddressResolver.trusting(proxies);
            this.trustedProxies = List.copyOf(proxies);
            return self();
        }

        /** What {@code POST api/notify/test} does, given the admin's name (404 when unset). */
        public B testNotification(Consumer<String> sender) {
            this.testNotification = Objects.requireNonNull(sender, "sender");
            return self();
        }

        /** Adds facts to the status document (and the status events). */
        public B statusContributor(StatusContributor contributor) {
            contributors.add(Objects.requireNonNull(contributor, "contributor"));
            return self();
        }

        /**
         * The write buffer that {@code api/buffer}, {@code api/buffer/drain} and {@code api/buffer/dead-letters}
         * show and steer.
         */
        public B requestBuffer(@Nullable RequestBuffering buffer) {
            this.requestBuffer = buffer;
            return self();
        }

        /** The API, for an adapter to serve. */
        public AdminApi api() {
            return new AdminApi(this);
        }
    }
}
