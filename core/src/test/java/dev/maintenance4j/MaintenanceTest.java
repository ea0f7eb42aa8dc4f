package dev.maintenance4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.decision.Outcome;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.operation.OperationClass;
import dev.maintenance4j.spi.ForwardingStateStore;
import dev.maintenance4j.spi.InstanceRegistry;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoredState;
import dev.maintenance4j.store.file.FileStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceTest {

    @TempDir
    Path dir;

    @Test
    void decidesFromTheLiveStateAndPublishesRequestEvents() {
        try (FileStateStore store = FileStateStore.builder(dir.resolve("state.json"))
                        .pollInterval(Duration.ofMillis(50))
                        .build();
                Maintenance maintenance = Maintenance.builder(store)
                        .pollInterval(Duration.ofMillis(50))
                        .build()
                        .start()) {
            List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
            maintenance.addListener(events::add);
            MaintenanceRequest.Simple stranger =
                    MaintenanceRequest.of("POST", "/orders").withClient("192.0.2.1");
            MaintenanceRequest.Simple friend =
                    MaintenanceRequest.of("POST", "/orders").withClient("10.1.1.1");

            assertThat(maintenance.decide(stranger).allowed()).isTrue();
            assertThat(events).isEmpty();

            MaintenanceControl.of(store, Clock.systemUTC())
                    .enable(
                            EnableOptions.builder()
                                    .reason("upgrade")
                                    .allowed(List.of(CidrBlock.parse("10.0.0.0/8")))
                                    .build(),
                            new Actor("alice", "test"));
            Awaitility.await().until(() -> maintenance.state().enabled());

            assertThat(maintenance.decide(stranger).outcome()).isEqualTo(Outcome.BLOCKED);
            assertThat(maintenance.decide(friend).outcome()).isEqualTo(Outcome.BYPASS_IP);
            assertThat(events).hasSize(3);
            assertThat(events.get(0)).isInstanceOf(MaintenanceEvent.Activated.class);
            assertThat(events.get(1)).isInstanceOfSatisfying(MaintenanceEvent.Blocked.class, e -> {
                assertThat(e.method()).isEqualTo("POST");
                assertThat(e.path()).isEqualTo("/orders");
                assertThat(e.clientAddress()).isEqualTo("192.0.2.1");
            });
            assertThat(events.get(2))
                    .isInstanceOfSatisfying(
                            MaintenanceEvent.Bypassed.class,
                            e -> assertThat(e.decision().outcome()).isEqualTo(Outcome.BYPASS_IP));
        }
    }

    @Test
    void aClosedInstanceTakesItsReportOutOfTheRegistryAtOnce() {
        try (FileStateStore store =
                FileStateStore.builder(dir.resolve("state.json")).build()) {
            Maintenance stays =
                    Maintenance.builder(store).instanceId("stays").build().start();
            Maintenance leaves =
                    Maintenance.builder(store).instanceId("leaves").build().start();
            Awaitility.await().until(() -> reported(store).containsAll(List.of("stays", "leaves")));
            leaves.close();
            assertThat(reported(store))
                    .as("gone now, not after three missed heartbeats")
                    .containsExactly("stays");
            stays.close();
            stays.close(); // idempotent
            assertThat(reported(store)).isEmpty();
        }
    }

    @Test
    void aHeartbeatInProgressWhenTheInstanceClosesIsNotWrittenBackAfterIt() throws Exception {
        try (FileStateStore file =
                FileStateStore.builder(dir.resolve("state.json")).build()) {
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            AtomicInteger heartbeats = new AtomicInteger();
            InstanceRegistry registry = file.instanceRegistry().orElseThrow();
            // the second heartbeat stalls, as one does against a slow store, until the test lets it finish
            InstanceRegistry slow = new InstanceRegistry() {
                @Override
                public void heartbeat(InstanceReport report) {
                    if (heartbeats.incrementAndGet() == 2) {
                        writing.countDown();
                        awaitQuietly(finish);
                    }
                    registry.heartbeat(report);
                }

                @Override
                public List<InstanceReport> reports() {
                    return registry.reports();
                }

                @Override
                public void forget(String instanceId) {
                    registry.forget(instanceId);
                }
            };
            StateStore store = new ForwardingStateStore(file) {
                @Override
                public Optional<InstanceRegistry> instanceRegistry() {
                    return Optional.of(slow);
                }

                @Override
                public void close() {} // the test closes the file store
            };
            Maintenance leaves = Maintenance.builder(store)
                    .instanceId("leaves")
                    .heartbeat(Duration.ofMillis(20))
                    .build()
                    .start();
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(leaves::close);
            Thread.sleep(100); // close is under way while the heartbeat is stalled
            finish.countDown();
            closing.get(10, TimeUnit.SECONDS);

            assertThat(reported(file))
                    .as("the stalled heartbeat wrote first; the close took the report out after it")
                    .isEmpty();
            assertThat(heartbeats).hasValue(2);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> reported(StateStore store) {
        return store.instanceRegistry().orElseThrow().reports().stream()
                .map(InstanceReport::id)
                .toList();
    }

    @Test
    void aDecisionAtATimeTheCallerReadCountsAndPublishesAtThatTime() {
        try (FileStateStore store = FileStateStore.builder(dir.resolve("state.json"))
                        .pollInterval(Duration.ofMillis(50))
                        .build();
                Maintenance maintenance = Maintenance.builder(store)
                        .pollInterval(Duration.ofMillis(50))
                        .build()
                        .start()) {
            List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
            MaintenanceControl.of(store, Clock.systemUTC())
                    .enable(EnableOptions.builder().reason("upgrade").build(), new Actor("alice", "test"));
            Awaitility.await().until(() -> maintenance.state().enabled());
            maintenance.addListener(events::add);
            Instant then = Instant.parse("2030-01-02T03:04:05.678Z");

            assertThat(maintenance
                            .decide(maintenance.state(), MaintenanceRequest.of("POST", "/orders"), then)
                            .outcome())
                    .isEqualTo(Outcome.BLOCKED);

            assertThat(maintenance.blockedAttempts().snapshot(OperationClass.WRITE, then))
                    .satisfies(s -> assertThat(s.lastBlockedAt()).isEqualTo(then));
            assertThat(events)
                    .singleElement()
                    .isInstanceOfSatisfying(
                            MaintenanceEvent.Blocked.class,
                            e -> assertThat(e.at()).isEqualTo(then));
        }
    }

    @Test
    void anOperatorsChangeAppliesOnThisInstanceAtOnceWithOneReadOfTheStore() {
        try (FileStateStore file =
                        FileStateStore.builder(dir.resolve("state.json")).build();
                ReadCountingStore store = new ReadCountingStore(file);
                Maintenance maintenance = Maintenance.builder(store)
                        .pollInterval(Duration.ofHours(1))
                        .build()
                        .start()) {
            int readsBefore = store.reads.get();
            MaintenanceControl.Result result = maintenance
                    .control()
                    .enable(EnableOptions.builder().reason("upgrade").build(), new Actor("alice", "test"));
            assertThat(maintenance.state())
                    .as("applied without polling or a push")
                    .isEqualTo(result.after());
            assertThat(store.reads.get() - readsBefore)
                    .as("reads of the store for one change")
                    .isEqualTo(1);
        }
    }

    @Test
    void anOperatorsChangeIsNeverBuiltOnAStateTheStoreLost() throws Exception {
        Path stateFile = dir.resolve("state.json");
        try (FileStateStore file = FileStateStore.builder(stateFile).build();
                ReadCountingStore store = new ReadCountingStore(file);
                Maintenance maintenance = Maintenance.builder(store)
                        .pollInterval(Duration.ofHours(1))
                        .build()
                        .start()) {
            MaintenanceControl control = maintenance.control();
            control.enable(EnableOptions.builder().reason("upgrade").build(), new Actor("alice", "test"));
            Files.delete(stateFile); // the store loses its state; this instance has not noticed (no push, no poll)

            MaintenanceControl.Result result = control.enable(
                    EnableOptions.builder().reason("still upgrading").build(), new Actor("bob", "test"));

            assertThat(result.before().reason())
                    .as("built on the state the instance knew")
                    .isEqualTo("upgrade");
            assertThat(result.after().version())
                    .as("versions go on, none is used twice")
                    .isEqualTo(2);
            assertThat(file.history(2))
                    .extracting(r -> r.change().action() + " v" + r.version())
                    .containsExactly("down v2", "restore v1");
        }
    }

    /** A file store whose change feed never fires (polling is an hour), counting reads. */
    private static final class ReadCountingStore extends ForwardingStateStore {
        private final AtomicInteger reads = new AtomicInteger();

        ReadCountingStore(StateStore delegate) {
            super(delegate);
        }

        @Override
        public StoredState readStored() {
            reads.incrementAndGet();
            return super.readStored();
        }

        @Override
        public Subscription watch(Consumer<MaintenanceState> listener) {
            return () -> {}; // reads only: every read is counted
        }

        @Override
        public String describe() {
            return "counting " + super.describe();
        }

        @Override
        public void close() {} // the test closes the store it wraps
    }
}
