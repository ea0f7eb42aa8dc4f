package dev.maintenance4j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.decision.Outcome;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.testing.servers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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
        RedisStateStore store =
                RedisStateStore.builder(client).timeout(Duration.ofMillis(500)).build();
        closing.add(store);
        return store;
    }

    private Maintenance instance() {
        Maintenance m = Maintenance.builder(store())
                .pollInterval(Duration.ofMillis(200))
                .build()
                .start();
        closing.add(m);
        return m;
    }

    private static MaintenanceControl control(StateStore store) {
        return MaintenanceControl.of(store, Clock.systemUTC());
    }

    @Test
    void instancesKeepServingTheLastStateWhileRedisIsDownAndResyncAfter() throws Exception {
        Maintenance instance = instance();
        RedisStateStore writer = store();
        control(writer)
                .enable(EnableOptions.builder().reason("before the outage").build(), new Actor("ops", "test"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "before the outage".equals(instance.state().reason()));

        redis.kill();
        instance.view().refresh();
        assertThat(instance.view().storeReachable()).isFalse();
        assertThat(instance.state().reason()).isEqualTo("before the outage");
        assertThat(instance.decide(MaintenanceRequest.of("GET", "/orders")).outcome())
                .isEqualTo(Outcome.BLOCKED);
        assertThatThrownBy(() -> control(writer).disable(new Actor("ops", "test")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Redis is unreachable");

        redis.start(); // empty: no persistence; the instances know the state and restore it
        await().atMost(Duration.ofSeconds(10)).until(() -> instance.view().storeReachable());
        assertThat(instance.state().reason()).isEqualTo("before the outage");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "before the outage".equals(writer.read().reason()));
        assertThat(writer.history(10)).extracting(r -> r.change().action()).contains("restore");

        // push works again after the reconnect
        control(writer)
                .enable(EnableOptions.builder().reason("after the outage").build(), new Actor("ops", "test"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "after the outage".equals(instance.state().reason()));
    }

    @Test
    void afterALongOutageInstancesReconnectWithinASecondSoANewCliBuildsOnTheRestoredState() throws Exception {
        StoreOptions options = new StoreOptions(SafeDefault.OPEN, Duration.ofSeconds(1), Clock.systemUTC());
        StateStore instanceStore = StateStores.open(redis.uri(), options); // as bin/gateway and the starter open it
        closing.add(instanceStore);
        Maintenance instance = Maintenance.builder(instanceStore)
                .pollInterval(Duration.ofSeconds(1))
                .build()
                .start();
        closing.add(instance);
        long version = control(store())
                .enable(EnableOptions.builder().reason("before a long outage").build(), new Actor("ops", "test"))
                .after()
                .version();
        await().atMost(Duration.ofSeconds(5)).until(() -> instance.state().version() == version);

        redis.kill();
        Thread.sleep(12_000); // long enough for Lettuce's default backoff to wait 8 s and more between attempts
        redis.start(); // empty
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> instance.view().storeReachable()
                        && instance.view().lastRead() != null
                        && instance.view().lastRead().isAfter(Instant.now().minusMillis(500)));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the instance reads the store again soon after it is back")
                .isLessThan(Duration.ofMillis(2500));
        try (StateStore cli = StateStores.open(redis.uri(), options)) { // a new process: it never saw a state
            MaintenanceState after = control(cli)
                    .allow(List.of(CidrBlock.parse("192.0.2.9/32")), new Actor("ops", "test"))
                    .after();
            assertThat(after.reason()).as("built on the restored state").isEqualTo("before a long outage");
            assertThat(after.version()).isEqualTo(version + 1);
        }
    }

    @Test
    void aFlushedKeyIsRestoredAndAudited() {
        Maintenance instance = instance();
        RedisStateStore writer = store();
        control(writer)
                .enable(EnableOptions.builder().reason("survives flushes").build(), new Actor("ops", "test"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "survives flushes".equals(instance.state().reason()));
        long version = instance.state().version();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().flushall();
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "survives flushes".equals(writer.read().reason()));
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

    @Test
    void aReaderOrWriterRightAfterAFlushSeesTheRestoredStateAndBuildsOnIt() {
        // polling is slow here: only the restore request brings the state back in time
        RedisStateStore instanceStore = store();
        Maintenance instance = Maintenance.builder(instanceStore)
                .pollInterval(Duration.ofMinutes(1))
                .build()
                .start();
        closing.add(instance);
        control(store())
                .enable(EnableOptions.builder().reason("survives flushes").build(), new Actor("ops", "test"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "survives flushes".equals(instance.state().reason()));
        for (int trial = 1; trial <= 5; trial++) {
            long before = instance.state().version();
            flushAll();
            RedisStateStore cli = store(); // a fresh process: it knows no state of its own
            MaintenanceState status = cli.read();
            assertThat(status.enabled())
                    .as("trial %d: status right after the flush", trial)
                    .isTrue();
            assertThat(status.version()).isEqualTo(before);
            flushAll();
            MaintenanceState after = control(store())
                    .allow(List.of(CidrBlock.parse("192.0.2." + trial)), new Actor("ops", "test"))
                    .after();
            assertThat(after.enabled())
                    .as("trial %d: the change is built on the restored state", trial)
                    .isTrue();
            assertThat(after.reason()).isEqualTo("survives flushes");
            assertThat(after.version()).as("versions go on across the flush").isEqualTo(before + 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> instance.state().version() == before + 1);
            assertThat(instance.state().enabled()).isTrue();
        }
        assertThat(store().history(20)).extracting(r -> r.change().action()).contains("restore");
    }

    @Test
    void withoutRunningInstancesAGoneStateReadsAsOffAtOnce() {
        RedisStateStore cli = store();
        long started = System.nanoTime();
        assertThat(cli.read().version()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void theFirstChangeOfAFreshDeploymentDoesNotWaitForARestoreNobodyCanMake() {
        Maintenance instance = instance();
        instance();
        long started = System.nanoTime();
        control(store()).enable(EnableOptions.builder().reason("first ever").build(), new Actor("ops", "test"));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("every instance answered that it knows no state")
                .isLessThan(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "first ever".equals(instance.state().reason()));
    }

    @Test
    void notificationsThatNeedAReadAreHandledOffTheEventLoop() {
        // Lettuce calls pub/sub listeners on its event loop; a blocking read there can wait for the very
        // thread it blocks and time out (lettuce issue 784). A change that carries its state is handed on
        // right there (no read, no thread hop); one that does not is read on a thread of the store's own
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(1)
                .computationThreadPoolSize(1)
                .build();
        RedisClient single = RedisClient.create(resources, redis.uri());
        closing.add(() -> {
            single.shutdown();
            resources.shutdown();
        });
        RedisStateStore watched =
                RedisStateStore.builder(single).timeout(Duration.ofMillis(500)).build();
        closing.add(watched);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        List<String> reasons = Collections.synchronizedList(new ArrayList<>());
        closing.add(watched.watch(state -> {
            threads.add(Thread.currentThread().getName());
            reasons.add(state.reason());
        }));
        for (String reason : List.of("first push", "second push", "third push")) {
            control(store()).enable(EnableOptions.builder().reason(reason).build(), new Actor("ops", "test"));
            await().atMost(Duration.ofSeconds(3)).until(() -> reasons.contains(reason));
        }
        // (the first write's restore request came first: instances that know no state are asked, on the handler)
        for (String reason : List.of("first push", "second push", "third push")) {
            assertThat(threads.get(reasons.indexOf(reason)))
                    .as("a change that carries its state is handed on without a hop: " + reason)
                    .startsWith("lettuce-");
        }

        int before = reasons.size();
        try (var publisher = client.connect()) {
            publisher.sync().publish("maintenance4j:{default}:changes", "{not a state");
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> reasons.size() > before);
        assertThat(reasons.get(before)).as("what a read found").isEqualTo("third push");
        assertThat(threads.get(before))
                .as("a notification without a readable state is read off the event loop")
                .isEqualTo("maintenance4j-redis-changes");
    }

    @Test
    void anInstanceStartedFromItsMirrorWhileRedisIsDownWritesItsStateBackWhenRedisReturnsEmpty(@TempDir Path dir)
            throws Exception {
        Path mirror = dir.resolve("mirror.json");
        try (Maintenance first = Maintenance.builder(store())
                .pollInterval(Duration.ofMillis(200))
                .localMirror(mirror)
                .build()
                .start()) {
            control(store())
                    .enable(EnableOptions.builder().reason("before the restart").build(), new Actor("ops", "test"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "before the restart".equals(first.state().reason()));
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(mirror));
        }
        long version = control(store())
                .apply("noop", new Actor("ops", "test"), (current, now) -> current)
                .after()
                .version();
        redis.kill();
        Maintenance restarted = Maintenance.builder(store())
                .pollInterval(Duration.ofMillis(200))
                .localMirror(mirror)
                .build()
                .start();
        closing.add(restarted);
        assertThat(restarted.state().reason()).isEqualTo("before the restart");

        redis.start(); // empty: no persistence
        RedisStateStore reader =
                RedisStateStore.builder(client).restoreWait(Duration.ZERO).build();
        closing.add(reader);
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> "before the restart".equals(reader.read().reason()));
        assertThat(reader.read().version()).isEqualTo(version);
        assertThat(restarted.state().enabled()).isTrue();
        assertThat(reader.history(5)).extracting(r -> r.change().action()).contains("restore");
    }

    private void flushAll() {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().flushall();
        }
    }
}
