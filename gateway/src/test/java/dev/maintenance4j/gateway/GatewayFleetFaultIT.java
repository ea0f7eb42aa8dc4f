package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.testing.servers.ExternalServer;
import dev.maintenance4j.testing.servers.MemcachedServer;
import dev.maintenance4j.testing.servers.PostgresServer;
import dev.maintenance4j.testing.servers.RedisServer;
import dev.maintenance4j.testing.servers.UpstreamApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault campaign on a fleet of processes (issue #15): three gateways, each its own JVM with its own
 * write buffer on disk, sharing one store (Redis, PostgreSQL, Memcached), in front of the Node app, under steady reads and writes to all
 * three, while operators act from the CLI (on the store) and through a gateway's admin API. Faults: the store
 * SIGKILLed and restarted during maintenance (Redis and Memcached come back empty), and one gateway SIGKILLed with buffered writes on disk,
 * then started again in its place. It checks what operators rely on: {@code down --wait} never returns while
 * a gateway still serves the old state; no request is answered 5xx because of the store; every write the
 * gateways acknowledged (201 from the app, or 202 with a receipt) lands in the app exactly once after
 * {@code up}, and none twice.
 */
class GatewayFleetFaultIT {

    @RegisterExtension
    static final UpstreamApp APP = UpstreamApp.node();

    private static final Pattern ITEM = Pattern.compile("\"item\":\"(w-\\d+)\"");

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** The shared stores the fleet runs on, each a real server started for the test. */
    enum Store {
        REDIS,
        POSTGRES,
        MEMCACHED;

        ExternalServer server() {
            return switch (this) {
                case REDIS -> new RedisServer();
                case POSTGRES -> new PostgresServer();
                case MEMCACHED -> new MemcachedServer();
            };
        }

        String uri(ExternalServer server) {
            return switch (this) {
                case REDIS -> ((RedisServer) server).uri() + "?namespace=fleet";
                case POSTGRES -> ((PostgresServer) server).jdbcUrl() + "&maintenanceNamespace=fleet";
                case MEMCACHED -> "memcached://" + ((MemcachedServer) server).address() + "?namespace=fleet";
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void underLoadAStoreRestartAndAGatewayKillLoseNoAcknowledgedWriteAndDownWaitHasNoLaggard(Store kind)
            throws Exception {
        APP.clearOrders();
        ExternalServer server = kind.server();
        server.beforeAll(null);
        String store = kind.uri(server);
        List<GatewayProcess> gateways = new ArrayList<>();
        Traffic traffic = null;
        try {
            for (int i = 0; i < 3; i++) {
                gateways.add(GatewayProcess.start(
                        Map.of(
                                "MAINTENANCE4J_STORE",
                                store,
                                "MAINTENANCE4J_BUFFER_DIR",
                                Files.createDirectories(directory.resolve(kind + "-buffer-" + i))
                                        .toString()),
                        directory.resolve(kind + "-gateway-" + i + ".log"),
                        "--upstream",
                        APP.baseUri(),
                        "--buffer",
                        "POST /api/orders"));
            }
            traffic = new Traffic(gateways);
            Thread.sleep(1000);

            // down --wait returns only once every gateway serves the maintenance page
            GatewayProcess.maint("--store", store, "down", "--reason", "Fleet upgrade", "--wait", "--timeout", "20s");
            for (GatewayProcess gateway : gateways) {
                assertThat(get(gateway, "/").statusCode())
                        .as("%s right after down --wait", gateway.base())
                        .isEqualTo(503);
            }
            Thread.sleep(1000);

            // the store killed and restarted (Redis and Memcached empty): the gateways keep the state, and write it
            // back where it was lost
            server.kill();
            Thread.sleep(2000);
            server.start();
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            GatewayProcess.maint("--store", store, "status").contains("Fleet upgrade"));
            Thread.sleep(1000);

            // a gateway SIGKILLed with buffered writes on disk, then started again in its place
            GatewayProcess victim = gateways.get(1);
            victim.kill(); // with reads and writes in flight to it
            Thread.sleep(500);
            victim.start();
            Thread.sleep(1000);

            // up through a gateway's admin API: every gateway replays its own buffer
            GatewayProcess.maint("--store", gateways.get(0).base() + "/maintenance/api", "up");
            await().atMost(Duration.ofSeconds(10)).until(() -> gateways.stream().allMatch(g -> status(g, "/") == 200));
            Thread.sleep(1000);
            traffic.stop();

            Set<String> acknowledged = traffic.acknowledged.keySet();
            assertThat(traffic.buffered.get())
                    .as("writes buffered during maintenance")
                    .isPositive();
            assertThat(traffic.direct.get())
                    .as("writes that went straight to the app")
                    .isPositive();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(landed().keySet()).containsAll(acknowledged));
            Map<String, Integer> landed = landed();
            assertThat(landed.entrySet().stream().filter(e -> e.getValue() > 1).toList())
                    .as("writes applied twice")
                    .isEmpty();
            assertThat(traffic.serverErrors.get())
                    .as("reads and writes answered 5xx other than the maintenance 503")
                    .isZero();
            assertThat(traffic.reads.get()).isPositive();
            System.out.printf(
                    "fleet campaign on %s: %d reads, %d writes acknowledged (%d buffered, %d direct), %d landed, "
                            + "%d refused by a killed gateway%n",
                    kind,
                    traffic.reads.get(),
                    acknowledged.size(),
                    traffic.buffered.get(),
                    traffic.direct.get(),
                    landed.size(),
                    traffic.refused.get());
        } finally {
            if (traffic != null) {
                traffic.stop();
            }
            for (GatewayProcess gateway : gateways) {
                gateway.close();
            }
            server.afterAll(null);
        }
    }

    /** Every item in the app's own storage, with how often it is there. */
    private Map<String, Integer> landed() throws Exception {
        String body = http.send(
                        HttpRequest.newBuilder(URI.create(APP.baseUri() + "/api/orders"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Integer> counts = new HashMap<>();
        Matcher m = ITEM.matcher(body);
        while (m.find()) {
            counts.merge(m.group(1), 1, Integer::sum);
        }
        return counts;
    }

    private int status(GatewayProcess gateway, String path) {
        try {
            return get(gateway, path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private HttpResponse<String> get(GatewayProcess gateway, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(gateway.base() + path))
                        .header("Accept", "text/html")
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Reads and writes round-robin over the gateways: a reader thread and a writer thread, each
     * write a new item; a write counts as acknowledged on 201 (the app stored it) or 202 (buffered).
     */
    private final class Traffic {
        final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong buffered = new AtomicLong();
        final AtomicLong direct = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        private final List<GatewayProcess> gateways;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Traffic(List<GatewayProcess> gateways) {
            this.gateways = gateways;
            for (boolean writes : new boolean[] {false, true}) {
                Thread thread = new Thread(() -> loop(writes), writes ? "fleet-writes" : "fleet-reads");
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        private void loop(boolean writes) {
            for (long n = 0; running.get(); n++) {
                GatewayProcess gateway = gateways.get((int) (n % gateways.size()));
                try {
                    if (writes) {
                        write(gateway, "w-" + n);
                    } else {
                        read(gateway);
                    }
                    Thread.sleep(writes ? 15 : 2);
                } catch (IOException e) {
                    refused.incrementAndGet(); // the killed gateway, or a request in flight to it: not acknowledged
                    sleepQuietly();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sleepQuietly() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void read(GatewayProcess gateway) throws IOException, InterruptedException {
            int status = http.send(
                            HttpRequest.newBuilder(URI.create(gateway.base() + "/"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            reads.incrementAndGet();
            if (status >= 500 && status != 503) {
                serverErrors.incrementAndGet();
            }
        }

        private void write(GatewayProcess gateway, String item) throws IOException, InterruptedException {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(gateway.base() + "/api/orders"))
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"" + item + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            switch (answer.statusCode()) {
                case 201 -> {
                    acknowledged.put(item, true);
                    direct.incrementAndGet();
                }
                case 202 -> {
                    acknowledged.put(item, true);
                    buffered.incrementAndGet();
                }
                default -> {
                    if (answer.statusCode() >= 500) {
                        serverErrors.incrementAndGet();
                    }
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }
    }
}
