package dev.maintenance4j.servlet.admin;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.ClusterAwait;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.net.IpAddress;
import dev.maintenance4j.servlet.buffer.RequestBuffer;
import dev.maintenance4j.servlet.client.ClientAddressResolver;
import dev.maintenance4j.servlet.client.ForwardedHeader;
import dev.maintenance4j.servlet.internal.FailedAttemptLimiter;
import dev.maintenance4j.servlet.internal.JsonResponses;
import dev.maintenance4j.spi.StateStore.Subscription;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.VersionConflictException;
import dev.maintenance4j.text.Failures;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin REST API, the admin web page and the public status, for any servlet application. Map it
 * to {@code /maintenance/*} (async supported, for the event stream):
 *
 * <ul>
 *   <li>{@code GET /maintenance/} — the admin page; it signs in with an admin token and does everything
 *       through the API below, so it adds no power of its own.</li>
 *   <li>{@code GET /maintenance/status.json} — public: what a banner needs (active, mode, message,
 *       until, upcoming window); {@code ETag} by state version, so polling costs a 304.</li>
 *   <li>{@code GET api/status}, {@code api/blocked-operations}, {@code api/history?limit=N}, {@code api/instances},
 *       {@code api/health}, {@code api/events} (server-sent events);</li>
 *   <li>{@code POST api/enable}, {@code api/disable}, {@code api/allow}, {@code api/disallow},
 *       {@code api/secret/rotate}, {@code api/secret/clear}, with JSON bodies and an optional
 *       {@code expectedVersion} (409 when the state moved on); {@code api/notify/test} sends a test
 *       notification when notifications are configured.</li>
 * </ul>
 * Every {@code api/} call needs an admin ({@link AdminAuthenticator}); 401 otherwise. Bad bodies get
 * 400 naming the field; every change is audited with the admin's name and client address.
 */
public final class MaintenanceAdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(MaintenanceAdminServlet.class);
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final transient Maintenance maintenance;
    private final transient MaintenanceControl control;
    private final transient AdminAuthenticator authenticator;
    private final transient ClientAddressResolver resolver;
    private final transient Clock clock;
    private final transient EventStream events;
    private final transient List<StatusContributor> contributors;
    private final transient java.util.function.@Nullable Consumer<String> testNotification;
    private final transient Subscription subscription;
    private final transient @Nullable RequestBuffer requestBuffer;
    private final String signInHint;
    /** Refused admin tokens per client: ten a minute, then the client waits (guessing a token stays useless). */
    private final transient FailedAttemptLimiter tokenFailures = new FailedAttemptLimiter(10, 10_000);

    /** What a 401 says when nothing more specific was configured. */
    public static final String DEFAULT_SIGN_IN_HINT = "sign in with an admin token: send Authorization: Bearer <token>";

    private MaintenanceAdminServlet(Builder b) {
        this.maintenance = b.maintenance;
        this.clock = maintenance.clock();
        this.control = maintenance.control();
        this.authenticator = b.authenticator;
        this.signInHint = b.signInHint;
        this.resolver = ClientAddressResolver.trusting(b.trustedProxies, b.forwardedHeader);
        this.contributors = List.copyOf(b.contributors);
        this.testNotification = b.testNotification;
        this.requestBuffer = b.requestBuffer;
        this.events = new EventStream(
                maintenance.scheduler(), () -> JsonMapper.shared().writeValueAsString(status(clock.instant())));
        this.subscription = maintenance.addListener(event -> {
            if (event instanceof MaintenanceEvent.StateApplied) {
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
        if (asset != null && ("GET".equals(method) || "HEAD".equals(method))) {
            asset.write(request, response);
            return;
        }
        try {
            if (path.equals("/status.json")) {
                requireMethod(method, "GET", "HEAD");
                publicStatus(request, response);
                return;
            }
            if (!path.startsWith("/api/")) {
                JsonResponses.write(
                        response,
                        404,
                        JsonResponses.error(404, "Not Found", "no such maintenance endpoint: " + path, null));
                return;
            }
            boolean presentsToken = request.getHeader("Authorization") != null;
            String client = presentsToken ? clientKey(request) : "";
            long nowMillis = clock.millis();
            if (presentsToken && tokenFailures.isLimited(client, nowMillis)) {
                response.setHeader("Retry-After", "60");
                JsonResponses.write(
                        response,
                        429,
                        JsonResponses.error(
                                429,
                                "Too Many Requests",
                                "too many refused admin tokens from this client; wait a minute, then sign in with a valid token",
                                null));
                return;
            }
            String admin = authenticator.authenticate(request);
            if (admin == null) {
                if (presentsToken) {
                    tokenFailures.recordFailure(client, nowMillis);
                }
                response.setHeader("WWW-Authenticate", "Bearer realm=\"maintenance\"");
                JsonResponses.write(response, 401, JsonResponses.error(401, "Unauthorized", signInHint, null));
                return;
            }
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                String refused = CrossSiteRequests.refusal(request);
                if (refused != null) {
                    JsonResponses.write(response, 403, JsonResponses.error(403, "Forbidden", refused, null));
                    return;
                }
                if (!CrossSiteRequests.isJson(request.getContentType())) {
                    JsonResponses.write(
                            response,
                            415,
                            JsonResponses.error(
                                    415,
                                    "Unsupported Media Type",
                                    "send the body as JSON with Content-Type: application/json (an empty object {} when there is nothing to say)",
                                    null));
                    return;
                }
            }
            api(path.substring(4), method, admin, request, response);
        } catch (NotConfigured e) {
            JsonResponses.write(response, 404, JsonResponses.error(404, "Not Found", Failures.describe(e), null));
        } catch (BadRequestException e) {
            JsonResponses.write(
                    response, 400, JsonResponses.error(400, "Bad Request", Failures.describe(e), e.field()));
        } catch (MethodNotAllowed e) {
            response.setHeader("Allow", e.allowed);
            JsonResponses.write(
                    response,
                    405,
                    JsonResponses.error(
                            405, "Method Not Allowed", method + " is not allowed here; use " + e.allowed, null));
        } catch (VersionConflictException e) {
            JsonResponses.write(
                    response, 409, JsonResponses.error(409, "Conflict", Failures.describe(e), "expectedVersion"));
        } catch (StoreException e) {
            log.warn("Maintenance admin API: store failed: {}", e.getMessage());
            JsonResponses.write(
                    response,
                    503,
                    JsonResponses.error(
                            503, "Service Unavailable", "the maintenance state store failed: " + e.getMessage(), null));
        }
    }

    private void api(
            String endpoint, String method, String admin, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Instant now = clock.instant();
        switch (endpoint) {
            case "/status" -> {
                requireMethod(method, "GET", "HEAD");
                JsonResponses.write(response, 200, status(now));
            }
            case "/blocked-operations" -> {
                requireMethod(method, "GET", "HEAD");
                JsonResponses.write(response, 200, ApiDocuments.blockedOperations(maintenance, now));
            }
            case "/history" -> {
                requireMethod(method, "GET", "HEAD");
                JsonResponses.write(
                        response,
                        200,
                        ApiDocuments.history(maintenance.view().store().history(limit(request))));
            }
            case "/instances" -> {
                requireMethod(method, "GET", "HEAD");
                JsonResponses.write(response, 200, ApiDocuments.instances(maintenance.instances(), now));
            }
            case "/health" -> {
                requireMethod(method, "GET", "HEAD");
                boolean up = maintenance.view().checkStore(Duration.ofSeconds(1));
                ObjectNode health = JsonMapper.shared().createObjectNode();
                health.put("status", up ? "UP" : "DOWN");
                health.put("active", maintenance.state().isActiveAt(now));
                health.put("store", maintenance.view().store().describe());
                health.put("storeReachable", up);
                health.put("lastFailure", maintenance.view().lastFailure());
                JsonResponses.write(response, up ? 200 : 503, health);
            }
            case "/events" -> {
                requireMethod(method, "GET");
                events.subscribe(request, response);
            }
            case "/enable" -> {
                requireMethod(method, "POST");
                JsonNode body = body(request);
                Duration wait = ApiRequests.waitFor(body);
                change(
                        response,
                        () -> control.enable(
                                ApiRequests.enableOptions(body, clock),
                                actor(admin, request),
                                ApiRequests.expectedVersion(body)),
                        method,
                        wait,
                        true);
            }
            case "/disable" -> {
                requireMethod(method, "POST");
                JsonNode body = body(request);
                Duration wait = ApiRequests.waitFor(body);
                ApiRequests.versionOnly(body);
                change(
                        response,
                        () -> control.disable(actor(admin, request), ApiRequests.expectedVersion(body)),
                        method,
                        wait,
                        false);
            }
            case "/allow" ->
                change(
                        response,
                        () -> {
                            JsonNode body = body(request);
                            return control.apply(
                                    "allow",
                                    actor(admin, request),
                                    ApiRequests.expectedVersion(body),
                                    allowing(ApiRequests.entries(body), true));
                        },
                        method);
            case "/disallow" ->
                change(
                        response,
                        () -> {
                            JsonNode body = body(request);
                            return control.apply(
                                    "disallow",
                                    actor(admin, request),
                                    ApiRequests.expectedVersion(body),
                                    allowing(ApiRequests.entries(body), false));
                        },
                        method);
            case "/secret/rotate" ->
                change(
                        response,
                        () -> {
                            ApiRequests.versionOnly(body(request));
                            return control.rotateSecret(actor(admin, request));
                        },
                        method);
            case "/buffer" -> {
                requireMethod(method, "GET", "HEAD");
                JsonResponses.write(response, 200, ApiDocuments.buffer(requireBuffer(), now));
            }
            case "/buffer/drain" -> {
                requireMethod(method, "POST");
                RequestBuffer buffer = requireBuffer();
                log.info(
                        "Maintenance admin API: {} started a replay of the write buffer ({} pending)",
                        admin,
                        buffer.stats().pending());
                try {
                    buffer.replay();
                } catch (IllegalStateException closed) {
                    JsonResponses.write(
                            response,
                            503,
                            JsonResponses.error(503, "Service Unavailable", Failures.describe(closed), null));
                    return;
                }
                JsonResponses.write(response, 202, ApiDocuments.buffer(buffer, now));
            }
            case "/buffer/dead-letters" -> {
                requireMethod(method, "GET", "HEAD");
                JsonResponses.write(
                        response,
                        200,
                        ApiDocuments.deadLetters(requireBuffer().buffer().deadLetters(limit(request))));
            }
            case "/notify/test" -> {
                requireMethod(method, "POST");
                if (testNotification == null) {
                    throw new NotConfigured("no notifications are configured on this service");
                }
                testNotification.accept(admin);
                ObjectNode sent = JsonMapper.shared().createObjectNode();
                sent.put("sent", true);
                JsonResponses.write(response, 202, sent);
            }
            case "/secret/clear" ->
                change(
                        response,
                        () -> {
                            ApiRequests.versionOnly(body(request));
                            return control.clearSecret(actor(admin, request));
                        },
                        method);
            default ->
                JsonResponses.write(
                        response,
                        404,
                        JsonResponses.error(404, "Not Found", "no such maintenance endpoint: api" + endpoint, null));
        }
    }

    private RequestBuffer requireBuffer() {
        if (requestBuffer == null) {
            throw new NotConfigured("no write buffer is configured on this service");
        }
        return requestBuffer;
    }

    private ObjectNode status(Instant now) {
        ObjectNode status = ApiDocuments.status(maintenance, now);
        if (requestBuffer != null) {
            status.set("buffer", ApiDocuments.buffer(requestBuffer, now));
        }
        for (StatusContributor contributor : contributors) {
            status.set(contributor.field(), JsonMapper.shared().valueToTree(contributor.value()));
        }
        return status;
    }

    private static MaintenanceControl.StateChange allowing(List<CidrBlock> entries, boolean add) {
        return (current, now) -> current.toBuilder()
                .allowed(
                        add
                                ? current.allowed().with(entries)
                                : current.allowed().without(entries))
                .build();
    }

    private interface ChangeCall {
        MaintenanceControl.Result call() throws IOException;
    }

    private void change(HttpServletResponse response, ChangeCall call, String method) throws IOException {
        change(response, call, method, null, false);
    }

    /** Applies a change; with {@code wait}, answers only when every live instance applied it (and, for down, drained writes). */
    private void change(
            HttpServletResponse response, ChangeCall call, String method, @Nullable Duration wait, boolean drainWrites)
            throws IOException {
        requireMethod(method, "POST");
        MaintenanceControl.Result result;
        try {
            result = call.call();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(null, Failures.describe(e));
        }
        Instant now = clock.instant();
        ObjectNode node = JsonMapper.shared().valueToTree(MaintenanceStatus.of(result.after(), now));
        node.put("changed", result.changed());
        node.set("before", JsonMapper.shared().valueToTree(MaintenanceStatus.of(result.before(), now)));
        if (result.generatedSecret() != null) {
            node.put("secret", result.generatedSecret());
        }
        if (wait != null && !result.pending()) {
            maintenance.reportNow();
            ClusterAwait.Result waited;
            try {
                waited = ClusterAwait.of(() -> maintenance.instances(), clock)
                        .await(result.after().version(), drainWrites, wait, report -> {});
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for the instances", e);
            }
            ObjectNode waitNode = node.putObject("wait");
            waitNode.put("done", waited.done());
            waitNode.set("instances", ApiDocuments.instances(waited.live(), clock.instant()));
            waitNode.set("laggards", ApiDocuments.instances(waited.laggards(), clock.instant()));
        }
        if (result.pending()) {
            node.put("pending", true);
            node.put(
                    "message",
                    "the maintenance state store is unreachable: the change is in force on this instance only, and is "
                            + "written to the store when it answers; send it to every instance to cover them all");
            JsonResponses.write(response, 202, node);
            return;
        }
        JsonResponses.write(response, 200, node);
    }

    private void publicStatus(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MaintenanceState state = maintenance.state();
        Instant now = clock.instant();
        // the ETag covers the version and whether a scheduled window has started or ended since
        String etag = "\"" + state.version() + "-"
                + (state.isActiveAt(now) ? 'a' : state.isScheduledAt(now) ? 's' : 'o') + "\"";
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("Access-Control-Allow-Origin", "*");
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(304);
            return;
        }
        JsonResponses.write(response, 200, ApiDocuments.publicStatus(state, now));
    }

    private Actor actor(String admin, HttpServletRequest request) {
        return new Actor(admin, "api " + clientKey(request));
    }

    /** The client through trusted proxies, else the socket peer. */
    private String clientKey(HttpServletRequest request) {
        IpAddress client = resolver.resolve(request);
        return client != null ? client.toString() : request.getRemoteAddr();
    }

    /** The JSON body of a state-changing call ({@link #service} already refused any other content type). */
    private static JsonNode body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new BadRequestException(null, "the body must be at most " + MAX_BODY_BYTES + " bytes");
            }
            return ApiRequests.parse(bytes);
        }
    }

    private static int limit(HttpServletRequest request) {
        String text = request.getParameter("limit");
        if (text == null) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new BadRequestException("limit", "limit must be an integer from 1 to 1000, but was '" + text + "'");
    }

    private static void requireMethod(String method, String... allowed) {
        for (String m : allowed) {
            if (m.equals(method)) {
                return;
            }
        }
        throw new MethodNotAllowed(String.join(", ", allowed));
    }

    @Override
    public void destroy() {
        subscription.close();
        events.close();
    }

    private static final class NotConfigured extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotConfigured(String message) {
            super(message, null, false, false);
        }
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
        private @Nullable RequestBuffer requestBuffer;

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
        public Builder requestBuffer(@Nullable RequestBuffer buffer) {
            this.requestBuffer = buffer;
            return this;
        }

        public MaintenanceAdminServlet build() {
            return new MaintenanceAdminServlet(this);
        }
    }
}
