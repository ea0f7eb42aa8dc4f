package dev.maintenance4j.notify;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.store.file.FileStateStore;
import dev.maintenance4j.test.ManualScheduler;
import dev.maintenance4j.test.MutableClock;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real file store and {@link Maintenance} for notification tests, on a manual clock and scheduler (time
 * moves only when a test advances it), and a notifier that records.
 */
final class NotificationsTestSupport implements AutoCloseable {

    static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final FileStateStore store;
    final Maintenance maintenance;
    final MaintenanceControl control;

    NotificationsTestSupport() throws Exception {
        store = FileStateStore.builder(Files.createTempDirectory("notify").resolve("state.json"))
                .clock(clock)
                .build();
        maintenance = fresh().start();
        control = MaintenanceControl.of(store, maintenance.clock());
    }

    /** Another instance on the same store, clock and scheduler (not started). */
    Maintenance fresh() {
        return Maintenance.builder(store)
                .clock(clock)
                .scheduler(scheduler)
                .pollInterval(Duration.ofMillis(100))
                .build();
    }

    void enable(EnableOptions options) {
        control.enable(options, new Actor("alice", "test"));
        maintenance.view().refresh();
    }

    void disable() {
        control.disable(new Actor("alice", "test"));
        maintenance.view().refresh();
    }

    @Override
    public void close() {
        maintenance.close();
        store.close();
    }

    /** Keeps what it is given. */
    static final class Recording implements Notifier {
        final List<Notification> received = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void deliver(Notification notification) {
            received.add(notification);
        }

        List<NotificationType> types() {
            return received.stream().map(Notification::type).toList();
        }
    }
}
