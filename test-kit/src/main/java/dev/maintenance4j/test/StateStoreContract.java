package dev.maintenance4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.net.IpAllowList;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.InstanceRegistry;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoredState;
import dev.maintenance4j.spi.VersionConflictException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} must show: a store proves itself by a test that extends this
 * class and supplies stores on one backend and a way to corrupt the stored data. All four shipped stores
 * run it.
 *
 * <pre>{@code
 * class MyStoreTest extends StateStoreContract {
 *     private final MyBackend backend = MyBackend.fresh();
 *     protected StateStore newStore(SafeDefault safeDefault) { return new MyStore(backend, safeDefault); }
 *     protected void corruptStoredState() { backend.put("state", "{not json".getBytes(UTF_8)); }
 * }
 * }</pre>
 *
 * <p>A store with an {@linkplain StateStore#instanceRegistry() instance registry} also has it checked.
 */
public abstract class StateStoreContract {

    protected static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final List<StateStore> opened = new ArrayList<>();
    private final String namespace = "t" + UUID.randomUUID().toString().substring(0, 8);
    protected StateStore store;

    /**
     * A namespace of this test's own (JUnit makes a new instance per test): stores on a server the tests
     * share open their stores in it, so every test starts on a fresh, empty backend.
     */
    protected final String namespace() {
        return namespace;
    }

    /** A store on a fresh, empty backend (the first call of a test) or on the same backend (later calls). */
    protected abstract StateStore newStore(SafeDefault safeDefault);

    /** Overwrites the stored state with bytes that are not a valid state. */
    protected abstract void corruptStoredState() throws Exception;

    /** False for stores without push (Memcached): their change feed must then never fire. */
    protected boolean pushesChanges() {
        return true;
    }

    /** The longest a change may take to reach another store's watcher. */
    protected Duration propagationBound() {
        return Duration.ofSeconds(5);
    }

    @BeforeEach
    void openStore() {
        store = open(SafeDefault.OPEN);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(StateStore::close);
    }

    protected StateStore open(SafeDefault safeDefault) {
        StateStore s = newStore(safeDefault);
        opened.add(s);
        return s;
    }

    protected static Change change(String action) {
        return new Change(action, "alice", "test@host", T0);
    }

    protected static MaintenanceState down(String reason) {
        return MaintenanceState.builder()
                .enabled(true)
                .mode(Mode.FULL)
                .reason(reason)
                .since(T0)
                .build();
    }

    @Test
    void anEmptyStoreIsOffAtVersionZero() {
        assertThat(store.read()).isEqualTo(MaintenanceState.off());
        assertThat(store.history(10)).isEmpty();
    }

    @Test
    void compareAndSetStoresTheNextVersionWithItsActor() {
        MaintenanceState stored = store.compareAndSet(0, down("upgrade"), change("down"));
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.actor()).isEqualTo("alice");
        assertThat(stored.reason()).isEqualTo("upgrade");
        assertThat(store.read()).isEqualTo(stored);
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        MaintenanceState full = MaintenanceState.builder()
                .enabled(true)
                .mode(Mode.READ_ONLY)
                .reason("Ünïcödé \"quoted\"\nline")
                .since(T0)
                .startsAt(T0.plusSeconds(60))
                .until(T0.plusSeconds(3600))
                .retryAfter(Duration.ofSeconds(90))
                .refresh(Duration.ofSeconds(30))
                .allowed(IpAllowList.parse(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.1")))
                .secret(BypassSecret.generate(new SecureRandom()).stored())
                .redirect("/status?from=maintenance")
                .statusCode(502)
                .build();
        MaintenanceState stored = store.compareAndSet(0, full, change("down"));
        assertThat(open(SafeDefault.OPEN).read()).isEqualTo(stored);
        assertThat(stored.sameSettingsAs(full)).isTrue();
    }

    @Test
    void aStaleWriterGetsAConflictAndChangesNothing() {
        store.compareAndSet(0, down("first"), change("down"));
        assertThatThrownBy(() -> store.compareAndSet(0, down("second"), change("down")))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.expectedVersion()).isZero();
                    assertThat(e.actualVersion()).isEqualTo(1);
                });
        assertThat(store.read().reason()).isEqualTo("first");
        assertThat(store.history(10)).hasSize(1);
    }

    @Test
    void aWriteOnAReadThatWentStaleIsAConflictNeverALostUpdate() {
        store.compareAndSet(0, down("first"), change("down"));
        StoredState read = store.readStored();
        MaintenanceState second = open(SafeDefault.OPEN).compareAndSet(1, down("second"), change("down"));
        assertThatThrownBy(() -> store.compareAndSet(read, down("third"), change("down")))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.expectedVersion()).isEqualTo(1);
                    assertThat(e.actualVersion()).isEqualTo(2);
                });
        assertThat(store.read()).isEqualTo(second);

        MaintenanceState third = store.compareAndSet(store.readStored(), down("third"), change("up"));
        assertThat(third.version()).isEqualTo(3);
        assertThat(store.read()).isEqualTo(third);
        assertThat(store.history(10))
                .extracting(r -> r.change().action() + " v" + r.version() + " after v"
                        + r.before().version())
                .containsExactly("up v3 after v2", "down v2 after v1", "down v1 after v0");
    }

    @Test
    void concurrentWritersOnTheSameVersionHaveExactlyOneWinner() throws Exception {
        StateStore other = open(SafeDefault.OPEN);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                StateStore s = i % 2 == 0 ? store : other;
                String reason = "writer " + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        s.compareAndSet(0, down(reason), change("down"));
                        return true;
                    } catch (VersionConflictException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(store.read().version()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void historyRecordsWhoWhenFromWhereAndBeforeAfterNewestFirst() {
        MaintenanceState v1 = store.compareAndSet(0, down("one"), new Change("down", "alice", "cli@a", T0));
        MaintenanceState v2 = store.compareAndSet(
                1, v1.toBuilder().reason("two").build(), new Change("down", "bob", "10.0.0.7", T0.plusSeconds(5)));
        store.compareAndSet(2, MaintenanceState.off(), new Change("up", "carol", "api", T0.plusSeconds(9)));
        List<AuditRecord> history = store.history(10);
        assertThat(history).extracting(AuditRecord::version).containsExactly(3L, 2L, 1L);
        AuditRecord second = history.get(1);
        assertThat(second.change()).isEqualTo(new Change("down", "bob", "10.0.0.7", T0.plusSeconds(5)));
        assertThat(second.before()).isEqualTo(v1);
        assertThat(second.after()).isEqualTo(v2);
        assertThat(history.get(0).after().enabled()).isFalse();
        assertThat(store.history(2)).extracting(AuditRecord::version).containsExactly(3L, 2L);
    }

    @Test
    void theChangeFeedDeliversChangesMadeThroughAnotherStore() {
        List<MaintenanceState> seen = new CopyOnWriteArrayList<>();
        try (StateStore.Subscription ignored = store.watch(seen::add)) {
            StateStore writer = open(SafeDefault.OPEN);
            MaintenanceState stored = writer.compareAndSet(0, down("pushed"), change("down"));
            if (pushesChanges()) {
                await().atMost(propagationBound())
                        .untilAsserted(() -> assertThat(seen).contains(stored));
            } else {
                await().during(Duration.ofMillis(500))
                        .atMost(Duration.ofSeconds(1))
                        .until(seen::isEmpty);
                assertThat(store.read()).as("polling sees it").isEqualTo(stored);
            }
        }
    }

    @Test
    void corruptDataGivesTheSafeDefaultAndCanBeOverwritten() throws Exception {
        store.compareAndSet(0, down("before corruption"), change("down"));
        corruptStoredState();
        assertThat(store.read()).isEqualTo(SafeDefault.OPEN.state());
        assertThat(open(SafeDefault.CLOSED).read()).isEqualTo(SafeDefault.CLOSED.state());
        assertThat(store.readStored().readable()).isFalse();
        assertThat(store.readStored().unreadable()).isNotBlank();
        MaintenanceState repaired = store.compareAndSet(0, down("repaired"), change("down"));
        assertThat(store.read()).isEqualTo(repaired);
        assertThat(store.readStored().readable()).isTrue();
        assertThat(repaired.version())
                .as("versions never go back, not even over an unreadable state")
                .isGreaterThan(1);
        assertThat(store.history(10).get(0).version()).isEqualTo(repaired.version());
    }

    @Test
    void restoringNeverOverwritesAStoredState() {
        MaintenanceState stored = store.compareAndSet(0, down("stored"), change("down"));
        MaintenanceState other = down("known elsewhere").toBuilder().version(7).build();
        assertThat(store.restoreIfAbsent(other)).isFalse();
        assertThat(store.read()).isEqualTo(stored);
    }

    @Test
    void historyLimitMustBePositive() {
        assertThatThrownBy(() -> store.history(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void instancesReportThemselvesAndAreListed() {
        Optional<InstanceRegistry> maybeRegistry = store.instanceRegistry();
        if (maybeRegistry.isEmpty()) {
            assertThat(MaintenanceControl.of(store, Clock.systemUTC()).instances())
                    .as("a store without a registry lists nobody")
                    .isEmpty();
            return;
        }
        InstanceRegistry registry = maybeRegistry.get();
        InstanceRegistry other = open(SafeDefault.OPEN).instanceRegistry().orElseThrow();
        Instant now = Instant.now();
        InstanceReport a =
                new InstanceReport("host-a:1", "host-a", now.minusSeconds(60), 3, 1, 1, 0, now, Duration.ofSeconds(2));
        InstanceReport b =
                new InstanceReport("host-b:1", "host-b", now.minusSeconds(30), 2, 0, 0, 0, now, Duration.ofSeconds(2));
        registry.heartbeat(a);
        other.heartbeat(b);
        assertThat(registry.instances(now)).containsExactlyInAnyOrder(a, b);
        InstanceReport aLater = new InstanceReport(
                "host-a:1", "host-a", a.startedAt(), 4, 0, 0, 0, now.plusSeconds(2), Duration.ofSeconds(2));
        registry.heartbeat(aLater);
        assertThat(other.instances(now)).containsExactlyInAnyOrder(aLater, b);
        assertThat(aLater.isLiveAt(now.plusSeconds(7))).isTrue();
        assertThat(aLater.isLiveAt(now.plusSeconds(9))).isFalse();
    }

    @Test
    void reportsOlderThanAnHourAreForgotten() {
        Optional<InstanceRegistry> maybeRegistry = store.instanceRegistry();
        if (maybeRegistry.isEmpty()) {
            return;
        }
        InstanceRegistry registry = maybeRegistry.get();
        Instant now = Instant.now();
        InstanceReport gone = new InstanceReport(
                "gone:1", "gone", now.minusSeconds(7200), 1, 0, 0, 0, now.minusSeconds(3700), Duration.ofSeconds(2));
        InstanceReport recent = new InstanceReport(
                "recent:1", "recent", now.minusSeconds(60), 1, 0, 0, 0, now.minusSeconds(3500), Duration.ofSeconds(2));
        registry.heartbeat(gone);
        registry.heartbeat(recent);
        assertThat(registry.instances(now)).containsExactly(recent);
        assertThat(registry.reports())
                .as("the old report was deleted, not only hidden")
                .containsExactly(recent);
    }

    @Test
    void threeWritersChangingTheAllowListConcurrentlyLoseNoUpdate() throws Exception {
        List<MaintenanceControl> writers = List.of(
                MaintenanceControl.of(store, Clock.systemUTC()),
                MaintenanceControl.of(open(SafeDefault.OPEN), Clock.systemUTC()),
                MaintenanceControl.of(open(SafeDefault.OPEN), Clock.systemUTC()));
        int perWriter = 12;
        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers.size(); w++) {
                int id = w;
                MaintenanceControl writer = writers.get(w);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        writer.allow(
                                List.of(CidrBlock.parse("10." + id + "." + i + ".0/24")),
                                new Actor("writer-" + id, "test"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.read().allowed().entries()).hasSize(writers.size() * perWriter);
        assertThat(store.read().version()).isEqualTo(writers.size() * perWriter);
        assertThat(store.history(1000)).hasSize(writers.size() * perWriter);
    }
}
