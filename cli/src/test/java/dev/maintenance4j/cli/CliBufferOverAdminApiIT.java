package dev.maintenance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.admin.BearerTokenAuthenticator;
import dev.maintenance4j.admin.MaintenanceAdminServlet;
import dev.maintenance4j.buffer.WriteBuffer;
import dev.maintenance4j.buffer.request.BufferedRoute;
import dev.maintenance4j.buffer.request.RequestBuffer;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.servlet.testing.TestServer;
import dev.maintenance4j.store.file.FileStateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code maint buffer status|drain|dead-letters} against a running service's write buffer, on a real Tomcat. */
class CliBufferOverAdminApiIT {

    private static final String TOKEN = "cli-buffer-token-0123456789";

    private final List<String> applied = new CopyOnWriteArrayList<>();
    private FileStateStore store;
    private Maintenance maintenance;
    private RequestBuffer buffer;
    private TestServer server;
    private StringWriter out;
    private StringWriter err;

    private void start() throws Exception {
        Path dir = Files.createTempDirectory("cli-buffer");
        store = FileStateStore.builder(dir.resolve("state.json")).build();
        maintenance = Maintenance.builder(store)
                .pollInterval(Duration.ofMillis(100))
                .build()
                .start();
        buffer = RequestBuffer.builder(WriteBuffer.builder(dir.resolve("buffer"))
                        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
                        .maxAttempts(2)
                        .build())
                .route(BufferedRoute.of("POST", "/api/events", request -> {
                    if (request.bodyText().equals("poison")) {
                        throw new IllegalStateException("cannot apply poison");
                    }
                    applied.add(request.bodyText());
                }))
                .build()
                .start(maintenance);
        server = TestServer.start(
                MaintenanceFilter.builder(maintenance).requestBuffer(buffer).build(),
                MaintenanceAdminServlet.builder(maintenance)
                        .requestBuffer(buffer)
                        .authenticator(BearerTokenAuthenticator.of("ops", TOKEN))
                        .build());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        buffer.close();
        maintenance.close();
        store.close();
    }

    private int maint(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Maint.run(
                args,
                new CliEnvironment(
                        Map.of(
                                "MAINTENANCE4J_STORE",
                                server.url("/maintenance/api"),
                                "MAINTENANCE4J_ADMIN_TOKEN",
                                TOKEN),
                        Clock.systemUTC(),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new Actor("local-user", "cli@test")));
    }

    private int post(String body, String key) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url("/api/events")))
                                .header("Idempotency-Key", key)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void statusDrainAndDeadLettersThroughTheApi() throws Exception {
        start();
        maintenance.control().enable(EnableOptions.none(), new Actor("ops", "test"));
        await().until(() -> maintenance.state().enabled());
        assertThat(post("hello", "k-1")).isEqualTo(202);
        assertThat(post("poison", "k-2")).isEqualTo(202);

        assertThat(maint("buffer", "status")).isZero();
        assertThat(out.toString())
                .contains(
                        "Pending      2 request(s)",
                        "Replay       idle",
                        "Dead letters 0",
                        "Routes       POST /api/events");
        assertThat(maint("buffer", "status", "--json")).isZero();
        JsonNode status = JsonMapper.shared().readTree(out.toString());
        assertThat(status.get("pending").longValue()).isEqualTo(2);
        assertThat(status.get("routes").get(0).stringValue()).isEqualTo("POST /api/events");

        assertThat(maint("buffer", "drain")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Replay started: ");
        await().until(() -> buffer.status(Clock.systemUTC().instant()).pending() == 0);
        assertThat(applied).containsExactly("hello");

        assertThat(maint("buffer", "dead-letters")).isZero();
        assertThat(out.toString()).contains("POST /api/events (key k-2): 2 attempts, last: ", "cannot apply poison");
        assertThat(maint("buffer", "dead-letters", "--json")).isZero();
        JsonNode letters = JsonMapper.shared().readTree(out.toString());
        assertThat(letters.size()).isEqualTo(1);
        assertThat(letters.get(0).get("idempotencyKey").stringValue()).isEqualTo("k-2");
        assertThat(letters.get(0).get("bodyBytes").longValue()).isEqualTo(6);
    }

    @Test
    void aServiceWithoutAWriteBufferIsABadArgument() throws Exception {
        start();
        TestServer plain = TestServer.start(
                MaintenanceFilter.builder(maintenance).build(),
                MaintenanceAdminServlet.builder(maintenance)
                        .authenticator(BearerTokenAuthenticator.of("ops", TOKEN))
                        .build());
        try {
            out = new StringWriter();
            err = new StringWriter();
            int exit = Maint.run(
                    new String[] {"--store", plain.url("/maintenance/api"), "buffer", "status"},
                    new CliEnvironment(
                            Map.of("MAINTENANCE4J_ADMIN_TOKEN", TOKEN),
                            Clock.systemUTC(),
                            new PrintWriter(out, true),
                            new PrintWriter(err, true),
                            new Actor("u", "t")));
            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).contains("no write buffer is configured on this service");
        } finally {
            plain.close();
        }
    }
}
