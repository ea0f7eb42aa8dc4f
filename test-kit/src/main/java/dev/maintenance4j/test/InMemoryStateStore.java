package dev.maintenance4j.test;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.Commit;
import dev.maintenance4j.spi.InstanceRegistry;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.Listeners;
import dev.maintenance4j.spi.StateFormat;
import dev.maintenance4j.spi.StateFormatException;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A store in this JVM's memory, for tests of applications and of maintenance4j itself: no server, no
 * files, the same contract as the shipped stores (compare-and-set, history, change feed, instance
 * registry; it passes {@link StateStoreContract}). It keeps its data in the {@link StateFormat}, as a real
 * store does, so a test can {@linkplain #corrupt corrupt} it and see the safe default.
 *
 * <p>Stores made with {@link #sharing} share one state, as the instances of a service share Redis: a change
 * through one reaches the others' watchers, on each store's own thread.
 *
 * <pre>{@code
 * InMemoryStateStore store = new InMemoryStateStore();
 * Maintenance first = Maintenance.builder(store).build().start();
 * Maintenance second = Maintenance.builder(store.sharing(SafeDefault.OPEN)).build().start();
 * }</pre>
 */
public final class InMemoryStateStore implements StateStore, InstanceRegistry {

    private final Shared shared;
    private final SafeDefault safeDefault;
    private final Listeners<MaintenanceState> listeners = new Listeners<>();
    private final ExecutorService delivery;

    /** A store on fresh data, with the open safe default. */
    public InMemoryStateStore() {
        this(new Shared(), SafeDefault.OPEN);
    }

    private InMemoryStateStore(Shared shared, SafeDefault safeDefault) {
        this.shared = shared;
        this.safeDefault = Objects.requireNonNull(safeDefault, "safeDefault");
        this.delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "maintenance4j-in-memory-store");
            t.setDaemon(true);
            return t;
        });
        shared.stores.add(this);
    }

    /** Another store on the same data, as another instance of the service sees a shared store. */
    public InMemoryStateStore sharing(SafeDefault safeDefault) {
        return new InMemoryStateStore(shared, safeDefault);
    }

    /** Replaces the stored state with these bytes, keeping the version counter: to test unreadable data. */
    public void corrupt(byte[] bytes) {
        synchronized (shared) {
            shared.state = bytes.clone();
        }
    }

    @Override
    public StoredState readStored() {
        byte[] state;
        synchronized (shared) {
            if (shared.versions == 0) {
                return StoredState.of(MaintenanceState.off());
            }
            state = shared.state;
        }
        return StoredState.decode(state, safeDefault, describe());
    }

    @Override
    public boolean restoreIfAbsent(MaintenanceState known) {
        return false; // memory is not flushed behind the store's back
    }

    @Override
    public MaintenanceState compareAndSet(long expectedVersion, MaintenanceState proposed, Change change) {
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(change, "change");
        Commit commit;
        synchronized (shared) {
            commit = Commit.over(readStored(), expectedVersion, proposed, change, () -> shared.versions);
            shared.state = StateFormat.encode(commit.next());
            shared.versions = commit.next().version();
            shared.audit.add(StateFormat.encodeAudit(commit.audit()));
            for (InMemoryStateStore store : shared.stores) {
                store.deliver(commit.next());
            }
        }
        return commit.next();
    }

    private void deliver(MaintenanceState state) {
        if (!listeners.isEmpty() && !delivery.isShutdown()) {
            delivery.execute(() -> listeners.publish(state));
        }
    }

    @Override
    public List<AuditRecord> history(int limit) {
        StateStore.requireHistoryLimit(limit);
        List<byte[]> newestFirst;
        synchronized (shared) {
            newestFirst = new ArrayList<>(
                    shared.audit.subList(Math.max(0, shared.audit.size() - limit), shared.audit.size()));
        }
        List<AuditRecord> records = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            records.add(StateFormat.decodeAudit(newestFirst.get(i)));
        }
        return records;
    }

    @Override
    public Subscription watch(Consumer<MaintenanceState> listener) {
        return listeners.add(listener);
    }

    @Override
    public Optional<InstanceRegistry> instanceRegistry() {
        return Optional.of(this);
    }

    @Override
    public void heartbeat(InstanceReport report) {
        shared.instances.put(report.id(), StateFormat.encodeInstance(report));
    }

    @Override
    public List<InstanceReport> reports() {
        List<InstanceReport> reports = new ArrayList<>();
        for (byte[] report : shared.instances.values()) {
            try {
                reports.add(StateFormat.decodeInstance(report));
            } catch (StateFormatException e) {
                // not written through heartbeat(): skip it
            }
        }
        return reports;
    }

    @Override
    public void forget(String instanceId) {
        shared.instances.remove(instanceId);
    }

    @Override
    public String describe() {
        return "memory:" + Integer.toHexString(System.identityHashCode(shared));
    }

    @Override
    public void close() {
        shared.stores.remove(this);
        delivery.shutdownNow();
    }

    /** The data stores made by {@link #sharing} have in common. */
    private static final class Shared {
        private byte @Nullable [] state;
        private long versions;
        private final List<byte[]> audit = new ArrayList<>();
        private final Map<String, byte[]> instances = new ConcurrentHashMap<>();
        private final List<InMemoryStateStore> stores = new CopyOnWriteArrayList<>();
    }
}
