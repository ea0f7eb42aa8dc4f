package dev.maintenance4j.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.testing.servers.UpstreamApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What Prometheus scrapes from a gateway started with {@code --metrics}, and that it is off without. */
class GatewayMetricsIT {

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
}
