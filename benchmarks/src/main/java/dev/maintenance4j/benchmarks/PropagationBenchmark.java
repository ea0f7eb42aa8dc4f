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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Propagation: the time from a write committed through one store to another instance applying it to
 * its in-memory view, over N changes per store, with real servers started from the installed binaries.
 * Stores: Redis (pub/sub push), PostgreSQL (LISTEN/NOTIFY push), the file store (directory watch),
 * Memcached (no push: polling, 1 s interval), and Redis with push switched off (polling, 1 s) to show
 * the fallback's bound.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.maintenance4j.benchmarks.PropagationBenchmark
 * [changes=200] [STORE...]}, where each STORE (redis, postgresql, file, memcached, polling) picks the rows whose
 * name contains it; all rows without.
 */
public final class PropagationBenchmark {

    private PropagationBenchmark() {}

    /** The rows to run: those whose name contains one of these (all when empty). */
    private static List<String> only = List.of();

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        only = Arrays.stream(args).skip(1).map(a -> a.toLowerCase(Locale.ROOT)).toList();
        RedisServer redis = new RedisServer();
        PostgresServer postgres = new PostgresServer();
        MemcachedServer memcached = new MemcachedServer();
        start(redis);
        start(postgres);
        start(memcached);
        Path dir = Files.createTempDirectory("propagation");
        StoreOptions options = new StoreOptions(SafeDefault.OPEN, Duration.ofSeconds(1), Clock.systemUTC());
        try {
            System.out.printf("%-34s %8s %10s %10s %10s%n", "store", "changes", "p50 ms", "p99 ms", "max ms");
            measure(
                    "Redis, pub/sub push",
                    () -> StateStores.open(redis.uri() + "?namespace=bench", options),
                    Duration.ofSeconds(5),
                    changes);
            measure(
                    "PostgreSQL, LISTEN/NOTIFY push",
                    () -> StateStores.open(postgres.jdbcUrl() + "&maintenanceNamespace=bench", options),
                    Duration.ofSeconds(5),
                    changes);
            measure(
                    "file, directory watch",
                    () -> StateStores.open("file:" + dir.resolve("state.json"), options),
                    Duration.ofSeconds(5),
                    changes);
            measure(
                    "Memcached, polling (1 s)",
                    () -> StateStores.open("memcached://" + memcached.address() + "?namespace=bench", options),
                    Duration.ofSeconds(1),
                    Math.min(changes, 50));
            measure(
                    "Redis, push off: polling (1 s)",
                    () -> new WithoutChangeFeed(StateStores.open(redis.uri() + "?namespace=poll", options)),
                    Duration.ofSeconds(1),
                    Math.min(changes, 50));
        } finally {
            redis.stop();
            postgres.stop();
            memcached.stop();
        }
    }

    private interface Opener {
        StateStore open();
    }

    private static void measure(String name, Opener opener, Duration pollInterval, int changes) throws Exception {
        if (!only.isEmpty() && only.stream().noneMatch(name.toLowerCase(Locale.ROOT)::contains)) {
            return;
        }
        try (StateStore writer = opener.open();
                StateStore readerStore = opener.open();
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
            List<Double> millis = new ArrayList<>();
            long version = writer.read().version();
            for (int i = 0; i < changes; i++) {
                CountDownLatch latch = new CountDownLatch(1);
                latches.put(version + 1, latch);
                MaintenanceState proposed = MaintenanceState.builder()
                        .enabled(i % 2 == 0)
                        .reason("change " + i)
                        .build();
                long start = System.nanoTime();
                MaintenanceState stored =
                        writer.compareAndSet(version, proposed, new Change("bench", "bench", "bench", Instant.now()));
                version = stored.version();
                if (!latch.await(pollInterval.toMillis() * 3 + 5000, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(name + ": change " + version + " never arrived");
                }
                millis.add((appliedAt.get(version) - start) / 1e6);
            }
            Collections.sort(millis);
            System.out.printf(
                    "%-34s %8d %10.1f %10.1f %10.1f%n",
                    name, changes, percentile(millis, 50), percentile(millis, 99), millis.get(millis.size() - 1));
        }
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static void start(ExternalServer server) throws Exception {
        server.beforeAll(null);
    }
}
