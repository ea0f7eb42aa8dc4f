package dev.maintenance4j.spi;

import dev.maintenance4j.MaintenanceState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link StateStore} that passes every call to another one: extend it and override what a decorator
 * changes (count reads, turn pushes off, fail on demand, add a cache), the way Togglz composes its state
 * repositories.
 */
public abstract class ForwardingStateStore implements StateStore {

    private final StateStore delegate;

    protected ForwardingStateStore(StateStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The store calls are passed to. */
    protected final StateStore delegate() {
        return delegate;
    }

    @Override
    public StoredState readStored() {
        return delegate.readStored();
    }

    @Override
    public boolean restoreIfAbsent(MaintenanceState known) {
        return delegate.restoreIfAbsent(known);
    }

    @Override
    public boolean mayDropChanges() {
        return delegate.mayDropChanges();
    }

    @Override
    public MaintenanceState compareAndSet(long expectedVersion, MaintenanceState proposed, Change change) {
        return delegate.compareAndSet(expectedVersion, proposed, change);
    }

    @Override
    public MaintenanceState compareAndSet(StoredState read, MaintenanceState proposed, Change change) {
        return delegate.compareAndSet(read, proposed, change);
    }

    @Override
    public List<AuditRecord> history(int limit) {
        return delegate.history(limit);
    }

    @Override
    public Subscription watch(Consumer<MaintenanceState> listener) {
        return delegate.watch(listener);
    }

    @Override
    public Optional<InstanceRegistry> instanceRegistry() {
        return delegate.instanceRegistry();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
