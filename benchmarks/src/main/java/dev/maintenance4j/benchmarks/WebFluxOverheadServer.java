package dev.maintenance4j.benchmarks;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.store.file.FileStateStore;
import dev.maintenance4j.webflux.MaintenanceWebFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ContextPathCompositeHandler;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The server for the WebFlux overhead benchmark (benchmarks/webflux-overhead.sh): one Reactor Netty server,
 * four Spring WebFlux handler chains side by side:
 * <ul>
 *   <li>{@code /plain} — the trivial handler, no filter;</li>
 *   <li>{@code /filtered} — the same handler behind {@link MaintenanceWebFilter}, maintenance off;</li>
 *   <li>{@code /blocked} — behind the filter with maintenance on: every request gets the 503 page;</li>
 *   <li>{@code /noop-filtered} — the handler behind a WebFilter that only calls the chain: what having any
 *       filter costs WebFlux, apart from what the maintenance filter does.</li>
 * </ul>
 * Prints {@code port=N} when ready and runs until killed.
 */
public final class WebFluxOverheadServer {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    private WebFluxOverheadServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Path base = Files.createTempDirectory("webflux-overhead");
        Maintenance off = Maintenance.builder(
                        FileStateStore.builder(base.resolve("off/state.json")).build())
                .build()
                .start();
        FileStateStore onStore =
                FileStateStore.builder(base.resolve("on/state.json")).build();
        // a realistic window: the page shows the end time and every response carries Retry-After as an HTTP-date
        onStore.compareAndSet(
                0,
                MaintenanceState.builder()
                        .enabled(true)
                        .mode(Mode.FULL)
                        .reason("Benchmark maintenance")
                        .since(Instant.now())
                        .until(Instant.now().plus(Duration.ofDays(1)))
                        .build(),
                new Change("down", "benchmark", "benchmark", Instant.now()));
        Maintenance on = Maintenance.builder(onStore).build().start();

        HttpHandler handler = new ContextPathCompositeHandler(Map.of(
                "/plain", app(null),
                "/filtered", app(MaintenanceWebFilter.builder(off).build()),
                "/blocked", app(MaintenanceWebFilter.builder(on).build()),
                "/noop-filtered", app((exchange, chain) -> chain.filter(exchange))));
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow();
        System.out.println("port=" + server.port());
        System.out.flush();
        server.onDispose().block();
    }

    private static HttpHandler app(@Nullable WebFilter filter) {
        WebHandler hello = exchange -> {
            exchange.getResponse().getHeaders().setContentType(MediaType.TEXT_PLAIN);
            exchange.getResponse().getHeaders().setContentLength(HELLO.length);
            return exchange.getResponse()
                    .writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(HELLO)));
        };
        WebHttpHandlerBuilder builder = WebHttpHandlerBuilder.webHandler(hello);
        if (filter != null) {
            builder.filter(filter);
        }
        return builder.build();
    }
}
