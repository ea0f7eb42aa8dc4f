package dev.maintenance4j.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.maintenance4j.cli.CliEnvironment;
import dev.maintenance4j.cli.Maint;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.test.EventStreamClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example service end to end: started on a random port, driven over real HTTP and by the CLI. Each class
 * closes its service after it (the reactive run uses the same state file and buffer directory).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ExampleServiceIT {

    private static final String TOKEN = "example-it-token-0123456789";
    private static final Path STATE;

    static {
        try {
            STATE = Files.createTempDirectory("example-it").resolve("state.json");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A real HTTP receiver for the service's webhook notifications. */
    static final HttpServer WEBHOOK;

    static final List<String> HOOKS = new CopyOnWriteArrayList<>();

    static {
        try {
            WEBHOOK = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        WEBHOOK.createContext("/hook", exchange -> {
            HOOKS.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        WEBHOOK.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add(
                "maintenance.notifications.webhooks[0].url",
                () -> "http://127.0.0.1:" + WEBHOOK.getAddress().getPort() + "/hook");
        registry.add("maintenance.notifications.webhooks[0].secret", () -> "example-webhook-secret-0123");
        registry.add("maintenance.store", () -> "file:" + STATE);
        // a buffer for each service this starts: another run's idempotency keys would make its writes duplicates
        Path buffer = Files.createTempDirectory(STATE.getParent(), "write-buffer");
        registry.add("maintenance.buffer.directory", buffer::toString);
        registry.add("maintenance.admin.tokens.it", () -> TOKEN);
        registry.add("maintenance.poll-interval", () -> "500ms");
        registry.add("example.report-job.delay", () -> "100ms");
        // the example exposes only health, read-only (it has no Spring Security); this test also reads details and
        // writes
        registry.add("management.endpoint.maintenance.access", () -> "unrestricted");
        registry.add("management.endpoints.web.exposure.include", () -> "health,metrics,maintenance");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    @LocalServerPort
    int port;

    @Autowired
    ReportJob reportJob;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void up() throws Exception {
        admin("POST", "/maintenance/api/disable", "{}");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(method, path, body, "Authorization", "Bearer " + TOKEN);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }

    @Test
    void readOnlyMaintenanceThroughTheAdminApiBlocksWritesAndExportsOnly() throws Exception {
        assertThat(send("POST", "/api/orders", "{\"item\":\"tea\",\"quantity\":1}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> enabled = admin(
                "POST",
                "/maintenance/api/enable",
                "{\"mode\":\"read-only\",\"reason\":\"Reindexing\",\"duration\":\"15m\"}");
        assertThat(enabled.statusCode()).isEqualTo(200);

        assertThat(send("GET", "/api/orders", null).statusCode()).isEqualTo(200);
        HttpResponse<String> write = send("POST", "/api/orders", "{\"item\":\"tea\",\"quantity\":1}");
        assertThat(write.statusCode()).isEqualTo(503);
        assertThat(json(write).get("message").stringValue()).isEqualTo("Reindexing");
        assertThat(write.headers().firstValue("Retry-After")).isPresent();
        assertThat(send("POST", "/api/reports/export", null).statusCode()).isEqualTo(503);

        assertThat(admin("POST", "/maintenance/api/allow", "{\"entries\":[\"127.0.0.1\"]}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/api/orders", "{\"item\":\"coffee\",\"quantity\":2}")
                        .statusCode())
                .isEqualTo(201);
        admin("POST", "/maintenance/api/disallow", "{\"entries\":[\"127.0.0.1\"]}");

        JsonNode status = json(admin("GET", "/maintenance/api/status", null));
        assertThat(status.get("mode").stringValue()).isEqualTo("read-only");
        assertThat(status.get("activeJobs").isIntegralNumber())
                .as("running background jobs are reported")
                .isTrue();
        assertThat(admin("POST", "/maintenance/api/disable", "{}").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/orders", "{\"item\":\"tea\",\"quantity\":1}")
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void fullMaintenanceServesThePageToBrowsersAndJsonToApiClients() throws Exception {
        admin("POST", "/maintenance/api/enable", "{\"reason\":\"Upgrading the database\"}");
        HttpResponse<String> page = send("GET", "/", null, "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("Upgrading the database", "<html");
        assertThat(send("GET", "/api/orders", null).headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(json(send("GET", "/maintenance/status.json", null))
                        .get("active")
                        .booleanValue())
                .isTrue();
    }

    @Test
    void apiErrors401400And409() throws Exception {
        assertThat(send("POST", "/maintenance/api/enable", "{}").statusCode()).isEqualTo(401);
        assertThat(send("POST", "/maintenance/api/enable", "{}", "Authorization", "Bearer wrong-wrong-wrong-wrong")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> bad = admin("POST", "/maintenance/api/enable", "{\"mode\":\"sideways\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").stringValue()).isEqualTo("mode");
        long version = json(admin("GET", "/maintenance/api/status", null))
                .get("version")
                .longValue();
        assertThat(admin("POST", "/maintenance/api/enable", "{\"expectedVersion\":" + (version + 5) + "}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(json(admin("GET", "/maintenance/api/status", null))
                        .get("version")
                        .longValue())
                .isEqualTo(version);
    }

    @Test
    void eventsStreamDeliversAChange() throws Exception {
        EventStreamClient events = EventStreamClient.open(http, url("/maintenance/api/events"), TOKEN);
        HttpResponse<InputStream> stream = events.response();
        List<String> data = events.data();
        await().atMost(Duration.ofSeconds(5)).until(() -> !data.isEmpty());
        admin("POST", "/maintenance/api/enable", "{\"reason\":\"live\"}");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(data)
                        .anySatisfy(d -> assertThat(JsonMapper.shared()
                                        .readTree(d)
                                        .get("reason")
                                        .asString())
                                .isEqualTo("live")));
        events.close();
    }

    @Test
    void metricsAndHealthReflectTheState() throws Exception {
        admin("POST", "/maintenance/api/enable", "{\"mode\":\"read-only\"}");
        send("POST", "/api/orders", "{\"item\":\"tea\",\"quantity\":1}");
        JsonNode active = json(send("GET", "/actuator/metrics/maintenance.active", null));
        assertThat(active.get("measurements").get(0).get("value").doubleValue()).isEqualTo(1.0);
        JsonNode blocked =
                json(send("GET", "/actuator/metrics/maintenance.requests.blocked?tag=operation.class:WRITE", null));
        assertThat(blocked.get("measurements").get(0).get("value").doubleValue())
                .isGreaterThanOrEqualTo(1.0);
        JsonNode health =
                json(send("GET", "/actuator/health", null)).get("components").get("maintenance");
        assertThat(health.get("status").stringValue()).isEqualTo("UP");
        assertThat(health.get("details").get("active").booleanValue()).isTrue();
        assertThat(health.get("details").get("mode").stringValue()).isEqualTo("read-only");

        admin("POST", "/maintenance/api/disable", "{}");
        assertThat(json(send("GET", "/actuator/metrics/maintenance.active", null))
                        .get("measurements")
                        .get(0)
                        .get("value")
                        .doubleValue())
                .isZero();
    }

    @Test
    void actuatorEndpointReadsAndWrites() throws Exception {
        assertThat(json(send("GET", "/actuator/maintenance", null))
                        .get("active")
                        .booleanValue())
                .isFalse();
        HttpResponse<String> on =
                send("POST", "/actuator/maintenance", "{\"reason\":\"via actuator\",\"mode\":\"read-only\"}");
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(json(on).get("reason").stringValue()).isEqualTo("via actuator");
        assertThat(send("POST", "/api/orders", "{\"item\":\"tea\",\"quantity\":1}")
                        .statusCode())
                .isEqualTo(503);
        assertThat(json(send("DELETE", "/actuator/maintenance", null))
                        .get("active")
                        .booleanValue())
                .isFalse();
    }

    @Test
    void theCliDrivesTheRunningServiceThroughItsAdminApi() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(
                Map.of("MAINTENANCE4J_STORE", url("/maintenance/api"), "MAINTENANCE4J_ADMIN_TOKEN", TOKEN),
                Clock.systemUTC(),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                new Actor("ops", "it"));
        assertThat(Maint.run(
                        new String[] {"down", "--reason", "CLI says so", "--mode", "read-only", "--for", "5m"},
                        environment))
                .as(err.toString())
                .isZero();
        assertThat(send("POST", "/api/orders", "{\"item\":\"tea\",\"quantity\":1}")
                        .statusCode())
                .isEqualTo(503);
        assertThat(Maint.run(new String[] {"up"}, environment)).isZero();
        assertThat(send("POST", "/api/orders", "{\"item\":\"tea\",\"quantity\":1}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(Maint.run(new String[] {"history", "--limit", "2"}, environment))
                .isZero();
        assertThat(out.toString()).contains("it (api 127.0.0.1)");
    }

    @Test
    void theCliOnTheSharedFileReachesTheServiceWithinThePollInterval() throws Exception {
        StringWriter out = new StringWriter();
        CliEnvironment environment = new CliEnvironment(
                Map.of("MAINTENANCE4J_STORE", "file:" + STATE),
                Clock.systemUTC(),
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                new Actor("ops", "it"));
        assertThat(Maint.run(new String[] {"down", "--reason", "file"}, environment))
                .isZero();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> send("GET", "/api/orders", null).statusCode() == 503);
        assertThat(Maint.run(new String[] {"up"}, environment)).isZero();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> send("GET", "/api/orders", null).statusCode() == 200);
    }

    @Test
    void theScheduledJobIsSkippedDuringMaintenanceAndResumesAfter() throws Exception {
        long before = reportJob.runs();
        await().atMost(Duration.ofSeconds(5)).until(() -> reportJob.runs() > before + 1);
        admin("POST", "/maintenance/api/enable", "{\"reason\":\"jobs paused\"}");
        Thread.sleep(300); // a run in progress may finish
        long frozen = reportJob.runs();
        Thread.sleep(600);
        assertThat(reportJob.runs()).isEqualTo(frozen);
        admin("POST", "/maintenance/api/disable", "{}");
        await().atMost(Duration.ofSeconds(5)).until(() -> reportJob.runs() > frozen);
    }

    @Test
    void eventsPostedDuringMaintenanceAreAcceptedAndComeBackInOrderAfterMaintUp() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(
                Map.of("MAINTENANCE4J_STORE", "file:" + STATE),
                Clock.systemUTC(),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                new Actor("ops", "it"));
        assertThat(send("POST", "/api/events", "{\"type\":\"before\"}", "Idempotency-Key", "before-1")
                        .statusCode())
                .isEqualTo(201);
        assertThat(Maint.run(new String[] {"down", "--reason", "database migration"}, environment))
                .as(err.toString())
                .isZero();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> send("GET", "/api/orders", null).statusCode() == 503);

        List<Long> positions = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> accepted = send(
                    "POST", "/api/events", "{\"type\":\"during\",\"n\":" + i + "}", "Idempotency-Key", "during-" + i);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            positions.add(json(accepted).get("position").asLong());
        }
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(send("POST", "/api/events", "{\"type\":\"during\",\"n\":3}", "Idempotency-Key", "during-3")
                        .statusCode())
                .as("a client's retry is accepted too, and applied once")
                .isEqualTo(202);
        assertThat(send("POST", "/api/orders", "{\"item\":\"tea\",\"quantity\":1}")
                        .statusCode())
                .as("orders are not buffered")
                .isEqualTo(503);
        JsonNode status = json(admin("GET", "/maintenance/api/status", null));
        assertThat(status.get("buffer").get("pending").asLong()).isEqualTo(6);
        assertThat(json(send("GET", "/actuator/health", null))
                        .get("components")
                        .get("maintenance")
                        .get("details")
                        .get("buffer")
                        .get("pending")
                        .asLong())
                .isEqualTo(6);
        assertThat(json(send("GET", "/actuator/metrics/maintenance.buffer.pending", null))
                        .get("measurements")
                        .get(0)
                        .get("value")
                        .asDouble())
                .isEqualTo(6.0);

        StringWriter apiOut = new StringWriter();
        CliEnvironment api = new CliEnvironment(
                Map.of("MAINTENANCE4J_STORE", url("/maintenance/api"), "MAINTENANCE4J_ADMIN_TOKEN", TOKEN),
                Clock.systemUTC(),
                new PrintWriter(apiOut, true),
                new PrintWriter(err, true),
                new Actor("ops", "it"));
        assertThat(Maint.run(new String[] {"buffer", "status"}, api))
                .as(err.toString())
                .isZero();
        assertThat(apiOut.toString()).contains("Pending      6 request(s)").contains("Routes       POST /api/events");

        assertThat(Maint.run(new String[] {"up"}, environment))
                .as(err.toString())
                .isZero();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> json(admin("GET", "/maintenance/api/buffer", null))
                                .get("pending")
                                .asLong()
                        == 0);
        assertThat(Maint.run(new String[] {"buffer", "dead-letters"}, api)).isZero();
        assertThat(apiOut.toString()).contains("No dead letters.");
        JsonNode events = json(send("GET", "/api/events", null));
        List<String> keys = new ArrayList<>();
        events.forEach(e -> keys.add(e.get("idempotencyKey").asString()));
        assertThat(keys).containsSubsequence("before-1", "during-1", "during-2", "during-3", "during-4", "during-5");
        assertThat(keys.stream().filter("during-3"::equals)).hasSize(1);
        events.forEach(e -> {
            if (e.get("idempotencyKey").asString().startsWith("during-")) {
                assertThat(e.get("replayed").asBoolean()).isTrue();
            }
        });
        assertThat(send("POST", "/api/events", "{\"type\":\"after\"}").statusCode())
                .as("no backlog: answered at once")
                .isEqualTo(201);
    }

    @Test
    void notificationsAreSentAndTheirDeliveryIsVisible() throws Exception {
        int before = HOOKS.size();
        admin("POST", "/maintenance/api/enable", "{\"reason\":\"notify people\"}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> HOOKS.stream().skip(before).anyMatch(h -> h.contains("maintenance.activated")));

        StringWriter out = new StringWriter();
        CliEnvironment environment = new CliEnvironment(
                Map.of("MAINTENANCE4J_STORE", url("/maintenance/api"), "MAINTENANCE4J_ADMIN_TOKEN", TOKEN),
                Clock.systemUTC(),
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                new Actor("ops", "it"));
        assertThat(Maint.run(new String[] {"notify", "test"}, environment)).isZero();
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        HOOKS.stream().anyMatch(h -> h.contains("maintenance.test") && h.contains("\"actor\":\"it\"")));

        JsonNode targets = json(admin("GET", "/maintenance/api/status", null))
                .get("notifications")
                .get("targets");
        assertThat(targets).hasSize(1);
        assertThat(targets.get(0).get("delivered").longValue()).isGreaterThanOrEqualTo(2);
        assertThat(targets.get(0).get("lastSuccess").isString()).isTrue();
        JsonNode delivered = json(send("GET", "/actuator/metrics/maintenance.notifications.delivered", null));
        assertThat(delivered.get("measurements").get(0).get("value").doubleValue())
                .isGreaterThanOrEqualTo(2.0);
    }
}
