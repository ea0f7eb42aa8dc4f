package dev.maintenance4j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.test.StateStoreContract;
import dev.maintenance4j.testing.servers.RedisClusterServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The state-store contract against a real three-master Redis Cluster: the store's keys share one hash tag, so its
 * scripts run on one slot's master, and change notifications reach subscribers on any node.
 */
class RedisClusterStateStoreIT extends StateStoreContract {

    @RegisterExtension
    static final RedisClusterServer cluster = new RedisClusterServer();

    private static RedisClusterClient client;

    @BeforeAll
    static void connect() {
        client = RedisClusterClient.create(
                cluster.uris().stream().map(RedisURI::create).toList());
    }

    @AfterAll
    static void disconnect() {
        client.shutdown();
    }

    @Override
    protected StateStore newStore(SafeDefault safeDefault) {
        return RedisStateStore.builder(client)
                .namespace(namespace())
                .safeDefault(safeDefault)
                .build();
    }

    @Override
    protected void corruptStoredState() {
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            c.sync()
                    .hset(
                            "maintenance4j:{" + namespace() + "}:state",
                            "state",
                            "{\"format\":1,\"version\":\"not a number\"");
        }
    }

    @Test
    void aLostStateIsRestoredByTheInstancesSubscribedOnAnyNode() {
        // two instances, whose subscriptions Lettuce spreads over the nodes, and a writer that is no instance (the
        // CLI): it must count every node's subscribers to wait for their restore
        String namespace = namespace() + "-lost";
        try (Maintenance first = instance(namespace);
                Maintenance second = instance(namespace);
                RedisStateStore writer = RedisStateStore.builder(client)
                        .namespace(namespace)
                        .origin("cli")
                        .build()) {
            MaintenanceControl.of(writer, Clock.systemUTC())
                    .enable(
                            EnableOptions.builder()
                                    .reason("survives a lost key")
                                    .build(),
                            new Actor("ops", "test"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "survives a lost key".equals(first.state().reason())
                            && "survives a lost key".equals(second.state().reason()));
            long version = first.state().version();
            try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
                c.sync().del(writer.keys().get(0));
            }
            assertThat(writer.read().reason())
                    .as("the writer waited for the instances to write the state back")
                    .isEqualTo("survives a lost key");
            assertThat(writer.read().version()).isEqualTo(version);
            assertThat(writer.history(1).get(0).change().action()).isEqualTo("restore");
        }
    }

    private static Maintenance instance(String namespace) {
        return Maintenance.builder(
                        RedisStateStore.builder(client).namespace(namespace).build())
                .pollInterval(Duration.ofMillis(200))
                .build()
                .start();
    }

    @Test
    void theStoresKeysLiveInOneSlot() {
        try (StatefulRedisClusterConnection<String, String> c = client.connect();
                RedisStateStore store =
                        RedisStateStore.builder(client).namespace(namespace()).build()) {
            assertThat(store.keys().stream().map(key -> c.sync().clusterKeyslot(key)))
                    .hasSize(3)
                    .containsOnly(c.sync().clusterKeyslot(store.keys().get(0)));
        }
    }
}
