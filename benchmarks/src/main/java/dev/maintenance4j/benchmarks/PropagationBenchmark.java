package dev.maintenance4j.benchmarks;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.test.WithoutChangeFeed;
import dev.maintenance4j.testing.servers.ExternalServer;
import dev.maintenance4j.testing.servers.MemcachedServer;
import dev.maintenance4j.testing.servers.PostgresServer;
import dev.maintenance4j.testing.servers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Propagation: the time from the start of a write through one store to another instance's decision
 * flipping (its view applied the new version: the next request is decided by it), with real servers
 * started from the installed binaries. Each change is also split into the write (the compare-and-set
 * until it returns) and the delivery (the rest). Stores: Redis (pub/sub push), PostgreSQL (LISTEN/NOTIFY
 * push; {@code fsync} on, as users run it), the file store (directory watch), Memcached (no push: polling,
 * 1 s interval) and Redis with push switched off (polling, 1 s) to show the fallback's bound. Two floor rows
 * measure the same servers and drivers without maintenance4j: a Redis {@code PUBLISH} to a Lettuce subscriber,
 * a PostgreSQL transaction ({@code UPDATE} plus {@code NOTIFY}) to a pgjdbc listener.
 *
 * <p>Every store runs once per round, the rounds one after the other, so drift hits all stores alike; each
 * run starts with fresh connections and an instance of its own, and its first {@value #WARM_UP} changes
 * (connection and JIT warm-up, paid once per process) are not counted. Run it with {@code
 * benchmarks/propagation.sh [rounds=3] [changes=200] [STORE...]}, where each STORE (redis, postgresql, file,
 * memcached, polling) picks the rows whose name contains it; all rows without.
 */
public final class PropagationBenchmark {

    /** Changes made before counting, per run. */
    static final int WARM_UP = 20;

    private PropagationBenchmark() {}

    private record Store(String name, Opener opener, Duration pollInterval, int changes) {}

    /**
     * What one row measures: a write on one side and its arrival on the other. A store's row writes through
     * maintenance4j and arrives when another instance applied the change; a floor row uses the same servers and
     * drivers with no maintenance4j code, a write that notifies and a listener that only notes the arrival.
     */
    private interface Link extends AutoCloseable {
        /** Writes change {@code i}; returns when the write is acknowledged. */
        void write(int i) throws Exception;

        /** Waits for the last write's arrival; its {@link System#nanoTime()}. */
        long arrival() throws InterruptedException;

        @Override
        default void close() throws Exception {}
    }

    private interface Opener {
        StateStore open();
    }

    /** One run's figures, in milliseconds. */
    private record Run(double p50, double p99, double max, double writeP50, double writeP99, double deliveryP50) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<String> only =
                Arrays.stream(args).skip(2).map(a -> a.toLowerCase(Locale.ROOT)).toList();
        RedisServer redis = new RedisServer();
        PostgresServer postgres = PostgresServer.durable();
        MemcachedServer memcached = new MemcachedServer();
        start(redis);
        start(postgres);
        start(memcached);
        Path dir = Files.createTempDirectory("propagation");
        StoreOptions options = new StoreOptions(SafeDefault.OPEN, Duration.ofSeconds(1), Clock.systemUTC());
        List<Store> stores = new ArrayList<>(List.of(
                new Store(
                        "Redis, pub/sub push",
                        () -> StateStores.open(redis.uri() + "?namespace=bench", options),
                        Duration.ofSeconds(5),
                        changes),
                new Store(
                        "PostgreSQL (fsync on), LISTEN/NOTIFY",
                        () -> StateStores.open(postgres.jdbcUrl() + "&maintenanceNamespace=bench", options),
                        Duration.ofSeconds(5),
                        changes),
                new Store(
                        "file, directory watch",
                        () -> StateStores.open("file:" + dir.resolve("state.json"), options),
                        Duration.ofSeconds(5),
                        changes),
                new Store(
                        "Memcached, polling (1 s)",
                        () -> StateStores.open("memcached://" + memcached.address() + "?namespace=bench", options),
                        Duration.ofSeconds(1),
                        Math.min(changes, 30)),
                new Store(
                        "Redis, push off: polling (1 s)",
                        () -> new WithoutChangeFeed(StateStores.open(redis.uri() + "?namespace=poll", options)),
                        Duration.ofSeconds(1),
                        Math.min(changes, 30))));
        stores.removeIf(s -> !only.isEmpty() && only.stream().noneMatch(s.name().toLowerCase(Locale.ROOT)::contains));
        Map<String, FloorOpener> floors = new LinkedHashMap<>();
        floors.put("floor: Redis PUBLISH, Lettuce subscriber", () -> redisFloor(redis));
        floors.put("floor: PostgreSQL UPDATE+NOTIFY, pgjdbc", () -> postgresFloor(postgres));
        floors.keySet()
                .removeIf(name -> !only.isEmpty() && only.stream().noneMatch(name.toLowerCase(Locale.ROOT)::contains));
        System.out.printf(
                "propagation: %d round(s), %d changes per push store per round after %d not counted; %s %s, %d cores;"
                        + " Redis without persistence, PostgreSQL with fsync and full_page_writes on%n",
                rounds,
                changes,
                WARM_UP,
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                System.out.printf(
                        "round %d%n  %-46s %8s %8s %8s %9s %9s %10s%n",
                        round, "store", "p50 ms", "p99 ms", "max ms", "write50", "write99", "deliver50");
                for (Store store : stores) {
                    print(store.name(), measure(store), runs);
                }
                for (Map.Entry<String, FloorOpener> floor : floors.entrySet()) {
                    try (Link open = floor.getValue().open()) {
                        print(floor.getKey(), measure(open, WARM_UP, changes), runs);
                    }
                }
            }
            System.out.printf(
                    "summary over %d round(s), min / median / max of each run's figure, ms%n  %-46s %20s %20s %20s%n",
                    rounds, "store", "p50", "p99", "max");
            runs.forEach((name, list) -> System.out.printf(
                    "  %-46s %20s %20s %20s%n",
                    name,
                    spread(list.stream().map(Run::p50).toList()),
                    spread(list.stream().map(Run::p99).toList()),
                    spread(list.stream().map(Run::max).toList())));
        } finally {
            redis.stop();
            postgres.stop();
            memcached.stop();
        }
    }

    private interface FloorOpener {
        Link open() throws Exception;
    }

    private static void print(String name, Run run, Map<String, List<Run>> runs) {
        runs.computeIfAbsent(name, n -> new ArrayList<>()).add(run);
        System.out.printf(
                "  %-46s %8.1f %8.1f %8.1f %9.2f %9.2f %10.2f%n",
                name, run.p50(), run.p99(), run.max(), run.writeP50(), run.writeP99(), run.deliveryP50());
    }

    private static Link redisFloor(RedisServer redis) {
        RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> connection = client.connect();
        StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
        BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                arrivals.add(System.nanoTime());
            }
        });
        subscriber.sync().subscribe("floor");
        return new Link() {
            @Override
            public void write(int i) {
                connection.sync().publish("floor", "change " + i);
            }

            @Override
            public long arrival() throws InterruptedException {
                return arrivals.take();
            }

            @Override
            public void close() {
                subscriber.close();
                connection.close();
                client.shutdown();
            }
        };
    }

    private static Link postgresFloor(PostgresServer postgres) throws SQLException {
        Connection writer = DriverManager.getConnection(postgres.jdbcUrl());
        Connection listener = DriverManager.getConnection(postgres.jdbcUrl());
        try (Statement s = writer.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS floor (id int PRIMARY KEY, v int)");
            s.execute("INSERT INTO floor VALUES (1, 0) ON CONFLICT DO NOTHING");
        }
        writer.setAutoCommit(false);
        try (Statement s = listener.createStatement()) {
            s.execute("LISTEN floor");
        }
        PGConnection pg = listener.unwrap(PGConnection.class);
        BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
        Thread receiver = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    long now = System.nanoTime();
                    for (int n = 0; notifications != null && n < notifications.length; n++) {
                        arrivals.add(now);
                    }
                }
            } catch (SQLException closed) {
                // the floor is closing
            }
        });
        receiver.setDaemon(true);
        receiver.start();
        return new Link() {
            @Override
            public void write(int i) throws SQLException {
                try (Statement s = writer.createStatement()) {
                    s.execute("UPDATE floor SET v = " + i + " WHERE id = 1");
                    s.execute("NOTIFY floor, 'change " + i + "'");
                }
                writer.commit();
            }

            @Override
            public long arrival() throws InterruptedException {
                return arrivals.take();
            }

            @Override
            public void close() throws Exception {
                receiver.interrupt();
                listener.close();
                writer.close();
            }
        };
    }

    /** Writes {@code warmUp} changes not counted, then {@code changes} counted, one at a time. */
    private static Run measure(Link link, int warmUp, int changes) throws Exception {
        List<Double> millis = new ArrayList<>();
        List<Double> writes = new ArrayList<>();
        List<Double> deliveries = new ArrayList<>();
        for (int i = 0; i < warmUp + changes; i++) {
            long start = System.nanoTime();
            link.write(i);
            long written = System.nanoTime();
            long arrived = link.arrival();
            if (i >= warmUp) {
                millis.add((arrived - start) / 1e6);
                writes.add((written - start) / 1e6);
                deliveries.add(Math.max(0, arrived - written) / 1e6);
            }
        }
        Collections.sort(millis);
        Collections.sort(writes);
        Collections.sort(deliveries);
        return new Run(
                percentile(millis, 50),
                percentile(millis, 99),
                millis.get(millis.size() - 1),
                percentile(writes, 50),
                percentile(writes, 99),
                percentile(deliveries, 50));
    }

    private static Run measure(Store store) throws Exception {
        Duration pollInterval = store.pollInterval();
        try (StateStore writer = store.opener().open();
                StateStore readerStore = store.opener().open();
                Maintenance reader = Maintenance.builder(readerStore)
                        .pollInterval(pollInterval)
                        .build()
                        .start()) {
            Map<Long, Long> appliedAt = new ConcurrentHashMap<>();
            Map<Long, CountDownLatch> latches = new ConcurrentHashMap<>();
            reader.addListener(event -> {
                MaintenanceState state = null;
                if (event instanceof MaintenanceEvent.Activated a) {
                    state = a.current();
                } else if (event instanceof MaintenanceEvent.Deactivated d) {
                    state = d.current();
                } else if (event instanceof MaintenanceEvent.Updated u) {
                    state = u.current();
                }
                if (state != null) {
                    appliedAt.putIfAbsent(state.version(), System.nanoTime());
                    CountDownLatch latch = latches.get(state.version());
                    if (latch != null) {
                        latch.countDown();
                    }
                }
            });
            long[] version = {writer.read().version()};
            Link link = new Link() {
                @Override
                public void write(int i) throws Exception {
                    latches.put(version[0] + 1, new CountDownLatch(1));
                    MaintenanceState proposed = MaintenanceState.builder()
                            .enabled(i % 2 == 0)
                            .reason("change " + i)
                            .build();
                    version[0] = writer.compareAndSet(
                                    version[0], proposed, new Change("bench", "bench", "bench", Instant.now()))
                            .version();
                }

                @Override
                public long arrival() throws InterruptedException {
                    if (!latches.get(version[0]).await(pollInterval.toMillis() * 3 + 5000, TimeUnit.MILLISECONDS)) {
                        throw new IllegalStateException(store.name() + ": change " + version[0] + " never arrived");
                    }
                    // the view applies the state before it tells its listeners: this is when decisions flipped,
                    // or a little after
                    return appliedAt.get(version[0]);
                }
            };
            return measure(link, pollInterval.toSeconds() > 1 ? WARM_UP : 1, store.changes());
        }
    }

    private static String spread(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(
                Locale.ROOT,
                "%.1f / %.1f / %.1f",
                sorted.get(0),
                percentile(sorted, 50),
                sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static void start(ExternalServer server) throws Exception {
        server.beforeAll(null);
    }
}
