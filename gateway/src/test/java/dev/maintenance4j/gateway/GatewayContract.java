package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.testing.servers.UpstreamApp;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the gateway does in front of a real non-JVM application; run against the PHP, Flask and Node apps
 * by the subclasses. Each test starts its own gateway (state, buffer) in front of the class's app.
 */
abstract class GatewayContract {

    static final String SECRET = "bypass-secret-0123456789abcdef";

    @TempDir
    Path directory;

    RunningGateway gateway;

    abstract UpstreamApp app();

    @BeforeEach
    void startGateway() {
        app().clearOrders();
        gateway = RunningGateway.start(
                app().baseUri(), directory, "--buffer", "POST /api/orders", "--api-path", "/api/**", "--timeout", "3s");
    }

    @AfterEach
    void stopGateway() throws Exception {
        gateway.close();
    }

    @Test
    void proxiesPagesApisAndStatusesFaithfully() throws Exception {
        HttpResponse<String> page = gateway.get("/", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("served by " + app().name());
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));

        HttpResponse<String> api = gateway.get("/api/orders");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"orders\"");

        assertThat(gateway.get("/status/418").statusCode()).isEqualTo(418);
        assertThat(gateway.get("/status/503").statusCode()).isEqualTo(503);
        assertThat(gateway.get("/no/such/page").statusCode()).isEqualTo(404);
    }

    @Test
    void clientsMaySpeakHttp2InCleartext() throws Exception {
        HttpClient h2c =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> page = h2c.send(
                HttpRequest.newBuilder(URI.create(gateway.base() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(page.body()).contains("served by " + app().name());
    }

    @Test
    void bodiesGoBothWaysByteForByte() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(body);
        HttpResponse<byte[]> echoed = gateway.http.send(
                HttpRequest.newBuilder(URI.create(gateway.base() + "/api/echo"))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.headers().firstValue("X-Upstream")).hasValue(app().name());
        assertThat(echoed.body()).isEqualTo(body);
    }

    @Test
    void theUpstreamLearnsTheClientFromHeadersItCanBelieve() throws Exception {
        // 127.0.0.1 is no trusted proxy here: what it claims is replaced, not passed on
        HttpResponse<String> headers = gateway.get(
                "/headers", "X-Forwarded-For", "6.6.6.6", "Forwarded", "for=6.6.6.6", "X-Forwarded-Host", "evil");
        assertThat(headers.body())
                .contains("\"x-forwarded-for\":\"127.0.0.1\"")
                .contains("\"x-forwarded-proto\":\"http\"")
                .contains("for=127.0.0.1;proto=http;host=")
                .doesNotContain("6.6.6.6")
                .doesNotContain("evil");
    }

    @Test
    void hopByHopHeadersStopAtTheGateway() throws Exception {
        String response = raw("GET /headers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close, X-Hop-Only\r\n"
                + "X-Hop-Only: secret\r\nKeep-Alive: timeout=5\r\nX-End-To-End: kept\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(response.toLowerCase()).contains("\"x-end-to-end\":\"kept\"");
        assertThat(response.toLowerCase()).doesNotContain("x-hop-only").doesNotContain("keep-alive");
    }

    @Test
    void streamedResponsesArriveAsTheyAreWritten() throws Exception {
        long start = System.nanoTime();
        List<Long> arrivals = new ArrayList<>();
        HttpResponse<Stream<String>> stream = gateway.http.send(
                HttpRequest.newBuilder(URI.create(gateway.base() + "/api/stream"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        List<String> events = new ArrayList<>();
        stream.body().filter(line -> line.startsWith("data:")).forEach(line -> {
            arrivals.add((System.nanoTime() - start) / 1_000_000);
            events.add(line);
        });
        assertThat(events)
                .containsExactly("data: tick 1", "data: tick 2", "data: tick 3", "data: tick 4", "data: tick 5");
        // the app writes one event every 200 ms: the first must not wait for the last
        assertThat(arrivals.get(4) - arrivals.get(0)).isGreaterThan(500);
    }

    @Test
    void anUnreachableOrSlowUpstreamGetsAClearBadGatewayOrTimeout() throws Exception {
        HttpResponse<String> slow = gateway.get("/slow?ms=5000", "Accept", "application/json");
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(slow.body()).contains("\"status\":504").contains("did not answer in time");

        try (RunningGateway nowhere = RunningGateway.start(
                "http://127.0.0.1:" + unusedPort(), directory.resolve("nowhere"), "--timeout", "3s")) {
            HttpResponse<String> page = nowhere.get("/", "Accept", "text/html");
            assertThat(page.statusCode()).isEqualTo(502);
            assertThat(page.body()).contains("cannot be reached");
            HttpResponse<String> json = nowhere.get("/api/orders", "Accept", "application/json");
            assertThat(json.statusCode()).isEqualTo(502);
            assertThat(json.body()).contains("\"error\":\"Bad Gateway\"");
        }
    }

    @Test
    void duringMaintenanceVisitorsGetThePageOrJsonAndTheAdminApiStillAnswers() throws Exception {
        gateway.admin("POST", "down", "{\"reason\":\"Database upgrade\",\"duration\":\"30m\"}");
        awaitBlocked();
        HttpResponse<String> page = gateway.get("/", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("Database upgrade");
        assertThat(page.headers().firstValue("Retry-After")).isPresent();

        HttpResponse<String> json = gateway.get("/api/orders", "Accept", "text/html");
        assertThat(json.statusCode()).isEqualTo(503);
        assertThat(json.body()).contains("\"message\":\"Database upgrade\"");

        HttpResponse<String> exempt = gateway.get("/health", "Accept", "text/html");
        assertThat(exempt.statusCode())
                .as("exempt paths reach the app (which has no /health)")
                .isEqualTo(404);

        HttpResponse<String> status = gateway.admin("GET", "status", "");
        assertThat(status.body()).contains("\"active\":true");
        assertThat(gateway.get("/maintenance/status.json").body()).contains("Database upgrade");

        gateway.admin("POST", "up", "{}");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(gateway.get("/").statusCode()).isEqualTo(200));
    }

    @Test
    void theSecretUrlAndTheAllowListLetTheirHoldersThrough() throws Exception {
        gateway.admin("POST", "down", "{\"reason\":\"Upgrade\",\"secret\":\"" + SECRET + "\"}");
        awaitBlocked();
        HttpResponse<String> secret = gateway.get("/" + SECRET);
        assertThat(secret.statusCode()).isEqualTo(302);
        String cookie = secret.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> through = gateway.get("/", "Cookie", cookie);
        assertThat(through.statusCode()).isEqualTo(200);
        assertThat(through.body()).contains("served by " + app().name());
        assertThat(gateway.get("/", "Cookie", "maintenance_bypass=forged").statusCode())
                .isEqualTo(503);

        gateway.admin("POST", "down", "{\"allow\":[\"127.0.0.1/32\"]}");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(gateway.get("/").statusCode()).isEqualTo(200));
    }

    @Test
    void writesAcceptedDuringMaintenanceLandInTheAppInOrderWhenItEnds() throws Exception {
        gateway.admin("POST", "down", "{\"reason\":\"Upgrade\"}");
        awaitBlocked();
        List<String> keys = new ArrayList<>();
        for (String item : List.of("tea", "cake", "scones")) {
            HttpResponse<String> accepted =
                    gateway.post("/api/orders", "{\"item\":\"" + item + "\"}", "Content-Type", "application/json");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            keys.add(accepted.body().replaceAll(".*\"idempotencyKey\":\"([^\"]+)\".*", "$1"));
        }
        HttpResponse<String> notBuffered = gateway.post("/api/echo", "x", "Content-Type", "text/plain");
        assertThat(notBuffered.statusCode()).isEqualTo(503);
        assertThat(storedOrders()).doesNotContain("tea");

        gateway.admin("POST", "up", "{}");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(storedOrders()).containsSubsequence("\"tea\"", "\"cake\"", "\"scones\""));
        String stored = storedOrders();
        keys.forEach(key -> assertThat(stored).contains(key));
        assertThat(stored).contains("\"replay\":\"1\"").contains("\"replay\":\"3\"");
    }

    @Test
    void writesWaitWhileTheAppIsDownAndLandWhenItIsBack() throws Exception {
        gateway.admin("POST", "down", "{\"reason\":\"Upgrade\"}");
        awaitBlocked();
        assertThat(gateway.post("/api/orders", "{\"item\":\"during-outage\"}", "Content-Type", "application/json")
                        .statusCode())
                .isEqualTo(202);
        app().kill();
        try {
            gateway.admin("POST", "up", "{}");
            Thread.sleep(1500); // replay tries and fails: connection refused
            HttpResponse<String> buffer = gateway.admin("GET", "buffer", "");
            assertThat(buffer.body()).contains("\"pending\":1").contains("could not be reached");
        } finally {
            app().start();
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(storedOrders()).contains("during-outage"));
        // the app has the order as soon as the replay's request reached it; the buffer counts it drained once the
        // replay has its answer, a moment later (CI once read the status in between)
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(gateway.admin("GET", "buffer", "").body())
                                .contains("\"pending\":0")
                                .contains("\"deadLetters\":0"));
    }

    @Test
    void routesBufferedWhileTheAppIsDownLoseNoWriteAcrossACrash() throws Exception {
        try (RunningGateway resilient = RunningGateway.start(
                app().baseUri(),
                directory.resolve("resilient"),
                "--buffer-when-down",
                "POST /api/orders",
                "--buffer-retry-backoff",
                "200ms")) {
            HttpResponse<String> direct =
                    resilient.post("/api/orders", "{\"item\":\"before\"}", "Content-Type", "application/json");
            assertThat(direct.statusCode()).as(direct.body()).isEqualTo(201);
            assertThat(direct.body()).contains("\"id\"");
            HttpResponse<String> rejected =
                    resilient.post("/api/orders", "not json", "Content-Type", "application/json");
            assertThat(rejected.statusCode())
                    .as("the app's own 400 passes through")
                    .isEqualTo(400);

            app().kill();
            HttpResponse<String> accepted;
            try {
                accepted =
                        resilient.post("/api/orders", "{\"item\":\"while-down\"}", "Content-Type", "application/json");
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                assertThat(resilient.get("/", "Accept", "text/html").statusCode())
                        .isEqualTo(502);
            } finally {
                app().start();
            }
            // whatever the timing, a write after the crash lands after the one accepted during it
            HttpResponse<String> after =
                    resilient.post("/api/orders", "{\"item\":\"after\"}", "Content-Type", "application/json");
            assertThat(after.statusCode()).isIn(201, 202);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(storedOrders())
                            .containsSubsequence("\"before\"", "\"while-down\"", "\"after\""));
            assertThat(resilient.admin("GET", "buffer", "").body()).contains("\"deadLetters\":0");
        }
    }

    /** What the app has stored, read from the app itself (not through the gateway). */
    String storedOrders() throws Exception {
        return gateway.http
                .send(
                        HttpRequest.newBuilder(URI.create(app().baseUri() + "/api/orders"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private void awaitBlocked() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(gateway.get("/", "Accept", "text/html").statusCode())
                                .isEqualTo(503));
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
