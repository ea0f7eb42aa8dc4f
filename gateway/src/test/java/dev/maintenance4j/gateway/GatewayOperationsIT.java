package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.maintenance4j.testing.servers.UpstreamApp;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What operators watch a gateway with: Prometheus metrics, webhooks, the admin API's event stream. */
class GatewayOperationsIT {

    @RegisterExtension
    static final UpstreamApp APP = UpstreamApp.node();

    @TempDir
    Path directory;

    @Test
    void metricsCountWhatMaintenanceDidAndShowTheBuffer() throws Exception {
        try (RunningGateway gateway =
                RunningGateway.start(APP.baseUri(), directory, "--metrics", "--buffer", "POST /api/orders")) {
            HttpResponse<String> idle = gateway.get("/maintenance/metrics");
            assertThat(idle.statusCode()).isEqualTo(200);
            assertThat(idle.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(idle.body()).contains("maintenance_active 0.0").contains("jvm_memory_used_bytes");

            gateway.admin("POST", "down", "{\"reason\":\"Upgrade\"}");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gateway.get("/", "Accept", "text/html").statusCode() == 503);
            gateway.get("/", "Accept", "text/html");
            assertThat(gateway.post("/api/orders", "{\"item\":\"tea\"}", "Content-Type", "application/json")
                            .statusCode())
                    .isEqualTo(202);

            String scraped = gateway.get("/maintenance/metrics").body();
            assertThat(scraped)
                    .contains("maintenance_active 1.0")
                    .containsPattern("maintenance_requests_blocked_total\\{[^}]*operation_class=\"READ\"[^}]*\\} [2-9]")
                    .contains("maintenance_buffer_pending 1.0");
        }
    }

    @Test
    void withoutTheOptionTheMetricsPathIsTheAdminApisNotFound() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(APP.baseUri(), directory)) {
            HttpResponse<String> metrics = gateway.get("/maintenance/metrics");
            assertThat(metrics.statusCode()).isIn(401, 404);
            assertThat(metrics.body()).doesNotContain("maintenance_active");
        }
    }

    @Test
    void webhooksHearOfMaintenanceAndTheStatusAndMetricsShowTheirDeliveries() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("X-Maintenance4j-Signature") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try (RunningGateway gateway = RunningGateway.start(
                APP.baseUri(),
                directory,
                "--notify-webhook",
                "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook",
                "--name",
                "orders-php",
                "--metrics")) {
            gateway.admin("POST", "down", "{\"reason\":\"Database upgrade\"}");
            String notification = received.poll(20, TimeUnit.SECONDS);
            assertThat(notification).isNotNull().contains("orders-php").contains("Database upgrade");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(gateway.admin("GET", "status", "").body())
                                    .contains("\"notifications\"")
                                    .contains("\"delivered\":1"));
            assertThat(gateway.get("/maintenance/metrics").body())
                    .containsPattern("maintenance_notifications_delivered_total\\{target=\"[^\"]+\"} 1.0")
                    .contains("maintenance_notifications_failed_total");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void theAdminEventStreamReachesClientsThroughTheGateway() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(APP.baseUri(), directory)) {
            HttpResponse<Stream<String>> events = gateway.http.send(
                    HttpRequest.newBuilder(URI.create(gateway.base() + "/maintenance/api/events"))
                            .header("Authorization", "Bearer " + RunningGateway.TOKEN)
                            .header("Accept", "text/event-stream")
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(events.statusCode()).isEqualTo(200);
            Iterator<String> lines = events.body().iterator();
            gateway.admin("POST", "down", "{\"reason\":\"Streamed\"}");
            boolean seen = false;
            for (int i = 0; i < 200 && lines.hasNext() && !seen; i++) {
                seen = lines.next().contains("Streamed");
            }
            assertThat(seen).as("the change arrived as an event").isTrue();
            events.body().close();
        }
    }

    @Test
    void behindATrustedProxyTheAllowListSeesTheRealClientAndSoDoesTheApp() throws Exception {
        try (RunningGateway gateway =
                RunningGateway.start(APP.baseUri(), directory, "--trusted-proxy", "127.0.0.1/32")) {
            gateway.admin("POST", "down", "{\"reason\":\"Upgrade\",\"allow\":[\"203.0.113.7/32\"]}");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gateway.get("/", "Accept", "text/html", "X-Forwarded-For", "198.51.100.1")
                                    .statusCode()
                            == 503);
            HttpResponse<String> allowed = gateway.get("/headers", "X-Forwarded-For", "203.0.113.7");
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.body())
                    .contains("\"x-forwarded-for\":\"203.0.113.7, 127.0.0.1\"")
                    .contains("for=127.0.0.1");
        }
        try (RunningGateway untrusting = RunningGateway.start(APP.baseUri(), directory.resolve("untrusting"))) {
            untrusting.admin("POST", "down", "{\"reason\":\"Upgrade\",\"allow\":[\"203.0.113.7/32\"]}");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(untrusting
                                    .get("/", "Accept", "text/html", "X-Forwarded-For", "203.0.113.7")
                                    .statusCode())
                            .as("a client claiming an allowed address is not believed")
                            .isEqualTo(503));
        }
    }
}
