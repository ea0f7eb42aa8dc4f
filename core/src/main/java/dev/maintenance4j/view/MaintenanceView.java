package dev.maintenance4j.view;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.event.MaintenanceListener;
import dev.maintenance4j.internal.AtomicFiles;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.Listeners;
import dev.maintenance4j.spi.StateFormat;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStore.Subscription;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.spi.StoredState;
import dev.maintenance4j.spi.VersionConflictException;
import dev.maintenance4j.time.Durations;
import dev.maintenance4j.time.Scheduler;
import dev.maintenance4j.time.ThreadScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state as request paths see it: an immutable snapshot in one volatile field, so reading it is a
 * single memory read with no I/O. The snapshot is refreshed by the store's change feed and by polling
 * as the fallback; when the store fails, the last known state stays in force. A store never reached
 * since start gives the configured {@link SafeDefault}.
 *
 * <p>State-change events ({@code Activated}, {@code Deactivated}, {@code Updated}) are published when a
 * new state arrives and when a scheduled window starts or ends; {@code StoreHealthChanged} when a read of
 * the store fails after succeeding, and when one succeeds again.
 */
public final class MaintenanceView implements MaintenanceControl.Instance, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceView.class);

    private final StateStore store;
    private final Clock clock;
    private final Duration pollInterval;
    private final SafeDefault safeDefault;
    private final boolean keepLastGoodState;
    private @Nullable String lastUnreadable;
    private final java.nio.file.@Nullable Path mirror;
    private final Listeners<MaintenanceEvent> listeners = new Listeners<>();
    private final Scheduler scheduler;
    private final @Nullable ThreadScheduler ownScheduler;
    private volatile MaintenanceState current;
    private volatile boolean activeNow;
    private volatile boolean everRead;
    private boolean everApplied;
    private volatile @Nullable Instant lastRead;
    private volatile @Nullable String lastFailure;
    private @Nullable Subscription feed;
    private Scheduler.@Nullable Task boundary;
    private Scheduler.@Nullable Task polling;
    /** Reads and pushed states are applied one at a time, in the order they were taken, whatever thread runs them. */
    private final ReentrantLock reading = new ReentrantLock();

    private volatile boolean closed;

    private MaintenanceView(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.pollInterval = b.pollInterval;
        this.safeDefault = b.safeDefault;
        this.keepLastGoodState = b.keepLastGoodState;
        this.mirror = b.mirror;
        this.current = b.safeDefault.state();
        this.ownScheduler = b.scheduler == null ? Scheduler.ofThread("maintenance4j-view") : null;
        this.scheduler = b.scheduler != null ? b.scheduler : Objects.requireNonNull(ownScheduler);
    }

    public static Builder builder(StateStore store) {
        return new Builder(store);
    }

    /** Reads the store once (waiting for it), subscribes to its change feed and starts polling. */
    public synchronized MaintenanceView start() {
        if (feed != null) {
            return this;
        }
        refresh();
        if (!everRead) {
            MaintenanceState mirrored = readMirror();
            if (mirrored != null) {
                log.error(
                        "Maintenance state store {} is unreachable at start ({}); starting from the local mirror {} (version {}) until it answers",
                        store.describe(),
                        lastFailure,
                        mirror,
                        mirrored.version());
                apply(mirrored);
            } else {
                log.error(
                        "Maintenance state store {} is unreachable at start ({}); assuming the safe default '{}' until it answers",
                        store.describe(),
                        lastFailure,
                        safeDefault);
            }
        }
        activeNow = current.isActiveAt(clock.instant());
        scheduleBoundary(current);
        feed = store.watch(this::onPush);
        polling = scheduler.scheduleWithFixedDelay(this::refresh, pollInterval, pollInterval);
        return this;
    }

    private void onPush(MaintenanceState state) {
        // a state older than ours means the store lost or can not read its own, and a change made here during an
        // outage must be written before anything else is applied: a full read decides both
        scheduler.execute(
                state.version() < current.version() || hasPendingChange() ? this::refresh : () -> applyPushed(state));
    }

    private void applyPushed(MaintenanceState state) {
        reading.lock();
        try {
            if (closed) {
                return;
            }
            if (state.version() < current.version()) {
                // a read applied a newer state while this push waited for the view's thread: the push is old news
                // (or the store went back, which only a full read can tell)
                read();
            } else {
                apply(state);
            }
        } finally {
            reading.unlock();
        }
    }

    /** The current snapshot: one volatile read. */
    @Override
    public MaintenanceState current() {
        return current;
    }

    /**
     * Reads the store now and applies what it says; keeps the last known state if it fails. A store that
     * lost the state this instance knows (flushed, evicted, restarted empty: it reads as version 0) gets
     * it written back; a stored state that can not be decoded leaves the last good one in force, unless
     * the view was built to apply the safe default then.
     */
    public void refresh() {
        reading.lock();
        try {
            if (!closed) {
                read();
            }
        } finally {
            reading.unlock();
        }
    }

    private void read() {
        try {
            StoredState read = store.readStored();
            lastRead = clock.instant();
            everRead = true;
            boolean recovered = lastFailure != null;
            if (recovered) {
                log.info("Maintenance state store {} is reachable again", store.describe());
                lastFailure = null;
            }
            writeMirror(accept(read));
            if (recovered) {
                listeners.publish(new MaintenanceEvent.StoreHealthChanged(true, null, clock.instant()));
            }
        } catch (RuntimeException e) {
            String failure = e.getMessage() == null ? e.toString() : e.getMessage();
            boolean failed = lastFailure == null;
            lastFailure = failure;
            if (failed) {
                log.warn(
                        "Maintenance state store {} failed; serving the last known state (version {}): {}",
                        store.describe(),
                        current.version(),
                        failure);
                listeners.publish(new MaintenanceEvent.StoreHealthChanged(false, failure, clock.instant()));
            }
        }
    }

    /**
     * A change an operator made on this instance while the store could not be reached: in force here,
     * written to the store with compare-and-set on {@code base}'s version once the store answers.
     */
    private record Pending(MaintenanceState base, MaintenanceState state, Change change) {}

    private @Nullable Pending pending;

    /**
     * Applies a change on this instance while the store can not be reached, so an operator can still put
     * a service into maintenance during the outage that calls for it; it is written to the store as soon
     * as the store answers, unless the store was changed meanwhile (then the store wins, loudly). Several
     * changes during one outage are written as one, the last. Use it as
     * {@code MaintenanceControl.forInstance(view)}.
     */
    @Override
    public synchronized MaintenanceControl.Result applyWhileStoreIsDown(
            String action, Actor actor, MaintenanceControl.StateChange change, Instant now, StoreException failure) {
        MaintenanceState from = current;
        MaintenanceState next = change.apply(from, now).toBuilder()
                .version(from.version())
                .actor(actor.name())
                .build();
        if (next.sameSettingsAs(from)) {
            return new MaintenanceControl.Result(from, from, false, null, pending != null);
        }
        MaintenanceState base = pending != null ? pending.base() : from;
        pending = new Pending(
                base,
                next,
                new Change(action, actor.name(), actor.origin() + " (while the store was unreachable)", now));
        log.warn(
                "Maintenance state store {} is unreachable ({}); {} by {} is in force on this instance and is written to the store "
                        + "when it answers",
                store.describe(),
                failure.getMessage(),
                action,
                actor.name());
        apply(next);
        return new MaintenanceControl.Result(from, next, true, null, true);
    }

    /** True while a change made during a store outage waits to be written to the store. */
    public synchronized boolean hasPendingChange() {
        return pending != null;
    }

    /** Writes a change made during an outage now that the store answers; returns what the store holds after. */
    private StoredState writePending(StoredState read) {
        Pending p = pending;
        if (p == null) {
            return read;
        }
        if (read.state().version() == 0 && p.base().version() > 0) {
            store.restoreIfAbsent(p.base()); // the store came back empty: first the state the change was made on
        }
        try {
            MaintenanceState committed = store.compareAndSet(p.base().version(), p.state(), p.change());
            pending = null; // a failure of the store before this line keeps the change pending for the next read
            log.warn(
                    "Maintenance state store {} answers again; wrote the change made during the outage as version {}",
                    store.describe(),
                    committed.version());
            return StoredState.of(committed);
        } catch (VersionConflictException e) {
            pending = null;
            log.error(
                    "Maintenance state store {} answers again but was changed during the outage (version {}, the change here was made "
                            + "on version {}); the store wins: the change made on this instance is dropped",
                    store.describe(),
                    e.getMessage(),
                    p.base().version());
            return store.readStored();
        }
    }

    /** Applies what a read found, or keeps (and restores) the known state when the store lost it; returns the state in force. */
    private synchronized MaintenanceState accept(StoredState found) {
        StoredState read = pending != null && found.readable() ? writePending(found) : found;
        MaintenanceState known = current;
        MaintenanceState next = read.state();
        String problem = read.unreadable();
        if (problem != null) {
            if (keepLastGoodState && known.version() > 0) {
                if (!problem.equals(lastUnreadable)) {
                    log.error(
                            "Maintenance state in {} is unreadable ({}); keeping the last good state, version {}, until it is rewritten "
                                    + "(maint down or maint up rewrites it)",
                            store.describe(),
                            problem,
                            known.version());
                }
                lastUnreadable = problem;
                return known;
            }
            lastUnreadable = problem;
            apply(next);
            return next;
        }
        lastUnreadable = null;
        if (next.version() == 0 && known.version() > 0) {
            if (store.restoreIfAbsent(known)) {
                log.warn(
                        "Maintenance state store {} had lost the state (flushed, evicted or restarted empty); restored version {}",
                        store.describe(),
                        known.version());
            } else {
                log.error(
                        "Maintenance state store {} holds no state while this instance knows version {}; keeping it until a change "
                                + "is stored",
                        store.describe(),
                        known.version());
            }
            return known;
        }
        if (next.version() < known.version()) {
            if (store.restoreIfAbsent(known)) { // another instance restored an older version after a loss
                log.warn(
                        "Maintenance state store {} had lost the state and another instance restored version {}; restored version {}",
                        store.describe(),
                        next.version(),
                        known.version());
                return known;
            }
            log.warn(
                    "Maintenance state store {} went back from version {} to {}; following the store",
                    store.describe(),
                    known.version(),
                    next.version());
        }
        apply(next);
        return next;
    }

    /**
     * Applies a state this instance just committed to the store, as the store returned it, without reading
     * the store again; a state no newer than the one in force is ignored (the feed got there first).
     */
    @Override
    public void applyCommitted(MaintenanceState committed) {
        synchronized (this) {
            if (committed.version() <= current.version()) {
                return;
            }
            apply(committed);
        }
        writeMirror(committed);
    }

    /** Applies a state received from the store (the store is the source of truth) and publishes the transition. */
    synchronized void apply(MaintenanceState next) {
        MaintenanceState previous = current;
        boolean first = !everApplied;
        everApplied = true;
        if (next.equals(previous)) {
            return;
        }
        current = next;
        scheduleBoundary(next);
        publishTransition(previous, next, first);
    }

    private void publishTransition(MaintenanceState previous, MaintenanceState next, boolean first) {
        Instant now = clock.instant();
        boolean wasActive = activeNow;
        boolean isActive = next.isActiveAt(now);
        activeNow = isActive;
        log.info(
                "Maintenance state version {}: {} (mode {}, by {})",
                next.version(),
                isActive ? "active" : next.isScheduledAt(now) ? "scheduled" : "off",
                next.mode(),
                next.actor());
        MaintenanceEvent event;
        if (isActive && !wasActive) {
            event = new MaintenanceEvent.Activated(previous, next, now);
        } else if (!isActive && wasActive) {
            event = new MaintenanceEvent.Deactivated(previous, next, now);
        } else if (first) {
            return; // the first state read replaces the placeholder: only a transition is news
        } else {
            event = new MaintenanceEvent.Updated(previous, next, now);
        }
        listeners.publish(event);
    }

    private void scheduleBoundary(MaintenanceState state) {
        if (boundary != null) {
            boundary.cancel();
            boundary = null;
        }
        Instant now = clock.instant();
        Instant next = null;
        if (state.enabled() && state.startsAt() != null && now.isBefore(state.startsAt())) {
            next = state.startsAt();
        } else if (state.enabled() && state.until() != null && now.isBefore(state.until())) {
            next = state.until();
        }
        if (next != null) {
            Duration delay = Duration.between(now, next).plusMillis(1);
            boundary = scheduler.schedule(this::crossBoundary, delay.isNegative() ? Duration.ZERO : delay);
        }
    }

    private synchronized void crossBoundary() {
        MaintenanceState state = current;
        if (state.isActiveAt(clock.instant()) != activeNow) {
            publishTransition(state, state, false);
        }
        scheduleBoundary(state);
    }

    private volatile long mirroredVersion = -1;

    /** Keeps the last state read from the store in the local mirror file, when one is configured. */
    private void writeMirror(MaintenanceState state) {
        if (mirror == null || (state.version() == mirroredVersion && Files.exists(mirror))) {
            return;
        }
        try {
            AtomicFiles.replace(mirror, StateFormat.encode(state));
            mirroredVersion = state.version();
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot write the local maintenance mirror {}: {}", mirror, e.toString());
        }
    }

    private @Nullable MaintenanceState readMirror() {
        if (mirror == null || !Files.exists(mirror)) {
            return null;
        }
        try {
            return StateFormat.decode(Files.readAllBytes(mirror));
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring the unreadable local maintenance mirror {}: {}", mirror, e.toString());
            return null;
        }
    }

    /** Adds a listener for state-change events. */
    public Subscription addListener(MaintenanceListener listener) {
        return listeners.add(listener::onEvent);
    }

    private final AtomicBoolean checking = new AtomicBoolean();

    /**
     * Reads the store now when the last successful read is older than {@code maxAge} (one caller at a
     * time; others see the last answer), so a health check reports an outage within about {@code maxAge}
     * and the store's timeout instead of waiting for the next poll. Not for request paths: it may do I/O.
     *
     * @return whether the store answered its last read
     */
    public boolean checkStore(Duration maxAge) {
        Instant last = lastRead;
        if ((last == null || last.plus(maxAge).isBefore(clock.instant()) || lastFailure != null)
                && checking.compareAndSet(false, true)) {
            try {
                refresh();
            } finally {
                checking.set(false);
            }
        }
        return storeReachable();
    }

    /** True while the last read of the store succeeded. */
    public boolean storeReachable() {
        return lastFailure == null && everRead;
    }

    /** When the store last answered, or null if never. */
    public @Nullable Instant lastRead() {
        return lastRead;
    }

    /** The last store failure, or null while it answers. */
    public @Nullable String lastFailure() {
        return lastFailure;
    }

    public StateStore store() {
        return store;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (feed != null) {
            feed.close();
        }
        if (polling != null) {
            polling.cancel();
        }
        if (boundary != null) {
            boundary.cancel();
        }
        if (ownScheduler != null) {
            ownScheduler.close();
        }
    }

    /** Builds views; setters validate at once. */
    public static final class Builder {
        private final StateStore store;
        private Clock clock = Clock.systemUTC();
        private Duration pollInterval = StoreOptions.DEFAULT_POLL_INTERVAL;
        private SafeDefault safeDefault = SafeDefault.OPEN;
        private boolean keepLastGoodState = true;
        private java.nio.file.@Nullable Path mirror;
        private @Nullable Scheduler scheduler;

        private Builder(StateStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where polling and window boundaries run (default: a thread of the view's own, stopped by
         * {@link MaintenanceView#close()}); a scheduler passed here is shared and stays open.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** How often to read the store in case a push was missed (default {@link StoreOptions#DEFAULT_POLL_INTERVAL}, 1 s). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Durations.requirePositive(pollInterval, "pollInterval");
            return this;
        }

        /**
         * What to assume when the state can not be known (default {@link SafeDefault#OPEN}): the store was
         * never reached since start, or its state is unreadable and no good state was read before (or
         * {@link #keepLastGoodState(boolean)} is off).
         */
        public Builder safeDefault(SafeDefault safeDefault) {
            this.safeDefault = Objects.requireNonNull(safeDefault, "safeDefault");
            return this;
        }

        /**
         * When the stored state turns unreadable after a good one was read: true (the default) keeps
         * serving the last good state, with an ERROR log line; false applies the safe default at once.
         */
        public Builder keepLastGoodState(boolean keep) {
            this.keepLastGoodState = keep;
            return this;
        }

        /**
         * Also keeps the last state read from the store in this local file, so an instance that restarts
         * while a shared store is down starts from it instead of the safe default.
         */
        public Builder localMirror(java.nio.file.@Nullable Path file) {
            this.mirror = file;
            return this;
        }

        /** Builds the view; call {@link MaintenanceView#start()} to begin reading. */
        public MaintenanceView build() {
            return new MaintenanceView(this);
        }
    }
}
