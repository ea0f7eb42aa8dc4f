package dev.maintenance4j.notify;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.store.file.FileStateStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real file store and {@link Maintenance} for notification tests, and a notifier that records. */
final class NotificationsTestSupport implements AutoCloseable {

    final FileStateStore store;
    final Maintenance maintenance;
    final MaintenanceControl control;

    NotificationsTestSupport() throws Exception {
        store = FileStateStore.builder(Files.createTempDirectory("notify").resolve("state.json"))
                .build();
        maintenance = Maintenance.builder(store)
                .pollInterval(Duration.ofMillis(100))
                .build()
                .start();
        control = MaintenanceControl.of(store, maintenance.clock());
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
