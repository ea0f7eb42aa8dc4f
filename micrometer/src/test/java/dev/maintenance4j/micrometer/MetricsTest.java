package dev.maintenance4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.buffer.WriteBuffer;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.test.InMemoryStateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters read what they describe, as it changes. */
class MetricsTest {

    @TempDir
    Path directory;

    @Test
    void maintenanceGaugesFollowTheState() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Maintenance maintenance =
                Maintenance.builder(new InMemoryStateStore()).build().start()) {
            new MaintenanceMetrics(maintenance).bindTo(registry);
            assertThat(registry.get("maintenance.active").gauge().value()).isZero();
            long version = maintenance
                    .control()
                    .enable(EnableOptions.builder().reason("Upgrade").build(), new Actor("ops", "test"))
                    .after()
                    .version();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> maintenance.state().version() >= version);
            assertThat(registry.get("maintenance.active").gauge().value()).isEqualTo(1);
            assertThat(registry.get("maintenance.state.version").gauge().value())
                    .isEqualTo(version);
        }
    }

    @Test
    void bufferGaugesFollowItsBacklog() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WriteBuffer buffer = WriteBuffer.builder(directory).build()) {
            new WriteBufferMetrics(buffer, Clock.systemUTC()).bindTo(registry);
            assertThat(registry.get("maintenance.buffer.pending").gauge().value())
                    .isZero();
            buffer.append("k-1", "one".getBytes(StandardCharsets.UTF_8));
            buffer.append("k-2", "two".getBytes(StandardCharsets.UTF_8));
            assertThat(registry.get("maintenance.buffer.pending").gauge().value())
                    .isEqualTo(2);
            assertThat(registry.get("maintenance.buffer.bytes").gauge().value()).isPositive();
            assertThat(registry.get("maintenance.buffer.dead.letters").gauge().value())
                    .isZero();
        }
    }
}
