package dev.maintenance4j.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.buffer.RejectedRecordException;
import dev.maintenance4j.buffer.WriteBuffer;
import dev.maintenance4j.buffer.request.BufferedRequest;
import dev.maintenance4j.buffer.request.BufferedRoute;
import dev.maintenance4j.buffer.request.RequestBuffer;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.test.InMemoryStateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The write buffer behind the WebFlux filter on a real Reactor Netty server: blocked writes on a buffered route
 * are accepted durably with 202 and a receipt, refused with the same 4xx as on a servlet, and replayed in
 * order, as their user, when maintenance ends; other writes are refused as always.
 */
class ReactiveWriteBufferIT {

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<BufferedRequest> applied = new CopyOnWriteArrayList<>();
    private InMemoryStateStore store;
    private Maintenance maintenance;
    private RequestBuffer requestBuffer;
    private DisposableServer server;

    @BeforeEach
    void start() throws Exception {
        Path dir = Files.createTempDirectory("reactive-buffer");
        store = new InMemoryStateStore();
        maintenance = Maintenance.builder(store)
                .pollInterval(Duration.ofMinutes(5))
                .build()
                .start();
        requestBuffer = RequestBuffer.builder(
                        WriteBuffer.builder(dir.resolve("buffer")).build())
                .route(BufferedRoute.of("POST", "/api/events", applied::add))
                // a reactive handler: applied when its Mono completes, on Reactor's timer thread
                .route(BufferedRoute.ofAsync("POST", "/api/readings", this::saveReactively))
                .maxBodyBytes(1000)
                .build()
                .start(maintenance);
        MaintenanceWebFilter filter = MaintenanceWebFilter.builder(maintenance)
                .requestBuffer(requestBuffer)
                .build();
        HttpHandler handler = WebHttpHandlerBuilder.webHandler(ReactiveWriteBufferIT::application)
                .filters(filters -> filters.addAll(List.of(TestSignIn.filter(), filter)))
                .build();
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow();
    }

    @AfterEach
    void stop() throws Exception {
        server.disposeNow();
        requestBuffer.close();
        maintenance.close();
    }

    /** The application: answers writes itself while there is no maintenance. */
    private static Mono<Void> application(ServerWebExchange exchange) {
        exchange.getResponse().setStatusCode(HttpStatus.CREATED);
        return exchange.getResponse().setComplete();
    }

    @Test
    void blockedWritesOnABufferedRouteAreAcceptedAndReplayedInOrderAsTheirUser() throws Exception {
        down();
        for (int n = 1; n <= 3; n++) {
            HttpResponse<String> accepted = post(
                    "/api/events?n=" + n, "{\"n\":" + n + "}", "Idempotency-Key", "key-" + n, "X-Test-User", "alice");
            assertThat(accepted.statusCode()).isEqualTo(202);
            JsonNode receipt = JsonMapper.shared().readTree(accepted.body());
            assertThat(receipt.get("accepted").booleanValue()).isTrue();
            assertThat(receipt.get("idempotencyKey").stringValue()).isEqualTo("key-" + n);
        }
        assertThat(post("/api/orders", "{}").statusCode())
                .as("a write on another route is refused as always")
                .isEqualTo(503);
        assertThat(requestBuffer.status(Instant.now()).pending()).isEqualTo(3);
        assertThat(applied).as("nothing is applied during maintenance").isEmpty();

        up();
        await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 3);
        assertThat(applied)
                .extracting(BufferedRequest::bodyText)
                .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        assertThat(applied).extracting(BufferedRequest::query).containsExactly("n=1", "n=2", "n=3");
        assertThat(applied).extracting(BufferedRequest::principal).containsOnly("alice");
        assertThat(applied).extracting(BufferedRequest::idempotencyKey).containsExactly("key-1", "key-2", "key-3");
        assertThat(post("/api/events", "{}").statusCode())
                .as("with the backlog replayed, writes reach the application again")
                .isEqualTo(201);
    }

    /** What a reactive repository's save looks like: done later, on another thread; a bad reading is refused. */
    private CompletableFuture<Void> saveReactively(BufferedRequest request) {
        if (request.bodyText().contains("bad")) {
            return Mono.<Void>error(new RejectedRecordException("not a reading"))
                    .toFuture();
        }
        return Mono.delay(Duration.ofMillis(100))
                .doOnNext(tick -> applied.add(request))
                .then()
                .toFuture();
    }

    @Test
    void aReactiveHandlerIsWaitedForSoOrderHoldsAndItsFailureIsTheHandlers() throws Exception {
        down();
        assertThat(post("/api/events", "{\"n\":1}").statusCode()).isEqualTo(202);
        assertThat(post("/api/readings", "{\"n\":2}").statusCode()).isEqualTo(202);
        assertThat(post("/api/readings", "{\"n\":\"bad\"}").statusCode()).isEqualTo(202);
        assertThat(post("/api/events", "{\"n\":3}").statusCode()).isEqualTo(202);

        up();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> requestBuffer.status(Instant.now()).pending() == 0 && applied.size() == 3);
        assertThat(applied)
                .as("the reading, applied 100 ms later on another thread, still comes before the next event")
                .extracting(BufferedRequest::bodyText)
                .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        assertThat(requestBuffer.deadLetters(10))
                .as("a Mono failing with RejectedRecordException dead-letters the request at once")
                .singleElement()
                .satisfies(letter -> {
                    assertThat(letter.attempts()).isEqualTo(1);
                    assertThat(letter.lastError()).contains("not a reading");
                });
    }

    @Test
    void refusalsAreTheServletsOwnAndKeepNothing() throws Exception {
        down();
        HttpResponse<String> tooLarge = post("/api/events", "x".repeat(1001));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("1000-byte limit");
        assertThat(post("/api/events", "{}", "Idempotency-Key", "bad key with spaces")
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/api/events", "{\"a\":1}", "Idempotency-Key", "same").statusCode())
                .isEqualTo(202);
        HttpResponse<String> reused = post("/api/events", "{\"a\":2}", "Idempotency-Key", "same");
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.body()).contains("already used");
        assertThat(requestBuffer.status(Instant.now()).pending())
                .as("only the one good request was kept")
                .isEqualTo(1);
    }

    private void down() {
        write(MaintenanceState.builder().enabled(true).mode(Mode.FULL).since(Instant.now()));
    }

    private void up() {
        write(MaintenanceState.off().toBuilder());
    }

    private void write(MaintenanceState.Builder next) {
        MaintenanceState current = store.read();
        store.compareAndSet(current.version(), next.build(), new Change("test", "it", "test", Instant.now()));
        maintenance.view().refresh();
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
