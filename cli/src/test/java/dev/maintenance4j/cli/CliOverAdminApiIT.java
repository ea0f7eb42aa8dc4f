package dev.maintenance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.admin.BearerTokenAuthenticator;
import dev.maintenance4j.admin.MaintenanceAdminServlet;
import dev.maintenance4j.control.Actor;
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
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI driving a running service through its admin API, on a real Tomcat. */
class CliOverAdminApiIT {

    private static final String TOKEN = "cli-test-token-0123456789";
    private static FileStateStore store;
    private static Maintenance maintenance;
    private static TestServer server;
    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    static void start() throws Exception {
        store = FileStateStore.builder(Files.createTempDirectory("cli-api").resolve("state.json"))
                .build();
        maintenance = Maintenance.builder(store)
                .pollInterval(Duration.ofMillis(200))
                .build()
                .start();
        server = TestServer.start(
                MaintenanceFilter.builder(maintenance).build(),
                MaintenanceAdminServlet.builder(maintenance)
                        .authenticator(BearerTokenAuthenticator.of("deploy-bot", TOKEN))
                        .build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        maintenance.close();
        store.close();
    }

    private int maint(String token, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        Map<String, String> env = new HashMap<>();
        env.put("MAINTENANCE4J_STORE", server.url("/maintenance/api"));
        if (token != null) {
            env.put("MAINTENANCE4J_ADMIN_TOKEN", token);
        }
        return Maint.run(
                args,
                new CliEnvironment(
                        env,
                        Clock.systemUTC(),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new Actor("local-user", "cli@test")));
    }

    private JsonNode json() {
        return JsonMapper.shared().readTree(out.toString());
    }

    @Test
    void downStatusAllowHistoryUpThroughTheApi() throws Exception {
        assertThat(maint(TOKEN, "down", "--reason", "Deploying", "--for", "20m", "--with-secret", "--json"))
                .isZero();
        assertThat(json().get("active").booleanValue()).isTrue();
        assertThat(json().get("secret").stringValue()).hasSize(32);
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url("/orders")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("Deploying");

        assertThat(maint(TOKEN, "allow", "192.0.2.0/24")).isZero();
        assertThat(maint(TOKEN, "status", "--json")).isZero();
        assertThat(json().get("allowed")).extracting(JsonNode::stringValue).containsExactly("192.0.2.0/24");
        assertThat(json().get("reason").stringValue()).isEqualTo("Deploying");

        assertThat(maint(TOKEN, "status")).isZero();
        assertThat(out.toString()).contains("ON (full)", "Store        " + server.url("/maintenance/api"));

        assertThat(maint(TOKEN, "up")).isZero();
        assertThat(maint(TOKEN, "up", "--json")).isZero();
        assertThat(json().get("changed").booleanValue()).isFalse();

        assertThat(maint(TOKEN, "history", "--limit", "3", "--json")).isZero();
        JsonNode history = json();
        assertThat(history.get(0).get("action").stringValue()).isEqualTo("up");
        assertThat(history.get(0).get("actor").stringValue()).isEqualTo("deploy-bot");
        assertThat(history.get(2).get("after").get("reason").stringValue()).isEqualTo("Deploying");
    }

    @Test
    void aMissingOrWrongTokenFailsWithExitOne() {
        assertThat(maint(null, "down")).isEqualTo(1);
        assertThat(err.toString()).contains("refused the token", "MAINTENANCE4J_ADMIN_TOKEN");
        assertThat(maint("wrong-token-wrong-token", "status")).isEqualTo(1);
    }

    @Test
    void anUnreachableServiceFailsWithExitOne() {
        out = new StringWriter();
        err = new StringWriter();
        int exit = Maint.run(
                new String[] {"--store", "http://127.0.0.1:1/maintenance/api", "status"},
                new CliEnvironment(
                        Map.of(),
                        Clock.systemUTC(),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new Actor("u", "t")));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot connect");
    }
}
