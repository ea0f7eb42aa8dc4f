package dev.maintenance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances (real Tomcats with the filter) on one Redis store: a change made through the CLI reaches
 * both, and {@code down --wait} returns only when both have applied it and a slow write still running on
 * one of them has finished.
 */
class ClusterWaitIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private String store;
    private TestServer a;
    private TestServer b;
    private Maintenance instanceA;
    private Maintenance instanceB;

    @BeforeEach
    void startInstances() throws Exception {
        store = redis.uri() + "?namespace=cluster" + System.nanoTime();
        instanceA = instance("instance-a");
        instanceB = instance("instance-b");
        a = TestServer.start(MaintenanceFilter.builder(instanceA).build());
        b = TestServer.start(MaintenanceFilter.builder(instanceB).build());
        closing.add(a);
        closing.add(b);
        await().atMost(Duration.ofSeconds(5)).until(() -> instanceA.instances().size() == 2);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private Maintenance instance(String id) {
        StateStore s = StateStores.open(store, StoreOptions.ofDefaults());
        closing.add(s);
        Maintenance m = Maintenance.builder(s)
                .instanceId(id)
                .heartbeat(Duration.ofMillis(200))
                .pollInterval(Duration.ofSeconds(1))
                .build()
                .start();
        closing.add(m);
        return m;
    }

    private record Run(int exit, String out, String err) {}

    private Run maint(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Maint.run(
                args,
                new CliEnvironment(
                        Map.of("MAINTENANCE4J_STORE", store),
                        Clock.systemUTC(),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new Actor("ops", "cli@test")));
        return new Run(exit, out.toString(), err.toString());
    }

    private CompletableFuture<HttpResponse<String>> slowWrite(TestServer server, long millis) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create(server.url("/slow?millis=" + millis)))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void downWaitReturnsOnlyWhenBothInstancesAppliedAndTheSlowWriteFinished() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = slowWrite(a, 3000);
        await().atMost(Duration.ofSeconds(5)).until(() -> instanceA.inFlight().writes() == 1);

        long start = System.nanoTime();
        CompletableFuture<Run> down = CompletableFuture.supplyAsync(
                () -> maint("down", "--reason", "migration", "--wait", "--timeout", "20s"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> instanceA.state().enabled() && instanceB.state().enabled());
        Thread.sleep(1000);
        assertThat(down).as("still waiting for the slow write on instance A").isNotDone();
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(b.url("/orders")))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("instance B already refuses")
                .isEqualTo(503);

        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode())
                .as("the write that started before maintenance completes")
                .isEqualTo(200);
        Run run = down.get(10, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(seconds).isLessThan(8);
        assertThat(run.out()).contains("ready  instance-a", "ready  instance-b", "All 2 live instances are ready.");

        Run status = maint("status", "--json");
        JsonNode instances = JsonMapper.shared().readTree(status.out()).get("instances");
        assertThat(instances)
                .hasSize(2)
                .allSatisfy(i -> assertThat(i.get("appliedVersion").longValue()).isEqualTo(1));
    }

    @Test
    void aTimeoutNamesTheLaggardAndExitsOne() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = slowWrite(b, 4000);
        await().atMost(Duration.ofSeconds(5)).until(() -> instanceB.inFlight().writes() == 1);
        Run run = maint("down", "--wait", "--timeout", "1s");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("still waiting for instance-b", "1 blocked writes in flight", "timed out");
        assertThat(run.err()).doesNotContain("instance-a");
        slow.get(10, TimeUnit.SECONDS);
        Run up = maint("up", "--wait", "--timeout", "10s");
        assertThat(up.exit()).as(up.err()).isZero();
    }
}
