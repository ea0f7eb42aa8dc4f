package dev.maintenance4j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.decision.Outcome;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.testing.servers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis killed, restarted empty and flushed under running instances; concurrent writers. */
class RedisOutageIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private final List<AutoCloseable> closing = new ArrayList<>();
    private RedisClient client;

    @BeforeEach
    void connect() throws Exception {
        redis.start();
        client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().flushall();
        }
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        client.shutdown();
    }

    private RedisStateStore store() {
        RedisStateStore store = RedisStateStore.builder(client).timeout(Duration.ofMillis(500)).build();
        closing.add(store);
        return store;
    }

    private Maintenance instance() {
        Maintenance m = Maintenance.builder(store()).pollInterval(Duration.ofMillis(200)).build().start();
        closing.add(m);
        return m;
    }

    private static MaintenanceControl control(RedisStateStore store) {
        return MaintenanceControl.of(store, Clock.systemUTC());
    }

    @Test
    void instancesKeepServingTheLastStateWhileRedisIsDownAndResyncAfter() throws Exception {
        Maintenance instance = instance();
        RedisStateStore writer = store();
        control(writer).enable(EnableOptions.builder().reason("before the outage").build(), new Actor("ops", "test"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "before the outage".equals(instance.state().reason()));

        redis.kill();
        instance.view().refresh();
        assertThat(instance.view().storeReachable()).isFalse();
        assertThat(instance.state().reason()).isEqualTo("before the outage");
        assertThat(instance.decide(MaintenanceRequest.of("GET", "/orders")).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThatThrownBy(() -> control(writer).disable(new Actor("ops", "test")))
                .isInstanceOf(StoreException.class).hasMessageContaining("Redis is unreachable");

        redis.start(); // empty: no persistence; the instances know the state and restore it
        await().atMost(Duration.ofSeconds(10)).until(() -> instance.view().storeReachable());
        assertThat(instance.state().reason()).isEqualTo("before the outage");
        await().atMost(Duration.ofSeconds(5)).until(() -> "before the outage".equals(writer.read().reason()));
        assertThat(writer.history(10)).extracting(r -> r.change().action()).contains("restore");

        // push works again after the reconnect
        control(writer).enable(EnableOptions.builder().reason("after the outage").build(), new Actor("ops", "test"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "after the outage".equals(instance.state().reason()));
    }

    @Test
    void aFlushedKeyIsRestoredAndAudited() {
        Maintenance instance = instance();
        RedisStateStore writer = store();
        control(writer).enable(EnableOptions.builder().reason("survives flushes").build(), new Actor("ops", "test"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "survives flushes".equals(instance.state().reason()));
        long version = instance.state().version();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().flushall();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> "survives flushes".equals(writer.read().reason()));
        assertThat(writer.read().version()).isEqualTo(version);
        AuditRecord restore = writer.history(1).get(0);
        assertThat(restore.change().action()).isEqualTo("restore");
        assertThat(restore.after().reason()).isEqualTo("survives flushes");
        assertThat(instance.state().reason()).isEqualTo("survives flushes");
    }

    @Test
    void otherKeysAndDatabasesCanBeFlushedWithoutTouchingTheState() {
        RedisStateStore writer = store();
        control(writer).enable(EnableOptions.builder().reason("dedicated key").build(), new Actor("ops", "test"));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().set("cache:x", "1");
            c.sync().del("cache:x");
            c.sync().select(1);
            c.sync().flushdb();
        }
        assertThat(writer.read().reason()).isEqualTo("dedicated key");
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(c.sync().ttl(writer.keys().get(0))).as("no TTL").isEqualTo(-1);
        }
    }
}
