package dev.maintenance4j.webflux;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.admin.AdminApi;
import dev.maintenance4j.protocol.AdminProtocol;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@linkplain AdminApi admin REST API, admin page, public status and event stream} on a Spring WebFlux
 * application, the same protocol and page as the servlet's: requests below the mount path ({@code /maintenance}
 * by default) are answered here, every other request goes on. The body is read without blocking (at most what
 * the API accepts), the exchange's principal resolved, then the API answers on Reactor's bounded-elastic
 * scheduler, because a change with {@code wait} blocks until the instances applied it; the event loop never
 * waits. Needs {@code maintenance4j-admin} on the class path.
 *
 * <pre>{@code
 * @Bean MaintenanceAdminWebFilter maintenanceAdmin(Maintenance maintenance) {
 *     return MaintenanceAdminWebFilter.builder(maintenance)
 *             .authenticator(BearerTokenAuthenticator.of("deployer", System.getenv("MAINTENANCE4J_ADMIN_TOKEN")))
 *             .build();
 * }
 * }</pre>
 */
public final class MaintenanceAdminWebFilter implements WebFilter, Ordered, AutoCloseable {

    private final AdminApi api;
    private final String mountPath;
    private final Function<Principal, Collection<String>> roles;
    private final int order;

    private MaintenanceAdminWebFilter(Builder b) {
        this.api = b.api();
        this.mountPath = b.mountPath;
        this.roles = b.roles;
        this.order = b.order;
    }

    public static Builder builder(Maintenance maintenance) {
        return new Builder(maintenance);
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = ExchangeMaintenanceRequest.pathOf(request);
        if (path.equals(mountPath)) {
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.MOVED_PERMANENTLY);
            response.getHeaders()
                    .set("Location", request.getPath().contextPath().value() + mountPath + "/");
            return response.setComplete();
        }
        if (!path.startsWith(mountPath + "/")) {
            return chain.filter(exchange);
        }
        String below = path.substring(mountPath.length());
        return Mono.zip(ExchangeUsers.principal(exchange), body(request))
                .publishOn(Schedulers.boundedElastic())
                .map(facts -> {
                    Principal principal = facts.getT1().orElse(null);
                    return api.handle(new ExchangeAdminRequest(
                            request, below, facts.getT2(), principal, ExchangeUsers.roles(roles, principal)));
                })
                .flatMap(answer -> answer.opensEventStream()
                        ? stream(exchange.getResponse(), answer)
                        : ExchangeResponses.write(exchange, answer.response()));
    }

    /** A change's body, at most one byte more than the API accepts (so it can say the body is too long). */
    private static Mono<byte[]> body(ServerHttpRequest request) {
        if (!HttpMethod.POST.equals(request.getMethod())) {
            return Mono.just(new byte[0]);
        }
        return ExchangeBodies.read(request, AdminProtocol.MAX_REQUEST_BYTES + 1L);
    }

    private Mono<Void> stream(ServerHttpResponse response, AdminApi.Answer answer) {
        ExchangeResponses.writeHead(response, answer.response());
        ExchangeEventSink sink = new ExchangeEventSink();
        api.subscribe(sink);
        return response.writeAndFlushWith(sink.frames().map(frame -> Mono.just(frame(response, frame))))
                .doFinally(signal -> api.unsubscribe(sink));
    }

    private static DataBuffer frame(ServerHttpResponse response, String frame) {
        return response.bufferFactory().wrap(frame.getBytes(StandardCharsets.UTF_8));
    }

    /** Stops listening to the state and ends every event stream. */
    @Override
    public void close() {
        api.close();
    }

    /** Builds {@link MaintenanceAdminWebFilter}s; the API's options are {@link AdminApi.Builder}'s. */
    public static final class Builder extends AdminApi.Builder<Builder> {
        private String mountPath = "/maintenance";
        private Function<Principal, Collection<String>> roles = principal -> List.of();
        private int order = -1;

        private Builder(Maintenance maintenance) {
            super(maintenance);
        }

        /** Where the API answers (default {@code /maintenance}): the page at {@code /maintenance/}, the API below. */
        public Builder mountPath(String path) {
            String trimmed = path.replaceAll("/+$", "");
            if (!trimmed.startsWith("/") || trimmed.length() < 2) {
                throw new IllegalArgumentException(
                        "the admin API's mount path must start with / and name a path, such as /maintenance, but was '"
                                + path + "'");
            }
            this.mountPath = trimmed;
            return this;
        }

        /**
         * The roles of a signed-in user, for an {@link dev.maintenance4j.admin.AdminAuthenticator} that admits
         * admin roles (default: none). With Spring Security, the starter reads the {@code ROLE_} authorities.
         */
        public Builder roles(Function<Principal, Collection<String>> roles) {
            this.roles = Objects.requireNonNull(roles, "roles");
            return this;
        }

        /**
         * Where the filter runs among the application's {@code WebFilter}s (default -1): after Spring Security's
         * chain (-100), so the principal is known, and before the {@link MaintenanceWebFilter} (0), so admins
         * reach the API whatever the exempt paths say.
         */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        public MaintenanceAdminWebFilter build() {
            return new MaintenanceAdminWebFilter(this);
        }
    }
}
