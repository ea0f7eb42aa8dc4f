package dev.maintenance4j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.test.StateStoreContract;
import dev.maintenance4j.testing.servers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The state-store contract against a real redis-server. */
class RedisStateStoreIT extends StateStoreContract {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static RedisClient client;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(redis.uri());
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
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync()
                    .hset(
                            "maintenance4j:{" + namespace() + "}:state",
                            "state",
                            "{\"format\":1,\"version\":\"not a number\"");
        }
    }

    @Test
    void anOperatorsChangeReadsTheStateOnce() {
        store.compareAndSet(0, down("first"), change("down"));
        long before = hgetallCalls();
        MaintenanceControl.of(store, Clock.systemUTC()).disable(new Actor("alice", "test"));
        assertThat(hgetallCalls() - before)
                .as("the control's read, not a second one before the write")
                .isEqualTo(1);
        assertThat(store.read().enabled()).isFalse();
    }

    private static long hgetallCalls() {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            String stats = c.sync().info("commandstats");
            Matcher calls = Pattern.compile("cmdstat_hgetall:calls=(\\d+)").matcher(stats);
            return calls.find() ? Long.parseLong(calls.group(1)) : 0;
        }
    }

    @Test
    void ofTwoRestoresAfterALossTheNewerWinsButNoRestoreReplacesAChange() {
        MaintenanceState behind = down("behind").toBuilder().version(5).build();
        MaintenanceState newest = down("newest").toBuilder().version(7).build();
        assertThat(store.restoreIfAbsent(behind)).isTrue();
        assertThat(store.restoreIfAbsent(newest))
                .as("an instance that knows more replaces an older restore")
                .isTrue();
        assertThat(store.restoreIfAbsent(behind)).as("never the other way").isFalse();
        assertThat(store.read()).isEqualTo(newest);
        MaintenanceState changed = store.compareAndSet(7, down("changed"), change("down"));
        assertThat(store.restoreIfAbsent(down("later").toBuilder().version(20).build()))
                .as("a change is never replaced")
                .isFalse();
        assertThat(store.read()).isEqualTo(changed);
    }

    @Test
    void aWatcherLearnsAnAcknowledgedChangeEvenWhenTheKeyIsFlushedBeforeItCouldReadIt() throws Exception {
        List<MaintenanceState> seen = new CopyOnWriteArrayList<>();
        try (StateStore watcher = newStore(SafeDefault.OPEN);
                StateStore.Subscription ignored = watcher.watch(seen::add);
                StatefulRedisConnection<String, String> admin = client.connect()) {
            MaintenanceState acknowledged = store.compareAndSet(0, down("acknowledged"), change("down"));
            admin.sync().flushall(); // right behind the change: a watcher that read the key now would find nothing
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(seen)
                            .as("the notification carried the state it announced")
                            .contains(acknowledged));
        }
    }
}
