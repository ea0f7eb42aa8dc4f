package dev.maintenance4j.webflux;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.decision.Action;
import dev.maintenance4j.decision.Decision;
import dev.maintenance4j.http.BufferedWrite;
import dev.maintenance4j.http.HttpMaintenance;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.http.MaintenanceResponse;
import dev.maintenance4j.http.RequestBuffering;
import dev.maintenance4j.operation.OperationClassifier;
import java.security.Principal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Puts a Spring WebFlux application behind maintenance, as {@code MaintenanceFilter} does a servlet one: the
 * same decision ({@link Maintenance#decide}), the same responses, bypasses, secret URL and cookie, and the
 * same count of writes in flight for {@code down --wait}. While maintenance is off a request costs one
 * volatile read and no allocation of ours. While it is on, the exchange's principal is resolved first (the
 * user, and roles through {@link Builder#roles}), then the request is decided and answered without
 * blocking: nothing here waits on I/O.
 *
 * <pre>{@code
 * @Bean WebFilter maintenanceFilter(Maintenance maintenance) {
 *     return MaintenanceWebFilter.builder(maintenance).options(HttpOptions.defaults()).build();
 * }
 * }</pre>
 */
public final class MaintenanceWebFilter implements WebFilter, Ordered {

    private final Maintenance maintenance;
    private final HttpMaintenance http;
    private final Function<Principal, Collection<String>> roles;
    private final int order;
    private final @Nullable RequestBuffering requestBuffer;

    private MaintenanceWebFilter(Builder b) {
        this.maintenance = b.maintenance;
        this.requestBuffer = b.requestBuffer;
        this.http = HttpMaintenance.of(maintenance, b.options);
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
        String method = request.getMethod().name();
        // writes in progress are reported to the store, so "down --wait" knows when they have drained
        String path = OperationClassifier.isSafe(method) ? null : ExchangeMaintenanceRequest.pathOf(request);
        boolean write = path != null && http.isApplicationWrite(method, path);
        if (!write) {
            return filter(exchange, chain, path);
        }
        maintenance.inFlight().enter();
        return filter(exchange, chain, path)
                .doFinally(signal -> maintenance.inFlight().exit());
    }

    private Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain, @Nullable String knownPath) {
        MaintenanceState state = maintenance.state();
        if (http.passesWithoutFacts(state, requestBuffer)) {
            return chain.filter(exchange); // maintenance off: no facts needed
        }
        return ExchangeUsers.principal(exchange)
                .flatMap(principal -> decide(exchange, chain, state, knownPath, principal.orElse(null)));
    }

    private Mono<Void> decide(
            ServerWebExchange exchange,
            WebFilterChain chain,
            MaintenanceState state,
            @Nullable String knownPath,
            @Nullable Principal principal) {
        ServerHttpRequest request = exchange.getRequest();
        String path = knownPath != null ? knownPath : ExchangeMaintenanceRequest.pathOf(request);
        Collection<String> userRoles = ExchangeUsers.roles(roles, principal);
        ExchangeMaintenanceRequest facts =
                new ExchangeMaintenanceRequest(request, http, path, principal != null, userRoles, requestBuffer);
        Instant now = maintenance.clock().instant(); // once: the decision and the response read the same time
        Decision decision = maintenance.decide(state, facts, now);
        MaintenanceResponse answer;
        try {
            http.record(decision, facts, ExchangeMaintenanceRequest.remoteAddr(request), now);
            answer = answer(decision, exchange, state, facts, now);
        } catch (RuntimeException e) {
            answer = http.failed(request.getMethod().name(), request.getURI().getRawPath(), state, now, e);
        }
        Mono<Void> signOut = decision.signOut() ? exchange.getSession().flatMap(WebSession::invalidate) : Mono.empty();
        RequestBuffering buffer = requestBuffer;
        if (decision.action() == Action.BUFFER && buffer != null) {
            String user = principal == null ? null : principal.getName();
            MaintenanceResponse refusal = answer;
            return signOut.then(Mono.defer(() -> buffer(exchange, chain, buffer, facts.path(), user, refusal)));
        }
        if (answer == null) {
            return signOut.then(chain.filter(exchange));
        }
        MaintenanceResponse response = answer;
        return signOut.then(Mono.defer(() -> ExchangeResponses.write(exchange, response)));
    }

    /** The response the decision gives, or null when the request goes on to the application. */
    private @Nullable MaintenanceResponse answer(
            Decision decision,
            ServerWebExchange exchange,
            MaintenanceState state,
            ExchangeMaintenanceRequest facts,
            Instant now) {
        ServerHttpRequest request = exchange.getRequest();
        return http.answer(
                decision,
                state,
                now,
                facts.path(),
                request.getHeaders().getFirst("Accept"),
                request.getPath().contextPath().value(),
                () -> http.resolver()
                        .isHttps(
                                ExchangeMaintenanceRequest.remoteAddr(request),
                                request.getSslInfo() != null,
                                ExchangeMaintenanceRequest.headers(request)),
                request.getURI().getRawQuery());
    }

    /**
     * Offers a blocked request on a buffered route to the write buffer: the body is read without blocking (as
     * much as the buffer asks for; none of a body declared too long), the buffer writes it durably on Reactor's bounded-elastic scheduler,
     * and its answer (202 with a receipt, or a 4xx) is written. When the buffer can not take it, the request is
     * answered as without a buffer: {@code refusal}, or on to the application (with the body read) when null.
     */
    private static Mono<Void> buffer(
            ServerWebExchange exchange,
            WebFilterChain chain,
            RequestBuffering buffer,
            String path,
            @Nullable String user,
            @Nullable MaintenanceResponse refusal) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        int toRead = buffer.bodyBytesToRead(declared);
        Mono<Optional<byte[]>> body = toRead == 0
                ? Mono.just(Optional.empty())
                : ExchangeBodies.read(request, toRead).map(Optional::of);
        return body.publishOn(Schedulers.boundedElastic()).flatMap(read -> {
            MaintenanceResponse accepted = buffer.accept(new BufferedWrite(
                    request.getMethod().name(),
                    path,
                    request.getURI().getRawQuery(),
                    ExchangeMaintenanceRequest.headers(request),
                    user,
                    declared,
                    read.orElse(new byte[0])));
            if (accepted != null) {
                return ExchangeResponses.write(exchange, accepted);
            }
            if (refusal != null) {
                return ExchangeResponses.write(exchange, refusal);
            }
            return chain.filter(
                    read.map(bytes -> ExchangeBodies.withBody(exchange, bytes)).orElse(exchange));
        });
    }

    /** Builds {@link MaintenanceWebFilter}s. */
    public static final class Builder {
        private final Maintenance maintenance;
        private HttpOptions options = HttpOptions.defaults();
        private Function<Principal, Collection<String>> roles = principal -> List.of();
        private int order;
        private @Nullable RequestBuffering requestBuffer;

        private Builder(Maintenance maintenance) {
            this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        }

        /** How the filter meets its traffic: trusted proxies, API paths, page, cookie (default {@link HttpOptions#defaults()}). */
        public Builder options(HttpOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * The roles of a signed-in user, for the policy's admin roles (default: none, so only signing in is
         * known). With Spring Security, the starter reads them from the authentication's {@code ROLE_}
         * authorities, as {@code isUserInRole} does on a servlet.
         */
        public Builder roles(Function<Principal, Collection<String>> roles) {
            this.roles = Objects.requireNonNull(roles, "roles");
            return this;
        }

        /**
         * Accepts blocked writes on the buffer's routes (202 with a receipt) instead of refusing them, and queues
         * new ones behind a backlog; see {@link RequestBuffering}. Default: none.
         */
        public Builder requestBuffer(@Nullable RequestBuffering buffer) {
            this.requestBuffer = buffer;
            return this;
        }

        /**
         * Where the filter runs among the application's {@code WebFilter}s (default 0): after Spring Security's
         * chain (-100), so the principal and its roles are known when the request is decided.
         */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        public MaintenanceWebFilter build() {
            return new MaintenanceWebFilter(this);
        }
    }
}
