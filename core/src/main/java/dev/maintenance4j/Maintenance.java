package dev.maintenance4j;

import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.decision.Decision;
import dev.maintenance4j.decision.MaintenanceGate;
import dev.maintenance4j.decision.MaintenancePolicy;
import dev.maintenance4j.decision.MaintenanceRequest;
import dev.maintenance4j.decision.Outcome;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.event.MaintenanceListener;
import dev.maintenance4j.net.Hosts;
import dev.maintenance4j.net.IpAddress;
import dev.maintenance4j.spi.InstanceRegistry;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.Listeners;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StateStore.Subscription;
import dev.maintenance4j.spi.StoreOptions;
import dev.maintenance4j.stats.BlockedAttempts;
import dev.maintenance4j.stats.InFlightRequests;
import dev.maintenance4j.time.Durations;
import dev.maintenance4j.time.Scheduler;
import dev.maintenance4j.time.ThreadScheduler;
import dev.maintenance4j.view.MaintenanceView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Maintenance for one running instance: the in-memory {@link MaintenanceView} of a store, the
 * {@link MaintenanceGate} that decides requests against it, and the listeners that hear about both.
 * Integrations (the servlet filter, Spring) hold one of these.
 *
 * <pre>{@code
 * StateStore store = FileStateStore.builder(Path.of("var/maintenance/state.json")).build();
 * Maintenance maintenance = Maintenance.builder(store).build().start();
 * Decision decision = maintenance.decide(MaintenanceRequest.of("POST", "/orders"));
 * }</pre>
 */
public final class Maintenance implements AutoCloseable {

    private final MaintenanceView view;
    private final MaintenanceControl control;
    private final MaintenanceGate gate;
    private final Clock clock;
    private final Listeners<MaintenanceEvent> requestListeners = new Listeners<>();
    private final BlockedAttempts blockedAttempts = new BlockedAttempts();
    private final InFlightRequests inFlight = new InFlightRequests();
    private final String instanceId;
    private final String host;
    private final Instant startedAt;
    private final Duration heartbeat;
    private final Scheduler scheduler;
    private final @Nullable ThreadScheduler ownScheduler;
    private Scheduler.@Nullable Task heartbeats;
    private volatile boolean closed;
    /** Held while a report is written, so {@link #close()} never forgets this instance before one in progress. */
    private final Object reporting = new Object();

    private volatile LongSupplier bufferedWrites = () -> 0;

    private Maintenance(Builder b) {
        this.clock = b.clock;
        this.ownScheduler = b.scheduler == null ? Scheduler.ofThread("maintenance4j-scheduler") : null;
        this.scheduler = b.scheduler != null ? b.scheduler : Objects.requireNonNull(ownScheduler);
        this.view = b.view.scheduler(scheduler).build();
        this.gate = MaintenanceGate.of(b.policy, b.clock);
        this.control = MaintenanceControl.of(view.store(), clock, b.policy.defaultRetryAfter())
                .forInstance(view);
        this.host = Hosts.localName();
        this.instanceId = b.instanceId != null
                ? b.instanceId
                : host + "-" + ProcessHandle.current().pid() + "-"
                        + Long.toString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFL, 36);
        this.startedAt = clock.instant();
        this.heartbeat = b.heartbeat;
    }

    public static Builder builder(StateStore store) {
        return new Builder(store);
    }

    /**
     * Reads the store, starts following it, and starts reporting this instance to the store (every
     * heartbeat interval, and at once when a new state is applied, so {@code down --wait} sees it quickly).
     */
    public synchronized Maintenance start() {
        if (heartbeats != null) {
            return this;
        }
        view.start();
        if (view.store().instanceRegistry().isPresent()) {
            view.addListener(event -> scheduler.execute(this::reportSafely));
            heartbeats = scheduler.scheduleWithFixedDelay(this::reportSafely, Duration.ZERO, heartbeat);
        } else {
            heartbeats = () -> {};
        }
        return this;
    }

    /** This instance's report, as sent to the store. */
    public InstanceReport report() {
        Instant now = clock.instant();
        MaintenanceState state = view.current();
        return new InstanceReport(
                instanceId,
                host,
                startedAt,
                state.version(),
                inFlight.writes(),
                inFlight.blockedBy(state, now),
                bufferedWrites.getAsLong(),
                now,
                heartbeat);
    }

    /** Where this instance's reports take the number of writes waiting in its write buffer (none by default). */
    public void reportBufferedWrites(LongSupplier count) {
        this.bufferedWrites = Objects.requireNonNull(count, "count");
    }

    /** Sends this instance's report now (also done on a schedule after {@link #start()}); nothing when the store keeps no registry. */
    public void reportNow() {
        view.store().instanceRegistry().ifPresent(registry -> registry.heartbeat(report()));
    }

    /**
     * The instances that report to this store, live or not (empty when the store keeps no registry).
     *
     * @throws dev.maintenance4j.spi.StoreException when the store can not be reached
     */
    public List<InstanceReport> instances() {
        return control.instances();
    }

    private void reportSafely() {
        synchronized (reporting) {
            if (closed) {
                return; // a report queued before close must not bring a gone instance back
            }
            try {
                reportNow();
            } catch (RuntimeException e) {
                // the store is down: the view already says so; the next heartbeat tries again
            }
        }
    }

    private void forgetSafely(InstanceRegistry registry) {
        try {
            registry.forget(instanceId);
        } catch (RuntimeException e) {
            // the store is down: the report ages out after three missed heartbeats
        }
    }

    /** Writes in progress, counted by the servlet filter. */
    public InFlightRequests inFlight() {
        return inFlight;
    }

    /** This instance's id in the store's registry. */
    public String instanceId() {
        return instanceId;
    }

    /** The current state snapshot (no I/O). */
    public MaintenanceState state() {
        return view.current();
    }

    /**
     * Decides a request against the current snapshot, counts blocked requests per operation class, and
     * tells listeners about bypasses and blocks. No I/O; never throws.
     */
    public Decision decide(MaintenanceRequest request) {
        return decide(view.current(), request);
    }

    /** Like {@link #decide(MaintenanceRequest)}, against a snapshot the caller already holds. */
    public Decision decide(MaintenanceState state, MaintenanceRequest request) {
        Decision decision = gate.decide(state, request);
        return passedQuietly(decision) ? decision : counted(decision, request, clock.instant());
    }

    /**
     * Like {@link #decide(MaintenanceState, MaintenanceRequest)}, at a time the caller already read from
     * {@link #clock()}: a request then reads the clock once, however far its decision goes.
     */
    public Decision decide(MaintenanceState state, MaintenanceRequest request, Instant now) {
        Decision decision = gate.decide(state, request, now);
        return passedQuietly(decision) ? decision : counted(decision, request, now);
    }

    /** Passed without a bypass: nothing to count, nobody to tell. */
    private static boolean passedQuietly(Decision decision) {
        Outcome outcome = decision.outcome();
        return outcome == Outcome.NOT_ACTIVE || outcome == Outcome.EXEMPT || outcome == Outcome.NOT_BLOCKED;
    }

    /** Counts a blocked request and tells listeners about blocks and bypasses. */
    private Decision counted(Decision decision, MaintenanceRequest request, Instant now) {
        Outcome outcome = decision.outcome();
        if ((outcome == Outcome.BLOCKED || outcome == Outcome.WOULD_BLOCK) && decision.operationClass() != null) {
            blockedAttempts.record(decision.operationClass(), now.toEpochMilli());
        }
        if (!requestListeners.isEmpty()) {
            publish(decision, request, now);
        }
        return decision;
    }

    /** Blocked (and would-be blocked) requests per operation class since start. */
    public BlockedAttempts blockedAttempts() {
        return blockedAttempts;
    }

    private void publish(Decision decision, MaintenanceRequest request, Instant now) {
        if (decision.outcome().isBypass()) {
            requestListeners.publish(
                    new MaintenanceEvent.Bypassed(decision, request.method(), request.path(), address(request), now));
        } else if (!decision.allowed() || decision.outcome() == Outcome.WOULD_BLOCK) {
            requestListeners.publish(
                    new MaintenanceEvent.Blocked(decision, request.method(), request.path(), address(request), now));
        }
    }

    private static @Nullable String address(MaintenanceRequest request) {
        try {
            IpAddress address = request.clientAddress();
            return address == null ? null : address.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Adds a listener for every event: state changes and request bypasses and blocks. */
    public Subscription addListener(MaintenanceListener listener) {
        Subscription states = view.addListener(listener);
        Subscription requests = requestListeners.add(listener::onEvent);
        return () -> {
            states.close();
            requests.close();
        };
    }

    public MaintenanceGate gate() {
        return gate;
    }

    public MaintenanceView view() {
        return view;
    }

    /**
     * Operators' changes made through this instance (its admin API, its actuator): on its store, a new
     * maintenance getting the policy's default {@code Retry-After}, and while the store can not be reached a
     * change in force here at once and written to the store when it answers.
     */
    public MaintenanceControl control() {
        return control;
    }

    /** Where this instance's timed work runs; modules and adapters built on it schedule theirs here too. */
    public Scheduler scheduler() {
        return scheduler;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Stops following the store and reporting, and takes this instance's report out of the store's registry
     * (when it can be reached), so {@code maint status} and {@code down --wait} stop counting it at once
     * instead of after three missed heartbeats; the store itself is closed by whoever opened it.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        synchronized (reporting) {
            closed = true; // after a report in progress, before any other: none is written after the forget
        }
        if (heartbeats != null) {
            heartbeats.cancel();
            view.store().instanceRegistry().ifPresent(this::forgetSafely);
        }
        view.close();
        if (ownScheduler != null) {
            ownScheduler.close();
        }
    }

    /** Builds {@link Maintenance}; setters validate at once. */
    public static final class Builder {
        private final MaintenanceView.Builder view;
        private MaintenancePolicy policy = MaintenancePolicy.ofDefaults();
        private Clock clock = Clock.systemUTC();
        private @Nullable String instanceId;
        private Duration heartbeat = Duration.ofSeconds(2);
        private @Nullable Scheduler scheduler;

        private Builder(StateStore store) {
            this.view = MaintenanceView.builder(store);
        }

        public Builder policy(MaintenancePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            view.clock(clock);
            return this;
        }

        /**
         * Where this instance's timed work runs: polling, window boundaries, heartbeats, and the timers of
         * what is built on it (notifications, the admin API's keep-alives, the write buffer's checks).
         * Default: one daemon thread, stopped by {@link Maintenance#close()}; a scheduler passed here is
         * shared and stays open. Tests pass a {@code ManualScheduler}.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Polling fallback for missed pushes (default {@link StoreOptions#DEFAULT_POLL_INTERVAL}, 1 s). */
        public Builder pollInterval(Duration pollInterval) {
            view.pollInterval(pollInterval);
            return this;
        }

        /** The state assumed while the store was never reached (default {@link SafeDefault#OPEN}). */
        public Builder safeDefault(SafeDefault safeDefault) {
            view.safeDefault(safeDefault);
            return this;
        }

        /** Keep the last good state when the stored one turns unreadable (default true; see {@link MaintenanceView.Builder#keepLastGoodState}). */
        public Builder keepLastGoodState(boolean keep) {
            view.keepLastGoodState(keep);
            return this;
        }

        /** A local file mirroring the last state read, used at start when the store is down (see {@link MaintenanceView.Builder#localMirror}). */
        public Builder localMirror(java.nio.file.@Nullable Path file) {
            view.localMirror(file);
            return this;
        }

        /** This instance's id in the store's registry (default: host, process id and a random suffix). */
        public Builder instanceId(String instanceId) {
            if (instanceId.isBlank()) {
                throw new IllegalArgumentException("instanceId must not be blank");
            }
            this.instanceId = instanceId;
            return this;
        }

        /** How often this instance reports itself (default 2 s); it counts as gone after three missed reports. */
        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = Durations.requirePositive(heartbeat, "heartbeat");
            return this;
        }

        public Maintenance build() {
            return new Maintenance(this);
        }
    }
}
