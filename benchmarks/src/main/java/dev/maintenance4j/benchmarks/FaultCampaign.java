package dev.maintenance4j.benchmarks;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStores;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.testing.servers.ExternalServer;
import dev.maintenance4j.testing.servers.MemcachedServer;
import dev.maintenance4j.testing.servers.PostgresServer;
import dev.maintenance4j.testing.servers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.utils.AddrUtil;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The fault campaign (issue #15) on a shared store (Redis, PostgreSQL or Memcached): three instances,
 * each a {@link Maintenance} on its own connection behind the servlet filter in one embedded Tomcat,
 * under steady HTTP load, while two operators change maintenance concurrently through compare-and-set,
 * as the CLI does. Faults, each during load: the store SIGKILLed and restarted (Redis and Memcached come
 * back empty: they keep nothing), frozen with SIGSTOP and resumed, for the caches a flush, and for
 * PostgreSQL the operator's fast restart ({@code pg_ctl restart -m fast}). For each
 * fault it records:
 * <ul>
 *   <li>responses that were server errors other than the maintenance response (503);</li>
 *   <li>how long each instance took after the fault healed to serve the state the store holds;</li>
 *   <li>acknowledged changes lost (the state after the fault is not the last acknowledged one) and versions
 *       acknowledged twice (a lost update between the operators);</li>
 *   <li>threads and file descriptors before and after, for leaks.</li>
 * </ul>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.maintenance4j.benchmarks.FaultCampaign [redis|postgres|memcached] [ROUNDS] [FREEZE_SECONDS]};
 * {@code benchmarks/fault-campaign.sh} builds and runs it. {@code FaultCampaignIT} runs one short round in
 * {@code ./mvnw verify}.
 */
public final class FaultCampaign {

    private static final int INSTANCES = 3;
    private static final int OPERATORS = 2;

    /**
     * What one fault did.
     *
     * @param fault              what was done to the store
     * @param requests           HTTP requests served meanwhile
     * @param serverErrors       responses 500 or above, other than the maintenance response's 503
     * @param acknowledged       changes the operators were told succeeded
     * @param failedChanges      changes refused because the store was unreachable (told so, nothing stored)
     * @param lostAcknowledged   1 when the state after the fault is not the last acknowledged change
     * @param reusedVersions     versions acknowledged again during this fault's window (a version number given to
     *                           two changes: one of them was lost)
     * @param convergenceMillis  per instance, from the fault healing until it served the store's state
     * @param threads            live threads after the fault
     * @param fds                open file descriptors after the fault
     */
    public record FaultResult(
            String fault,
            long requests,
            long serverErrors,
            long acknowledged,
            long failedChanges,
            long lostAcknowledged,
            long reusedVersions,
            List<Long> convergenceMillis,
            int threads,
            long fds) {

        long maxConvergence() {
            return convergenceMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        long medianConvergence() {
            List<Long> sorted = convergenceMillis.stream().sorted().toList();
            return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
        }
    }

    /**
     * The whole campaign's outcome.
     *
     * @param faults        one result per fault, in order
     * @param threadsBefore live threads once everything ran for a while
     * @param threadsAfter  live threads after the last fault
     * @param fdsBefore     open file descriptors then
     * @param fdsAfter      open file descriptors after the last fault
     */
    public record Outcome(
            List<FaultResult> faults, int threadsBefore, int threadsAfter, long fdsBefore, long fdsAfter) {}

    /** The shared stores the campaign runs on. */
    public enum Store {
        REDIS,
        POSTGRES,
        MEMCACHED
    }

    private FaultCampaign() {}

    public static void main(String[] args) throws Exception {
        Store store = args.length > 0 ? Store.valueOf(args[0].toUpperCase(Locale.ROOT)) : Store.REDIS;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Duration freeze = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 10);
        Outcome outcome = run(store, rounds, freeze, Duration.ofSeconds(3));
        System.out.println(store.name().toLowerCase(Locale.ROOT) + ":");
        System.out.println(
                "| fault | requests | 5xx (not 503) | acknowledged changes | refused (store down) | lost acknowledged "
                        + "| versions reused | convergence p50 / max (ms) | threads, fds after |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (FaultResult r : outcome.faults()) {
            System.out.printf(
                    "| %s | %d | %d | %d | %d | %d | %d | %d / %d | %d, %d |%n",
                    r.fault(),
                    r.requests(),
                    r.serverErrors(),
                    r.acknowledged(),
                    r.failedChanges(),
                    r.lostAcknowledged(),
                    r.reusedVersions(),
                    r.medianConvergence(),
                    r.maxConvergence(),
                    r.threads(),
                    r.fds());
        }
        System.out.printf(
                "threads %d -> %d, file descriptors %d -> %d%n",
                outcome.threadsBefore(), outcome.threadsAfter(), outcome.fdsBefore(), outcome.fdsAfter());
    }

    /** Runs {@code rounds} rounds of the store's faults, each after {@code load} of steady load. */
    public static Outcome run(Store kind, int rounds, Duration freeze, Duration load) throws Exception {
        ExternalServer server = switch (kind) {
            case REDIS -> new RedisServer();
            case POSTGRES -> new PostgresServer();
            case MEMCACHED -> new MemcachedServer();
        };
        server.beforeAll(null);
        Path base = Files.createTempDirectory("fault-campaign");
        String uri = switch (kind) {
            case REDIS -> ((RedisServer) server).uri() + "?namespace=campaign";
            case POSTGRES -> ((PostgresServer) server).jdbcUrl() + "&maintenanceNamespace=campaign";
            case MEMCACHED -> "memcached://" + ((MemcachedServer) server).address() + "?namespace=campaign";
        };
        String restarted = kind == Store.POSTGRES ? "restarted 2 s later" : "restarted empty 2 s later";
        List<NamedFault> faults = new ArrayList<>(List.of(
                new NamedFault(kind.name().toLowerCase(Locale.ROOT) + " SIGKILLed, " + restarted, () -> {
                    server.kill();
                    Thread.sleep(2000);
                    server.start();
                }),
                new NamedFault(
                        kind.name().toLowerCase(Locale.ROOT) + " frozen (SIGSTOP) " + freeze.toSeconds()
                                + " s, then resumed",
                        () -> {
                            server.freeze();
                            Thread.sleep(freeze.toMillis());
                            server.thaw();
                        })));
        if (kind == Store.POSTGRES) {
            faults.add(new NamedFault(
                    "postgres restarted as pg_ctl restart -m fast does",
                    () -> ((PostgresServer) server).restartFast()));
        } else if (kind == Store.REDIS) {
            faults.add(new NamedFault("redis FLUSHALL", () -> {
                RedisClient admin = RedisClient.create(((RedisServer) server).uri());
                try (StatefulRedisConnection<String, String> c = admin.connect()) {
                    c.sync().flushall();
                } finally {
                    admin.shutdown();
                }
            }));
        } else if (kind == Store.MEMCACHED) {
            faults.add(new NamedFault("memcached flush_all", () -> {
                MemcachedClient admin = new XMemcachedClientBuilder(
                                AddrUtil.getAddresses(((MemcachedServer) server).address()))
                        .build();
                try {
                    admin.flushAll();
                } finally {
                    admin.shutdown();
                }
            }));
        }
        StoreOptions options = new StoreOptions(SafeDefault.OPEN, Duration.ofSeconds(1), Clock.systemUTC());
        List<AutoCloseable> closing = new ArrayList<>();
        Tomcat tomcat = new Tomcat();
        try {
            List<Maintenance> instances = new ArrayList<>();
            tomcat.setBaseDir(base.toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            for (int i = 0; i < INSTANCES; i++) {
                StateStore store = StateStores.open(uri, options);
                closing.add(store);
                Maintenance instance = Maintenance.builder(store)
                        .pollInterval(Duration.ofSeconds(1))
                        .instanceId("instance-" + i)
                        .build()
                        .start();
                closing.add(instance);
                instances.add(instance);
                HttpOverheadServer.addApp(
                        tomcat,
                        base,
                        "/i" + i,
                        MaintenanceFilter.builder(instance).build(),
                        new HttpOverheadServer.Hello());
            }
            tomcat.start();
            int port = connector.getLocalPort();
            StateStore checker = StateStores.open(uri, options);
            closing.add(checker);

            Load loadThreads = new Load(port);
            Operators operators = new Operators(uri, options, closing);
            operators.start();
            Thread.sleep(load.toMillis());
            int threadsBefore = threads();
            long fdsBefore = fds();
            List<FaultResult> results = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (NamedFault fault : faults) {
                    results.add(fault(fault.name(), load, loadThreads, operators, instances, checker, fault.fault()));
                }
            }
            operators.stop();
            loadThreads.stop();
            Thread.sleep(500);
            return new Outcome(results, threadsBefore, threads(), fdsBefore, fds());
        } finally {
            tomcat.stop();
            tomcat.destroy();
            Collections.reverse(closing);
            for (AutoCloseable c : closing) {
                c.close();
            }
            server.afterAll(null);
        }
    }

    private record NamedFault(String name, Fault fault) {}

    @FunctionalInterface
    private interface Fault {
        void inject() throws Exception;
    }

    private static FaultResult fault(
            String name,
            Duration load,
            Load http,
            Operators operators,
            List<Maintenance> instances,
            StateStore checker,
            Fault fault)
            throws Exception {
        long requests = http.requests.get();
        long errors = http.serverErrors.get();
        long acknowledgedBefore = operators.acknowledged();
        long failedBefore = operators.failed.get();
        long reusedBefore = operators.reusedVersions();
        Thread.sleep(load.toMillis());
        fault.inject();
        // the fault healed: operators pause, so "the store's state" stays put while the instances converge
        operators.pause();
        long healed = System.nanoTime();
        MaintenanceState target = null;
        List<Long> convergence = new ArrayList<>();
        boolean[] done = new boolean[instances.size()];
        long deadline = healed + Duration.ofSeconds(60).toNanos();
        while (convergence.size() < instances.size() && System.nanoTime() < deadline) {
            try {
                target = checker.read();
            } catch (StoreException stillDown) {
                Thread.sleep(20);
                continue;
            }
            for (int i = 0; i < instances.size(); i++) {
                MaintenanceState served = instances.get(i).state();
                if (!done[i] && served.version() == target.version() && served.sameSettingsAs(target)) {
                    done[i] = true;
                    convergence.add(Duration.ofNanos(System.nanoTime() - healed).toMillis());
                }
            }
            Thread.sleep(20);
        }
        Acknowledged last = operators.last();
        // the last acknowledged change must be what the store holds once the operators paused
        boolean kept = last == null
                || (target != null
                        && (target.version() > last.version()
                                || (target.version() == last.version() && target.sameSettingsAs(last.state()))));
        long lost = kept ? 0 : 1;
        operators.resume();
        return new FaultResult(
                name,
                http.requests.get() - requests,
                http.serverErrors.get() - errors,
                operators.acknowledged() - acknowledgedBefore,
                operators.failed.get() - failedBefore,
                lost,
                operators.reusedVersions() - reusedBefore,
                convergence,
                threads(),
                fds());
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long fds() throws IOException {
        Path fd = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fd)) {
            return -1;
        }
        try (Stream<Path> open = Files.list(fd)) {
            return open.count();
        }
    }

    /** Two threads sending GETs round-robin to the instances, counting what comes back. */
    private static final class Load {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(int port) {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            for (int t = 0; t < 2; t++) {
                Thread thread = new Thread(
                        () -> {
                            for (long n = 0; running.get(); n++) {
                                URI uri = URI.create("http://127.0.0.1:" + port + "/i" + (n % INSTANCES) + "/hello");
                                try {
                                    int status = http.send(
                                                    HttpRequest.newBuilder(uri)
                                                            .timeout(Duration.ofSeconds(5))
                                                            .build(),
                                                    HttpResponse.BodyHandlers.discarding())
                                            .statusCode();
                                    requests.incrementAndGet();
                                    if (status >= 500 && status != 503) {
                                        serverErrors.incrementAndGet();
                                    }
                                    Thread.sleep(2);
                                } catch (IOException e) {
                                    requests.incrementAndGet();
                                    serverErrors.incrementAndGet();
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "campaign-load-" + t);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    /** A change an operator was told succeeded. */
    private record Acknowledged(long version, MaintenanceState state, long atNanos) {}

    /** Two operators switching maintenance on and off through compare-and-set, as the CLI does, recording what was acknowledged. */
    private static final class Operators {
        final AtomicLong failed = new AtomicLong();
        private final List<Acknowledged> acknowledged = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicBoolean paused = new AtomicBoolean();
        /** Operators inside an attempt: counted before they look at {@link #paused}, so pause() can wait for them. */
        private final AtomicInteger inFlight = new AtomicInteger();

        private final List<Thread> threads = new ArrayList<>();
        private final List<MaintenanceControl> controls = new ArrayList<>();

        Operators(String uri, StoreOptions options, List<AutoCloseable> closing) {
            for (int o = 0; o < OPERATORS; o++) {
                StateStore store = StateStores.open(uri, options);
                closing.add(store);
                controls.add(MaintenanceControl.of(store, Clock.systemUTC()));
            }
        }

        void start() {
            for (int o = 0; o < OPERATORS; o++) {
                MaintenanceControl control = controls.get(o);
                Actor actor = new Actor("operator-" + o, "campaign");
                Thread thread = new Thread(
                        () -> {
                            for (long n = 0; running.get(); n++) {
                                inFlight.incrementAndGet();
                                try {
                                    if (paused.get()) {
                                        inFlight.decrementAndGet();
                                        Thread.sleep(10);
                                        continue;
                                    }
                                    MaintenanceControl.Result result = n % 2 == 0
                                            ? control.enable(
                                                    EnableOptions.builder()
                                                            .reason(actor.name() + " change " + n)
                                                            .build(),
                                                    actor)
                                            : control.disable(actor);
                                    if (result.changed()) {
                                        acknowledged.add(new Acknowledged(
                                                result.after().version(), result.after(), System.nanoTime()));
                                    }
                                    inFlight.decrementAndGet();
                                    Thread.sleep(25);
                                } catch (StoreException e) {
                                    inFlight.decrementAndGet();
                                    failed.incrementAndGet();
                                    try {
                                        Thread.sleep(100);
                                    } catch (InterruptedException stop) {
                                        return;
                                    }
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "campaign-operator-" + o);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        long acknowledged() {
            return acknowledged.size();
        }

        /** Pauses the operators, once every change in flight is acknowledged or refused (a minute at most). */
        void pause() throws InterruptedException {
            paused.set(true);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (inFlight.get() > 0) {
                throw new IllegalStateException("an operator's change is still in flight a minute after the pause");
            }
        }

        void resume() {
            paused.set(false);
        }

        Acknowledged last() {
            synchronized (acknowledged) {
                return acknowledged.stream()
                        .max(Comparator.comparingLong(Acknowledged::atNanos))
                        .orElse(null);
            }
        }

        long reusedVersions() {
            synchronized (acknowledged) {
                Set<Long> seen = new HashSet<>();
                return acknowledged.stream().filter(a -> !seen.add(a.version())).count();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
