package dev.maintenance4j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.testing.servers.RedisClusterServer;
import dev.maintenance4j.testing.servers.RedisServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nodes of a real Redis Cluster killed under a running instance: the master of the store's slot (its replica
 * takes over) and the node the instance's subscription lives on. Through either, the instance keeps its state,
 * the next change is stored as soon as the cluster is whole again, and the instance hears it by push (its poll
 * interval is 30 s). Each master
 * has two replicas, so the cluster stays whole whichever node either test kills.
 */
class RedisClusterFailoverIT {

    private static final Actor OPS = new Actor("ops", "test");

    @RegisterExtension
    static final RedisClusterServer cluster = new RedisClusterServer(2);

    private static RedisClusterClient client;

    @BeforeAll
    static void connect() {
        client = RedisClusterClient.create(
                cluster.uris().stream().map(RedisURI::create).toList());
        // as the store-redis README says a cluster client needs: without the node filter, a connection made after a
        // failover (a new instance, the CLI) may be sent to the dead master, which the topology still lists as failed
        client.setOptions(ClusterClientOptions.builder()
                .nodeFilter(node -> !node.is(RedisClusterNode.NodeFlag.FAIL)
                        && !node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
                        && !node.is(RedisClusterNode.NodeFlag.NOADDR))
                .build());
    }

    @AfterAll
    static void disconnect() {
        client.shutdown();
    }

    @Test
    void whenTheMasterOfTheStoresSlotDiesItsReplicaTakesOverAndTheNextChangeIsHeardByPush() throws Exception {
        survives("master-killed", writer -> {
            int slot;
            try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
                slot = c.sync().clusterKeyslot(writer.keys().get(0)).intValue();
            }
            RedisServer master = cluster.masterOf(slot);
            assertThat(master).as("the slot's master").isNotNull();
            master.kill();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        RedisServer now = cluster.masterOf(slot);
                        return now != null && now != master;
                    });
        });
    }

    @Test
    void whenTheNodeItsSubscriptionLivesOnDiesTheNextChangeIsStillHeardByPush() throws Exception {
        survives("subscriber-killed", writer -> {
            RedisServer subscribedTo = cluster.subscribedTo("maintenance4j:{subscriber-killed}:changes");
            assertThat(subscribedTo).as("the instance's subscription").isNotNull();
            subscribedTo.kill();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(cluster::isOk);
        });
    }

    /** What a test kills, once the instance is in maintenance; it returns when the cluster is whole again. */
    private interface Failure {
        void strike(RedisStateStore writer) throws Exception;
    }

    /**
     * An instance in maintenance through {@code failure}: it keeps its state, and the next change, stored as soon as
     * the cluster takes it, reaches it by push within 3 s.
     */
    private static void survives(String namespace, Failure failure) throws Exception {
        try (Maintenance instance = instance(namespace);
                RedisStateStore writer = RedisStateStore.builder(client)
                        .namespace(namespace)
                        .origin("cli")
                        .build()) {
            MaintenanceControl control = MaintenanceControl.of(writer, Clock.systemUTC());
            control.enable(EnableOptions.builder().reason("before the failure").build(), OPS);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "before the failure".equals(instance.state().reason()));

            failure.strike(writer);

            assertThat(instance.state().reason()).isEqualTo("before the failure");
            assertThat(disabledAndHeardIn(control, instance)).isLessThan(Duration.ofSeconds(3));
        }
    }

    private static Maintenance instance(String namespace) {
        return Maintenance.builder(
                        RedisStateStore.builder(client).namespace(namespace).build())
                .pollInterval(Duration.ofSeconds(30)) // a change within the test's bounds came by push
                .build()
                .start();
    }

    /**
     * Ends maintenance as the CLI would, retrying while the store answers with an error (the cluster may still be
     * settling), and returns how long after the change was stored the instance had it in force.
     */
    private static Duration disabledAndHeardIn(MaintenanceControl control, Maintenance instance)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                control.disable(OPS);
                break;
            } catch (StoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        long stored = System.nanoTime();
        await().atMost(Duration.ofSeconds(40)).until(() -> !instance.state().enabled());
        return Duration.ofNanos(System.nanoTime() - stored);
    }
}
