package dev.maintenance4j.internal;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.spi.StateStore.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of a store's change feed: added, removed, and told about new states, each isolated from the others' failures. */
public final class ChangeFeed {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    private final List<Consumer<MaintenanceState>> listeners = new CopyOnWriteArrayList<>();

    public Subscription add(Consumer<MaintenanceState> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    public void publish(MaintenanceState state) {
        for (Consumer<MaintenanceState> listener : listeners) {
            try {
                listener.accept(state);
            } catch (RuntimeException e) {
                log.warn("Maintenance state listener failed: {}", e.toString(), e);
            }
        }
    }
}
