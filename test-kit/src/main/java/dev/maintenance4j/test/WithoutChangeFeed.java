package dev.maintenance4j.test;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.spi.ForwardingStateStore;
import dev.maintenance4j.spi.StateStore;
import java.util.function.Consumer;

/**
 * A store with its change feed turned off: instances on it find changes by polling only. For tests of
 * the polling fallback (a missed push) and for measuring what polling alone gives.
 */
public final class WithoutChangeFeed extends ForwardingStateStore {

    public WithoutChangeFeed(StateStore delegate) {
        super(delegate);
    }

    @Override
    public Subscription watch(Consumer<MaintenanceState> listener) {
        return () -> {};
    }

    @Override
    public String describe() {
        return "no-push " + super.describe();
    }
}
