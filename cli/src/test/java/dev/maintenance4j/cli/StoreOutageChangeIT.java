package dev.maintenance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.admin.BearerTokenAuthenticator;
import dev.maintenance4j.admin.MaintenanceAdminServlet;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.servlet.testing.TestServer;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.testing.servers.RedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis, the shared store, is down exactly when an operator needs maintenance on: a change sent to an
 * instance's admin API is in force on that instance at once (202, with a warning in the CLI), and is
 * written to the store once Redis is back, even back empty.
 */
class StoreOutageChangeIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final String TOKEN = "outage-admin-token-0123456789";
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run maint(String api, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Maint.run(
                args,
                new CliEnvironment(
                        Map.of("MAINTENANCE4J_STORE", api, "MAINTENANCE4J_ADMIN_TOKEN", TOKEN),
                        Clock.systemUTC(),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new Actor("ops", "cli@test")));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aChangeSentToAnInstanceDuringTheOutageIsInForceThereAndWrittenWhenRedisReturns() throws Exception {
        redis.start();
        String uri = redis.uri() + "?namespace=outage" + System.nanoTime();
        StateStore instanceStore = StateStores.open(uri, StoreOptions.ofDefaults());
        closing.add(instanceStore);
        Maintenance instance = Maintenance.builder(instanceStore)
                .pollInterval(Duration.ofMillis(300))
                .build()
                .start();
        closing.add(instance);
        TestServer server = TestServer.start(
                MaintenanceFilter.builder(instance).build(),
                MaintenanceAdminServlet.builder(instance)
                        .authenticator(BearerTokenAuthenticator.of("ops", TOKEN))
                        .build());
        closing.add(server);
        String api = server.url("/maintenance/api");
        Run before = maint(api, "down", "--reason", "before the outage");
        assertThat(before.exit()).as(before.err()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> instance.state().version() == 1);

        redis.kill();
        Run during = maint(api, "down", "--reason", "during the outage", "--mode", "read-only");
        assertThat(during.exit()).as(during.err()).isZero();
        assertThat(during.err())
                .contains(
                        "maint: warning: the maintenance state store is unreachable", "in force on this instance only");
        assertThat(instance.state().reason()).isEqualTo("during the outage");
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(server.url("/orders")))
                                        .POST(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .as("read-only: writes refused")
                .isEqualTo(503);
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(server.url("/orders")))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .as("read-only: reads served")
                .isEqualTo(200);

        redis.start(); // empty: it keeps nothing
        StateStore reader = StateStores.open(uri, StoreOptions.ofDefaults());
        closing.add(reader);
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() -> "during the outage".equals(reader.read().reason()));
        MaintenanceState written = reader.read();
        assertThat(written.version())
                .as("the base restored (1), the change on top")
                .isEqualTo(2);
        assertThat(written.actor()).isEqualTo("ops");
        assertThat(reader.history(5)).extracting(r -> r.change().action()).contains("restore", "down");
        assertThat(instance.view().hasPendingChange()).isFalse();
    }
}
