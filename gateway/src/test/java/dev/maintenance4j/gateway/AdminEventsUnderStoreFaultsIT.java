package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.testing.servers.RedisServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin page's live stream ({@code api/events}, server-sent events) while the shared store fails: one
 * connection stays open through a Redis kill and restart, tells the page when the store stops answering
 * and when it answers again (the page shows it), and carries the next change made on the store.
 */
class AdminEventsUnderStoreFaultsIT {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    @TempDir
    Path directory;

    @Test
    void oneStreamStaysOpenThroughAStoreOutageAndReportsItThenTheNextChange() throws Exception {
        String store = REDIS.uri() + "?namespace=events";
        try (RunningGateway gateway = RunningGateway.start(
                null, directory, "--decide", "x-original", "--trusted-proxy", "127.0.0.1/32", "--store", store)) {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            HttpResponse<Stream<String>> stream = gateway.http.send(
                    HttpRequest.newBuilder(URI.create(gateway.base() + "/maintenance/api/events"))
                            .header("Authorization", "Bearer " + RunningGateway.TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            Thread reader = new Thread(() -> stream.body().forEach(lines::add), "events-reader");
            reader.setDaemon(true);
            reader.start();

            assertThat(nextStatus(lines)).contains("\"reachable\":true");

            REDIS.kill();
            assertThat(nextStatus(lines))
                    .as("the outage is told on the open stream")
                    .contains("\"reachable\":false");

            REDIS.start();
            assertThat(nextStatus(lines)).as("and the recovery").contains("\"reachable\":true");

            GatewayProcess.maint("--store", store, "down", "--reason", "After the outage");
            assertThat(nextStatus(lines)).contains("\"reason\":\"After the outage\"");
            assertThat(reader.isAlive()).as("the same stream, never closed").isTrue();
        }
    }

    /** The data of the next status event, within 10 s. */
    private static String nextStatus(BlockingQueue<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean status = false;
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(line).as("a status event within 10 s").isNotNull();
            if (line.equals("event: status")) {
                status = true;
            } else if (status && line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
    }
}
