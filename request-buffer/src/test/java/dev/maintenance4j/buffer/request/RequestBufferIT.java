package dev.maintenance4j.buffer.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.admin.BearerTokenAuthenticator;
import dev.maintenance4j.admin.MaintenanceAdminServlet;
import dev.maintenance4j.buffer.WriteBuffer;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.servlet.testing.TestServer;
import dev.maintenance4j.store.file.FileStateStore;
import dev.maintenance4j.test.ManualScheduler;
import dev.maintenance4j.test.MutableClock;
import dev.maintenance4j.time.Scheduler;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Buffered routes on a real Tomcat over real HTTP: 202/413/400/503, replay in order, the admin API. */
class RequestBufferIT {

    private static final String TOKEN = "test-admin-token-0123456789";
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private FileStateStore store;
    private Maintenance maintenance;
    private MaintenanceControl control;
    private RequestBuffer requestBuffer;
    private TestServer server;
    private final List<BufferedRequest> replayed = Collections.synchronizedList(new ArrayList<>());

    private void start(Consumer<WriteBuffer.Builder> bufferSettings, BufferedRequestHandler handler) throws Exception {
        start(bufferSettings, handler, null);
    }

    /** With {@code scheduler}, the timed work (the buffer's once-a-second replay check) runs only when the test moves time. */
    private void start(
            Consumer<WriteBuffer.Builder> bufferSettings, BufferedRequestHandler handler, @Nullable Scheduler scheduler)
            throws Exception {
        store = FileStateStore.builder(dir.resolve("state.json")).build();
        Maintenance.Builder builder = Maintenance.builder(store).pollInterval(Duration.ofMillis(100));
        if (scheduler != null) {
            builder.scheduler(scheduler);
        }
        maintenance = builder.build().start();
        control = MaintenanceControl.of(store, maintenance.clock());
        WriteBuffer.Builder buffer = WriteBuffer.builder(dir.resolve("buffer"))
                .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
                .maxAttempts(2);
        bufferSettings.accept(buffer);
        requestBuffer = RequestBuffer.builder(buffer.build())
                .route(BufferedRoute.of("POST", "/api/events", handler))
                .maxBodyBytes(1000)
                .build()
                .start(maintenance);
        MaintenanceAdminServlet admin = MaintenanceAdminServlet.builder(maintenance)
                .requestBuffer(requestBuffer)
                .authenticator(BearerTokenAuthenticator.of("ops", TOKEN))
                .build();
        server = TestServer.start(
                MaintenanceFilter.builder(maintenance)
                        .requestBuffer(requestBuffer)
                        .build(),
                admin);
    }

    private void start() throws Exception {
        start(b -> {}, replayed::add);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (requestBuffer != null) {
            requestBuffer.close();
        }
        if (maintenance != null) {
            maintenance.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private void down() throws Exception {
        control.enable(EnableOptions.builder().reason("database migration").build(), new Actor("test", "it"));
        maintenance.view().refresh(); // at once, also when the scheduler that applies pushes is a manual one
        await().atMost(Duration.ofSeconds(5)).until(() -> maintenance.state().enabled());
    }

    private void up() {
        control.disable(new Actor("test", "it"));
    }

    @Test
    void aBlockedWriteOnABufferedRouteIsAcceptedWithAReceiptAndOthersStillGetTheMaintenanceResponse() throws Exception {
        start();
        down();
        HttpResponse<String> accepted = post(
                "/api/events?source=web",
                "{\"event\":1}",
                "Idempotency-Key",
                "evt-1",
                "Content-Type",
                "application/json");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("application/json");
        assertThat(accepted.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode receipt = JsonMapper.shared().readTree(accepted.body());
        assertThat(receipt.get("status").asInt()).isEqualTo(202);
        assertThat(receipt.get("id").asString()).isEqualTo("evt-1");
        assertThat(receipt.get("position").asLong()).isEqualTo(1);
        assertThat(receipt.get("acceptedAt").asString()).isNotBlank();

        JsonNode generated = JsonMapper.shared()
                .readTree(post("/api/events", "{\"event\":2}").body());
        assertThat(generated.get("position").asLong()).isEqualTo(2);
        assertThat(generated.get("idempotencyKey").asString()).hasSize(36);

        assertThat(get("/api/events").statusCode()).as("reads are not buffered").isEqualTo(503);
        assertThat(post("/api/orders", "{}").statusCode())
                .as("other routes are not buffered")
                .isEqualTo(503);
        assertThat(requestBuffer.stats().pending()).isEqualTo(2);
        assertThat(maintenance.report().bufferedWrites())
                .as("instance reports carry the backlog")
                .isEqualTo(2);
        assertThat(replayed).as("nothing is applied during maintenance").isEmpty();
    }

    @Test
    void afterMaintenanceTheBufferIsReplayedInOrderWithWhatTheHandlerNeeds() throws Exception {
        start();
        down();
        for (int i = 1; i <= 20; i++) {
            assertThat(post(
                                    "/api/events?n=" + i,
                                    "event " + i,
                                    "Idempotency-Key",
                                    "k" + i,
                                    "Content-Type",
                                    "text/plain",
                                    "X-Role",
                                    "ops")
                            .statusCode())
                    .isEqualTo(202);
        }
        assertThat(post("/api/events?n=3", "event 3", "Idempotency-Key", "k3").statusCode())
                .as("a retry of the same request")
                .isEqualTo(202);
        HttpResponse<String> reused = post("/api/events", "another request", "Idempotency-Key", "k3");
        assertThat(reused.statusCode())
                .as("a key reused for a different request")
                .isEqualTo(422);
        assertThat(reused.body()).contains("Idempotency-Key was already used with a different request");
        up();
        await().atMost(Duration.ofSeconds(10)).until(() -> requestBuffer.stats().pending() == 0);
        assertThat(replayed)
                .extracting(BufferedRequest::bodyText)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, 20).mapToObj(i -> "event " + i).toList());
        BufferedRequest first = replayed.get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/api/events");
        assertThat(first.query()).isEqualTo("n=1");
        assertThat(first.idempotencyKey()).isEqualTo("k1");
        assertThat(first.header("Content-Type")).isEqualTo("text/plain");
        assertThat(first.redelivered()).isFalse();
        assertThat(requestBuffer.stats().duplicatesSkipped())
                .as("the retried key was applied once")
                .isEqualTo(1);
        assertThat(post("/api/events", "live").body())
                .as("with no backlog the application answers")
                .isEqualTo("app POST /api/events");
    }

    @Test
    void newRequestsWaitBehindTheBacklogSoOrderHolds() throws Exception {
        CountDownLatch replaying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(b -> {}, request -> {
            replaying.countDown();
            release.await(10, TimeUnit.SECONDS);
            replayed.add(request);
        });
        down();
        post("/api/events", "during maintenance 1");
        post("/api/events", "during maintenance 2");
        up();
        assertThat(replaying.await(10, TimeUnit.SECONDS)).isTrue();
        HttpResponse<String> behind = post("/api/events", "after maintenance, behind the backlog");
        assertThat(behind.statusCode()).isEqualTo(202);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> requestBuffer.stats().pending() == 0);
        assertThat(replayed)
                .extracting(BufferedRequest::bodyText)
                .containsExactly(
                        "during maintenance 1", "during maintenance 2", "after maintenance, behind the backlog");
    }

    @Test
    void anOversizedBodyGets413AndAMalformedKey400AndNothingIsBuffered() throws Exception {
        start();
        down();
        HttpResponse<String> large = post("/api/events", "x".repeat(1001));
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(JsonMapper.shared().readTree(large.body()).get("error").asString())
                .isEqualTo("Content Too Large");
        HttpResponse<String> chunked = http.send(
                HttpRequest.newBuilder(URI.create(server.url("/api/events")))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[5000])))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode())
                .as("a body without Content-Length is measured as it is read")
                .isEqualTo(413);
        HttpResponse<String> badKey = post("/api/events", "{}", "Idempotency-Key", "has space");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(badKey.body()).contains("Idempotency-Key");
        assertThat(requestBuffer.stats().pending()).isZero();
    }

    @Test
    void aFullBufferGetsTheNormalMaintenanceResponseNeverASilentDrop() throws Exception {
        start(b -> b.maxBytes(2048), replayed::add);
        down();
        int accepted = 0;
        HttpResponse<String> response;
        while ((response = post("/api/events", "y".repeat(500), "Accept", "application/json")).statusCode() == 202) {
            accepted++;
        }
        assertThat(accepted).isBetween(1, 4);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(JsonMapper.shared().readTree(response.body()).get("status").asInt())
                .isEqualTo(503);
        assertThat(requestBuffer.stats().pending()).isEqualTo(accepted);
    }

    @Test
    void aFailingBufferGetsTheNormalMaintenanceResponse() throws Exception {
        start();
        down();
        requestBuffer.buffer().close(); // the disk is gone, as far as the filter can tell
        HttpResponse<String> response = post("/api/events", "z");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("database migration");
        HttpResponse<String> drain = http.send(
                HttpRequest.newBuilder(URI.create(server.url("/maintenance/api/buffer/drain")))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(drain.statusCode())
                .as("a drain of a closed buffer is refused clearly")
                .isEqualTo(503);
        assertThat(JsonMapper.shared().readTree(drain.body()).get("message").asString())
                .contains("closed");
    }

    @Test
    void theAdminApiShowsTheBufferDrainsItOnRequestAndListsDeadLetters() throws Exception {
        ManualScheduler checks = new ManualScheduler(new MutableClock(Instant.now()));
        CountDownLatch replaying = new CountDownLatch(1);
        CountDownLatch checkedMeanwhile = new CountDownLatch(1);
        start(
                b -> {},
                request -> {
                    if (request.bodyText().equals("poison")) {
                        throw new IllegalArgumentException("unknown event type");
                    }
                    replaying.countDown();
                    // the replay outlasts runs of the once-a-second replay check
                    assertThat(checkedMeanwhile.await(10, TimeUnit.SECONDS)).isTrue();
                    replayed.add(request);
                },
                checks);
        down();
        post("/api/events", "good 1");
        post("/api/events", "poison", "Idempotency-Key", "bad-1");
        post("/api/events", "good 2");
        JsonNode buffer =
                JsonMapper.shared().readTree(admin("/maintenance/api/buffer").body());
        assertThat(buffer.get("pending").asLong()).isEqualTo(3);
        assertThat(buffer.get("oldestPendingAt").asString()).isNotBlank();
        assertThat(buffer.get("routes").get(0).asString()).isEqualTo("POST /api/events");
        JsonNode status =
                JsonMapper.shared().readTree(admin("/maintenance/api/status").body());
        assertThat(status.get("buffer").get("pending").asLong())
                .as("the status document carries the buffer")
                .isEqualTo(3);

        checks.advance(Duration.ofSeconds(2)); // two runs of the replay check: no replay while maintenance is on
        assertThat(requestBuffer.stats().pending()).isEqualTo(3);
        assertThat(requestBuffer.stats().draining()).isFalse();
        // an operator's drain runs to the end although maintenance is still on
        HttpResponse<String> drain = http.send(
                HttpRequest.newBuilder(URI.create(server.url("/maintenance/api/buffer/drain")))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(drain.statusCode()).isEqualTo(202);
        assertThat(replaying.await(10, TimeUnit.SECONDS)).isTrue();
        checks.advance(Duration.ofSeconds(2)); // the checks during the operator's drain must not stop it
        assertThat(requestBuffer.stats().draining()).isTrue();
        checkedMeanwhile.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> requestBuffer.stats().pending() == 0);
        assertThat(maintenance.state().enabled()).isTrue();
        assertThat(replayed).extracting(BufferedRequest::bodyText).containsExactly("good 1", "good 2");
        JsonNode dead = JsonMapper.shared()
                .readTree(admin("/maintenance/api/buffer/dead-letters").body());
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).get("idempotencyKey").asString()).isEqualTo("bad-1");
        assertThat(dead.get(0).get("method").asString()).isEqualTo("POST");
        assertThat(dead.get(0).get("path").asString()).isEqualTo("/api/events");
        assertThat(dead.get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(dead.get(0).get("lastError").asString()).contains("unknown event type");
        JsonNode after =
                JsonMapper.shared().readTree(admin("/maintenance/api/buffer").body());
        assertThat(after.get("deadLetters").asLong()).isEqualTo(1);
        assertThat(after.get("drainProgress").asDouble()).isEqualTo(1.0);

        assertThat(get("/maintenance/api/buffer").statusCode())
                .as("the buffer API needs the admin token")
                .isEqualTo(401);
    }

    @Test
    void maintenanceStartingAgainPausesTheReplay() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        start(b -> b.batchSize(1), request -> {
            first.countDown();
            Thread.sleep(100);
            replayed.add(request);
        });
        down();
        for (int i = 0; i < 30; i++) {
            post("/api/events", "event " + i);
        }
        up();
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        down();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !requestBuffer.stats().draining());
        long pending = requestBuffer.stats().pending();
        assertThat(pending).as("the rest waits for the next end of maintenance").isPositive();
        Thread.sleep(300);
        assertThat(requestBuffer.stats().pending()).isEqualTo(pending);
        up();
        await().atMost(Duration.ofSeconds(20)).until(() -> requestBuffer.stats().pending() == 0);
        assertThat(replayed)
                .extracting(BufferedRequest::bodyText)
                .containsExactlyElementsOf(
                        IntStream.range(0, 30).mapToObj(i -> "event " + i).toList());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url(path)))
                        .header("Authorization", "Bearer " + TOKEN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
