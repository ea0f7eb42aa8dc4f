package dev.maintenance4j.spi;

import dev.maintenance4j.MaintenanceState;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the shared maintenance state lives. Implementations: {@code FileStateStore} here, Redis,
 * JDBC and Memcached stores in their own modules. Every implementation passes the contract suite
 * {@code StateStoreContract} from this module's test jar.
 *
 * <p>Null contract: no method accepts or returns null. Every method may throw {@link StoreException}
 * when the backing system can not be reached; callers on request paths never call a store directly,
 * they read the in-memory view.
 */
public interface StateStore extends AutoCloseable {

    /**
     * What the store holds: the state, {@link MaintenanceState#off()} (version 0) when nothing was ever
     * stored, or, when the stored data can not be decoded, the store's configured safe default with the
     * reason (a status report must tell "off" from "unreadable", and an instance keeps its last good state
     * rather than apply the safe default for a state it read before). Never an exception for bad data:
     * decode with {@link StoredState#decode}.
     *
     * @throws StoreException when the store can not be reached
     */
    StoredState readStored();

    /**
     * The current state: {@link #readStored()} without saying whether the data was readable.
     *
     * @throws StoreException when the store can not be reached
     */
    default MaintenanceState read() {
        return readStored().state();
    }

    /**
     * Writes back a state this process knew, when the store has lost its own (flushed, evicted,
     * restarted empty), and audits it as {@code restore}: only if no state is stored at all, so it never
     * overwrites a change. Instances call it when a read finds nothing where they knew a state, or an older
     * state than they knew: a store that marks restores may then replace an older <em>restore</em> (two
     * instances restoring at once, one of them behind: the newer wins), never a change. Stores that can
     * not lose their data keep the default, which restores nothing.
     *
     * @return true when this call restored the state
     * @throws StoreException when the store can not be reached
     */
    default boolean restoreIfAbsent(MaintenanceState known) {
        return false;
    }

    /**
     * Whether a committed change may vanish before any instance has read it: a store that keeps its data
     * only in memory and pushes nothing (Memcached: {@code flush_all}, a restart, an eviction). Instances
     * write back what they hold after such a loss, so a writer that is no instance keeps such a store's
     * change until a running instance holds it ({@code MaintenanceControl}). Stores that keep their data, or
     * push each change to the instances as they store it, keep the default: false.
     */
    default boolean mayDropChanges() {
        return false;
    }

    /**
     * Stores {@code proposed} if the stored version is still {@code expectedVersion}, as version
     * {@code expectedVersion + 1} with the change's actor, and appends an audit record. Atomic: a
     * concurrent writer whose base version is stale gets {@link VersionConflictException}, never a
     * silent overwrite.
     *
     * @return the state as committed (with its new version)
     * @throws VersionConflictException when the stored version differs from {@code expectedVersion}
     * @throws StoreException           when the store can not be reached; nothing was changed
     */
    MaintenanceState compareAndSet(long expectedVersion, MaintenanceState proposed, Change change);

    /**
     * {@link #compareAndSet(long, MaintenanceState, Change)} on the version of {@code read}, for a writer
     * that has just read {@code read} from this store: a store may take it as what it holds instead of
     * reading it again (its atomic version check still guards the write, so a change in between is a
     * conflict, never a lost update). The default reads again.
     */
    default MaintenanceState compareAndSet(StoredState read, MaintenanceState proposed, Change change) {
        return compareAndSet(read.state().version(), proposed, change);
    }

    /**
     * The audit history, newest first.
     *
     * @param limit the most records to return, at least 1 (check it with {@link #requireHistoryLimit})
     * @throws IllegalArgumentException when {@code limit} is less than 1
     */
    List<AuditRecord> history(int limit);

    /**
     * The check every {@link #history} makes first.
     *
     * @throws IllegalArgumentException when {@code limit} is less than 1
     */
    static int requireHistoryLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
        }
        return limit;
    }

    /**
     * Subscribes to changes: the listener gets each newly observed state (from push notifications
     * where the backend has them, else from polling), on a store thread, in order. That thread may be the
     * client's own I/O thread: a listener hands its work off and returns, and never calls the store. Read-only
     * stores and stores without any change detection return a subscription that never fires.
     */
    Subscription watch(Consumer<MaintenanceState> listener);

    /**
     * Where instances report themselves, when this store keeps such a registry; stores without one keep
     * the default, which has none.
     */
    default Optional<InstanceRegistry> instanceRegistry() {
        return Optional.empty();
    }

    /** A short description for logs and status output, such as {@code file:/var/maintenance/state.json}. */
    String describe();

    /** Releases threads and connections; the store may not be used afterwards. */
    @Override
    void close();

    /** A registration that can be cancelled. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        /** Stops delivery; idempotent. */
        @Override
        void close();
    }
}
