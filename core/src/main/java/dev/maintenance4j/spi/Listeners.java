package dev.maintenance4j.spi;

import dev.maintenance4j.spi.StateStore.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread-safe set of listeners of one kind (maintenance events, or a store's new states), each
 * isolated from the others' failures.
 *
 * @param <T> what the listeners are told about
 */
public final class Listeners<T> {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<Consumer<? super T>> listeners = new CopyOnWriteArrayList<>();

    public Subscription add(Consumer<? super T> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    public void publish(T value) {
        for (Consumer<? super T> listener : listeners) {
            try {
                listener.accept(value);
            } catch (RuntimeException e) {
                log.warn(
                        "Maintenance listener failed on {}: {}",
                        value.getClass().getSimpleName(),
                        e.toString(),
                        e);
            }
        }
    }
}
