package dev.maintenance4j.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.test.InMemoryStateStore;
import dev.maintenance4j.test.ManualScheduler;
import dev.maintenance4j.test.MutableClock;
import dev.maintenance4j.test.WithoutChangeFeed;
import dev.maintenance4j.time.Scheduler;
import dev.maintenance4j.time.ThreadScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The view's and the instance's timed work (window boundaries, polling, heartbeats) on a manual clock and
 * scheduler: each test moves time by hand and checks what ran, without waiting for the wall clock.
 */
class ScheduledWorkTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        store.close();
    }

    private static Change change() {
        return new Change("down", "alice", "test", T0);
    }

    private static MaintenanceState on(String reason) {
        return MaintenanceState.builder()
                .enabled(true)
                .mode(Mode.FULL)
                .reason(reason)
                .build();
    }

    private MaintenanceView view(StateStore s, Duration pollInterval) {
        MaintenanceView view = MaintenanceView.builder(s)
                .clock(clock)
                .scheduler(scheduler)
                .pollInterval(pollInterval)
                .build();
        toClose.add(view);
        return view;
    }

    @Test
    void aScheduledWindowPublishesActivationWhenItStartsAndDeactivationWhenItEnds() {
        Instant start = T0.plusMillis(300);
        store.compareAndSet(
                0,
                on("window").toBuilder()
                        .startsAt(start)
                        .until(start.plusMillis(300))
                        .build(),
                change());
        MaintenanceView view = view(store, Duration.ofSeconds(30));
        List<String> events = new CopyOnWriteArrayList<>();
        view.addListener(e -> events.add(e.getClass().getSimpleName() + "@"
                + Duration.between(T0, e.at()).toMillis()));
        view.start();

        scheduler.advance(Duration.ofMillis(299));
        assertThat(events).isEmpty();
        scheduler.advance(Duration.ofMillis(2));
        assertThat(events).containsExactly("Activated@301");
        scheduler.advance(Duration.ofMillis(300));
        assertThat(events).containsExactly("Activated@301", "Deactivated@601");
    }

    @Test
    void aWindowEndingInTheYear9999IsScheduledOnARealThread() {
        store.compareAndSet(
                0,
                on("for ever").toBuilder()
                        .until(Instant.parse("9999-12-31T23:59:59Z"))
                        .build(),
                change());
        try (ThreadScheduler thread = Scheduler.ofThread("test");
                MaintenanceView view =
                        MaintenanceView.builder(store).scheduler(thread).build().start()) {
            assertThat(view.current().isActiveAt(Instant.now())).isTrue();
        }
    }

    @Test
    void aChangeTheFeedMissedIsFoundByTheNextPoll() {
        MaintenanceView view =
                view(new WithoutChangeFeed(store), Duration.ofSeconds(5)).start();
        MaintenanceState v1 = store.compareAndSet(0, on("missed by the feed"), change());

        scheduler.advance(Duration.ofMillis(4_999));
        assertThat(view.current().version()).isZero();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(view.current()).isEqualTo(v1);
    }

    @Test
    void anInstanceReportsAtStartEveryHeartbeatAndAtOnceWhenANewStateIsApplied() {
        Maintenance maintenance = Maintenance.builder(new WithoutChangeFeed(store))
                .clock(clock)
                .scheduler(scheduler)
                .heartbeat(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMinutes(10))
                .instanceId("i-1")
                .build()
                .start();
        toClose.add(maintenance);
        scheduler.runDue();
        assertThat(store.reports()).extracting(InstanceReport::lastSeen).containsExactly(T0);

        scheduler.advance(Duration.ofMillis(1_999));
        assertThat(store.reports()).extracting(InstanceReport::lastSeen).containsExactly(T0);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(store.reports()).extracting(InstanceReport::lastSeen).containsExactly(T0.plusSeconds(2));

        scheduler.advance(Duration.ofMillis(500));
        MaintenanceState v1 = store.compareAndSet(0, on("reported at once"), change());
        maintenance.view().refresh();
        scheduler.runDue();
        assertThat(store.reports())
                .singleElement()
                .satisfies(r -> assertThat(r.appliedVersion()).isEqualTo(v1.version()))
                .satisfies(r -> assertThat(r.lastSeen()).isEqualTo(T0.plusMillis(2_500)));
    }
}
