package dev.maintenance4j.spring.boot;

import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.http.ForwardedHeader;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.servlet.OriginalRequestHeaders;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code maintenance.*}.
 *
 * @param enabled                 turn the whole integration off with {@code false}
 * @param store                   state store URI: {@code file:PATH} (more schemes with the store modules), or
 *                                {@code datasource}: the application's own DataSource (with {@code maintenance4j-store-jdbc}),
 *                                or {@code redis}: its Spring Data Redis connection (with {@code maintenance4j-store-redis})
 * @param storeNamespace          with {@code store=datasource} or {@code redis}: keeps this service's state apart from
 *                                other services sharing the database or Redis
 * @param safeDefault             what to assume when the state can not be known: the store was never reached since
 *                                start, or its state is unreadable and no good state was read before (or
 *                                {@code keep-last-good-state} is off): {@code open} or {@code closed}
 * @param keepLastGoodState       when the stored state turns unreadable after a good one was read: {@code true}
 *                                (default) keeps serving the last good state, with an ERROR log line, until the
 *                                state is rewritten ({@code maint down} or {@code maint up}); {@code false}
 *                                applies the safe default at once
 * @param pollInterval            how often to re-read the store in case a change notification was missed
 * @param exemptPaths             path patterns never blocked; unset: {@code MaintenancePolicy.DEFAULT_EXEMPT_PATHS} (the maintenance
 *                                endpoints, the actuator: health checks and metric scrapes must go on, and {@code /health})
 * @param adminPaths              path patterns whose requests are the ADMIN operation class (the actuator
 *                                {@code maintenance} endpoint is always one)
 * @param apiPaths                path patterns always answered with JSON
 * @param defaultRetryAfter       the {@code Retry-After} a maintenance switched on through this service (admin API,
 *                                actuator) gets unless one is given; {@code 0s} for none
 * @param trustedProxies          proxies whose forwarded headers are believed
 * @param forwardedHeader         the one header family those proxies write the client address and scheme in:
 *                                {@code x-forwarded-for} (default, with {@code X-Forwarded-Proto}; nginx, HAProxy,
 *                                Traefik, Caddy, cloud load balancers) or {@code forwarded} (RFC 7239)
 * @param adminRoles              roles ({@code isUserInRole}, so Spring Security authorities {@code ROLE_x}) that bypass and may use the admin API
 * @param rules                   operation-class rules, such as {@code POST /api/reports/** = EXPORT}
 * @param blocked                 classes blocked per mode ({@code full}, {@code read-only}, {@code emergency}, {@code test}); {@code !ADMIN} means all but ADMIN
 * @param template                the HTML page: {@code classpath:/x.html} or a file path; the built-in page when unset
 * @param cookie                  the bypass cookie
 * @param admin                   the admin API and public status
 * @param previewHeader           the header that shows the real maintenance response in test mode
 * @param secretAttemptsPerMinute wrong secrets a client may try per minute
 * @param filterOrder             the filter's order; after Spring Security's filters (-100) so roles are known
 * @param health                  health reporting
 * @param scheduling              background work during maintenance
 * @param notifications           webhooks, e-mail and stale warnings (with maintenance4j-notifications on the class path)
 * @param buffer                  the write buffer for chosen routes (off unless enabled)
 * @param decide                  the decision endpoint for the proxy in front (off unless enabled)
 * @param localMirror             a local file keeping the last state read from a shared store, used when the
 *                                instance starts while the store is down
 */
@ConfigurationProperties("maintenance")
public record MaintenanceProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue(StateStores.DEFAULT_URI) String store,
        @DefaultValue("default") String storeNamespace,
        @DefaultValue("open") SafeDefault safeDefault,
        @DefaultValue("true") boolean keepLastGoodState,

        @DefaultValue(StoreOptions.DEFAULT_POLL_INTERVAL_ISO)
        Duration pollInterval,

        @Nullable List<String> exemptPaths,

        @DefaultValue("/maintenance/api/**") List<String> adminPaths,
        @DefaultValue(HttpOptions.DEFAULT_API_PATHS) List<String> apiPaths,
        @DefaultValue("5m") Duration defaultRetryAfter,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("x-forwarded-for") ForwardedHeader forwardedHeader,
        @DefaultValue List<String> adminRoles,
        @DefaultValue List<String> rules,
        @DefaultValue Map<String, List<String>> blocked,
        @Nullable String template,
        @DefaultValue Cookie cookie,
        @DefaultValue Admin admin,

        @DefaultValue(HttpOptions.DEFAULT_PREVIEW_HEADER) String previewHeader,

        @DefaultValue("" + HttpOptions.DEFAULT_SECRET_ATTEMPTS_PER_MINUTE)
        int secretAttemptsPerMinute,

        @DefaultValue("0") int filterOrder,
        @DefaultValue Health health,
        @DefaultValue Scheduling scheduling,
        @DefaultValue Notifications notifications,
        @DefaultValue Buffer buffer,
        @DefaultValue Decide decide,
        java.nio.file.@Nullable Path localMirror) {

    /**
     * The write buffer: blocked requests on the routes of {@code BufferedRoute} beans are accepted
     * ({@code 202}) into a durable log on local disk and replayed in order when maintenance ends.
     *
     * @param enabled      accept blocked requests on buffered routes
     * @param directory    where the buffer's logs live (local disk of this instance)
     * @param maxBodySize  the largest body accepted; larger ones get {@code 413}
     * @param maxSize      the most the buffer holds on disk; when full, requests get the maintenance response
     * @param maxAttempts  replay attempts per request before it goes to the dead-letter log
     * @param retryBackoff the wait after a failed replay, doubled after each further failure (up to 30 s)
     * @param keepHeaders  request headers kept for the replay handler
     */
    public record Buffer(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("var/write-buffer") Path directory,
            @DefaultValue("1MB") DataSize maxBodySize,
            @DefaultValue("1GB") DataSize maxSize,
            @DefaultValue("5") int maxAttempts,
            @DefaultValue("500ms") Duration retryBackoff,

            @DefaultValue({"Content-Type", "Content-Encoding", "Accept", "Accept-Language", "User-Agent"})
            List<String> keepHeaders) {}

    /**
     * The decision endpoint ({@code <admin path>/decide}) for the proxy a team already runs: nginx
     * {@code auth_request}, Caddy {@code forward_auth}, Traefik {@code ForwardAuth} (docs/proxies.md). It
     * decides as the filter does and answers only {@code maintenance.trusted-proxies}.
     *
     * @param enabled     serve it
     * @param headers     where the proxy sends the original request: {@code x-original}
     *                    ({@code X-Original-URI}; nginx, ingress-nginx), {@code x-forwarded}
     *                    ({@code X-Forwarded-Uri}; Caddy, Traefik) or {@code envoy} (its own method, and the
     *                    path after {@code /decide}; Envoy {@code ext_authz}). Required: only that one is read
     * @param userHeader  the header the proxy names the user its own authentication let in, if any (only for
     *                    a proxy that always sets it, replacing what a client sent)
     * @param rolesHeader the header the proxy lists that user's roles in, comma-separated, if any
     */
    public record Decide(
            @DefaultValue("false") boolean enabled,
            @Nullable OriginalRequestHeaders headers,
            @Nullable String userHeader,
            @Nullable String rolesHeader) {}

    /**
     * The bypass cookie.
     *
     * @param name     cookie name
     * @param domain   cookie domain, for sharing across subdomains; host-only when unset
     * @param lifetime how long a bypass lasts
     * @param key      a key kept on the servers (the same on every instance; 24+ characters, e.g. from
     *                 {@code openssl rand -base64 32}) that cookies are signed with besides the secret's
     *                 verifier, so a copy of the state store is not enough to sign cookies; also read from
     *                 {@code MAINTENANCE4J_COOKIE_KEY}
     */
    public record Cookie(
            @DefaultValue(HttpOptions.DEFAULT_COOKIE_NAME) String name,

            @Nullable String domain,
            @DefaultValue("12h") Duration lifetime,
            @Nullable String key) {}

    /**
     * The admin API ({@code <path>/api/*}) and the public status ({@code <path>/status.json}).
     *
     * @param enabled serve them
     * @param path    base path
     * @param tokens  bearer tokens by name (the name is recorded as the actor); the environment variable
     *                {@code MAINTENANCE4J_ADMIN_TOKEN} adds one named {@code admin-token}
     */
    public record Admin(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("/maintenance") String path,
            @DefaultValue Map<String, String> tokens) {}

    /**
     * Background work during maintenance.
     *
     * @param enabled               skip {@code @Scheduled} methods during maintenance (unless {@code @RunDuringMaintenance})
     * @param skipIn                the modes that skip them
     * @param emergencyGracePeriod  how long runs may go on when an emergency starts before they are interrupted
     * @param stopBeans             names of {@code Lifecycle} beans to stop during maintenance (listener containers, consumers)
     */
    public record Scheduling(
            @DefaultValue("true") boolean enabled,

            @DefaultValue({"full", "read-only", "emergency"})
            List<String> skipIn,

            @DefaultValue("30s") Duration emergencyGracePeriod,
            @DefaultValue List<String> stopBeans) {}

    /**
     * Notifications.
     *
     * @param enabled    notify from this instance (in a cluster, enable it on one instance only)
     * @param service    the service's name in messages; {@code spring.application.name} when unset
     * @param staleAfter warn when maintenance has been on this long, and again after each further period
     * @param webhooks   webhook targets
     * @param email      e-mail target; off while {@code host} is unset
     * @param retry      retries of failed deliveries
     */
    public record Notifications(
            @DefaultValue("true") boolean enabled,
            @Nullable String service,
            @DefaultValue("4h") Duration staleAfter,
            @DefaultValue List<Webhook> webhooks,
            @DefaultValue Email email,
            @DefaultValue Retry retry) {}

    /**
     * A webhook target.
     *
     * @param url     where to POST
     * @param secret  signs requests (HMAC-SHA256 with a timestamp); unsigned when unset
     * @param format  {@code json} (the full notification) or {@code slack} ({@code {"text": ...}})
     * @param timeout connect and request timeout
     */
    public record Webhook(
            URI url,
            @Nullable String secret,
            @DefaultValue("json") String format,
            @DefaultValue("10s") Duration timeout) {}

    /**
     * The e-mail target.
     *
     * @param host     SMTP host; e-mail is off while unset
     * @param port     SMTP port
     * @param tls      {@code starttls}, {@code smtps} or {@code none}
     * @param username SMTP user, or unset for no authentication
     * @param password SMTP password
     * @param from     sender address
     * @param to       recipients
     */
    public record Email(
            @Nullable String host,
            @DefaultValue("587") int port,
            @DefaultValue("starttls") String tls,
            @Nullable String username,
            @Nullable String password,
            @Nullable String from,
            @DefaultValue List<String> to) {}

    /**
     * Retries of failed deliveries: backoff doubles from {@code initialBackoff} up to {@code maxBackoff}.
     *
     * @param maxAttempts    attempts per notification
     * @param initialBackoff first wait
     * @param maxBackoff     longest wait
     */
    public record Retry(
            @DefaultValue("6") int maxAttempts,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("1m") Duration maxBackoff) {}

    /**
     * Health reporting.
     *
     * @param readinessOutOfService while maintenance is active, report the application as refusing
     *                              traffic on the readiness probe (off by default: most setups want the
     *                              maintenance page served, not the instance taken out of the load balancer)
     */
    public record Health(@DefaultValue("false") boolean readinessOutOfService) {}
}
