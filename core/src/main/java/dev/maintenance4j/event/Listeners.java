package dev.maintenance4j.event;

import dev.maintenance4j.spi.StateStore.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A thread-safe set of listeners that isolates each one's failures. */
public final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<MaintenanceListener> listeners = new CopyOnWriteArrayList<>();

    public Subscription add(MaintenanceListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    public void publish(MaintenanceEvent event) {
        for (MaintenanceListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("Maintenance listener {} failed on {}: {}", listener, event.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }
}
