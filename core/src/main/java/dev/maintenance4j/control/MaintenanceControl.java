package dev.maintenance4j.control;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.bypass.BypassSecret;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.spi.AuditAction;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoredState;
import dev.maintenance4j.spi.VersionConflictException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The write side shared by the CLI and the admin API: each operation reads the state, computes the
 * new one, and stores it with compare-and-set, retrying on conflicts so concurrent operators never
 * lose each other's updates. An operation that would change nothing stores nothing (idempotent),
 * unless the stored state is unreadable: then any operation rewrites it.
 */
public final class MaintenanceControl {

    private static final int MAX_ATTEMPTS = 200;

    /**
     * How long a writer that is no instance keeps a change on a store that {@linkplain StateStore#mayDropChanges
     * may drop it} until a running instance holds it: ten poll intervals at the default.
     */
    public static final Duration HOLD_WAIT = Duration.ofSeconds(10);

    private final StateStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final @Nullable Duration defaultRetryAfter;
    private final @Nullable Instance instance;

    private MaintenanceControl(
            StateStore store,
            Clock clock,
            SecureRandom random,
            @Nullable Duration defaultRetryAfter,
            @Nullable Instance instance) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.defaultRetryAfter = defaultRetryAfter;
        this.instance = instance;
    }

    /**
     * The same operations, made by a running instance on the store it follows ({@code MaintenanceView}
     * is such an instance):
     * <ul>
     *   <li>while the store can not be reached, a change is applied on the instance and written to the
     *       store once it answers, instead of failing, so operators can still switch maintenance on during
     *       the outage that needs it;</li>
     *   <li>the state each operation leaves in the store is applied on the instance at once, without
     *       another read of the store;</li>
     *   <li>a store found holding an older state than the instance applied (flushed, restarted empty) gets
     *       the instance's state back first, so no change is built on a lost state.</li>
     * </ul>
     */
    public MaintenanceControl forInstance(Instance instance) {
        return new MaintenanceControl(
                store, clock, random, defaultRetryAfter, Objects.requireNonNull(instance, "instance"));
    }

    /** Operations on this store; a new maintenance gets {@link EnableOptions#DEFAULT_RETRY_AFTER}. */
    public static MaintenanceControl of(StateStore store, Clock clock) {
        return of(store, clock, EnableOptions.DEFAULT_RETRY_AFTER);
    }

    /** Operations on this store; a new maintenance gets this {@code Retry-After} unless one is given (none when null). */
    public static MaintenanceControl of(StateStore store, Clock clock, @Nullable Duration defaultRetryAfter) {
        if (defaultRetryAfter != null) {
            MaintenanceState.requireDuration(defaultRetryAfter, "defaultRetryAfter");
        }
        return new MaintenanceControl(store, clock, new SecureRandom(), defaultRetryAfter, null);
    }

    /** Switches maintenance on, or updates the options of a running one. */
    public Result enable(EnableOptions options, Actor actor) {
        return enable(options, actor, null);
    }

    /** Like {@link #enable(EnableOptions, Actor)}, refused with a conflict if the state is no longer at {@code expectedVersion}. */
    public Result enable(EnableOptions options, Actor actor, @Nullable Long expectedVersion) {
        String[] generated = new String[1];
        Result result = apply(AuditAction.DOWN.id(), actor, expectedVersion, (current, now) -> {
            EnableOptions.Applied applied = options.applyTo(current, now, random, defaultRetryAfter);
            generated[0] = applied.generatedSecret();
            return applied.state();
        });
        return result.withGeneratedSecret(generated[0]);
    }

    /** Switches maintenance off; the allow-list is kept for next time, the secret dropped. */
    public Result disable(Actor actor) {
        return disable(actor, null);
    }

    /** Like {@link #disable(Actor)}, refused with a conflict if the state is no longer at {@code expectedVersion}. */
    public Result disable(Actor actor, @Nullable Long expectedVersion) {
        return apply(
                AuditAction.UP.id(),
                actor,
                expectedVersion,
                (current, now) -> current.enabled()
                        ? current.toBuilder()
                                .enabled(false)
                                .since(null)
                                .startsAt(null)
                                .until(null)
                                .secret(null)
                                .build()
                        : current);
    }

    /** Adds networks to the allow-list. */
    public Result allow(List<CidrBlock> blocks, Actor actor) {
        return apply(
                AuditAction.ALLOW.id(),
                actor,
                (current, now) -> current.toBuilder()
                        .allowed(current.allowed().with(blocks))
                        .build());
    }

    /** Removes networks from the allow-list. */
    public Result disallow(List<CidrBlock> blocks, Actor actor) {
        return apply(
                AuditAction.DISALLOW.id(),
                actor,
                (current, now) -> current.toBuilder()
                        .allowed(current.allowed().without(blocks))
                        .build());
    }

    /** Replaces the bypass secret with a generated one (existing bypass cookies stop working). */
    public Result rotateSecret(Actor actor) {
        BypassSecret.Generated generated = BypassSecret.generate(random);
        return apply(
                        AuditAction.SECRET_ROTATE.id(),
                        actor,
                        (current, now) ->
                                current.toBuilder().secret(generated.stored()).build())
                .withGeneratedSecret(generated.secret());
    }

    /** Removes the bypass secret (existing bypass cookies stop working). */
    public Result clearSecret(Actor actor) {
        return apply(
                AuditAction.SECRET_CLEAR.id(),
                actor,
                (current, now) -> current.toBuilder().secret(null).build());
    }

    /**
     * Applies a change with compare-and-set, retrying on conflict.
     *
     * @throws IllegalArgumentException when the change is invalid for the current state; nothing is stored
     * @throws StoreException           when the store fails or conflicts persist
     */
    public Result apply(String action, Actor actor, StateChange change) {
        return apply(action, actor, null, change);
    }

    /**
     * Applies a change made against a version the caller saw: when {@code expectedVersion} is given and
     * the store has moved on, {@link VersionConflictException} is thrown instead of retrying, so an
     * operator never overwrites a change they have not seen. Without it, conflicts are retried.
     */
    public Result apply(String action, Actor actor, @Nullable Long expectedVersion, StateChange change) {
        VersionConflictException lastConflict = null;
        boolean restoreTried = false;
        boolean dropped = false;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            StoredState stored;
            try {
                stored = store.readStored();
            } catch (StoreException unreachable) {
                if (instance == null || expectedVersion != null) {
                    throw unreachable;
                }
                return instance.applyWhileStoreIsDown(
                        action, actor, change, clock.instant().truncatedTo(ChronoUnit.SECONDS), unreachable);
            }
            MaintenanceState current = stored.state();
            if (instance != null
                    && !restoreTried
                    && stored.readable()
                    && current.version() < instance.current().version()) {
                // the store lost the state this instance applied: write it back (if the store can), then read again
                restoreTried = true;
                store.restoreIfAbsent(instance.current());
                continue;
            }
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw new VersionConflictException(expectedVersion, current.version());
            }
            // state times are kept to the second: they are shown to people and sent in headers
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            MaintenanceState next = change.apply(current, now);
            if (next.sameSettingsAs(current) && stored.readable()) { // an unreadable state is rewritten even so
                applyOnInstance(current);
                return new Result(current, current, false, null);
            }
            MaintenanceState committed;
            try {
                committed = store.compareAndSet(stored, next, new Change(action, actor.name(), actor.origin(), now));
                applyOnInstance(committed);
            } catch (VersionConflictException e) {
                if (expectedVersion != null) {
                    throw e;
                }
                lastConflict = e;
                backOff(attempt);
                continue;
            } catch (StoreException unreachable) {
                // the store failed between the read and the write (whether the write happened is unknown: the
                // fallback's later compare-and-set on the same base version settles it)
                if (instance == null || expectedVersion != null) {
                    throw unreachable;
                }
                return instance.applyWhileStoreIsDown(action, actor, change, now, unreachable);
            }
            if (instance != null || !store.mayDropChanges()) {
                return new Result(current, committed, true, null);
            }
            Held held = awaitHeld(committed, !dropped);
            if (held != Held.LOST) {
                return new Result(
                        current, committed, true, null, false, held == Held.NOT_YET ? notHeld(committed) : null);
            }
            // the store dropped the change before the instances read it: make it again on what the store holds now
            dropped = true;
        }
        throw new StoreException("gave up after " + MAX_ATTEMPTS + " conflicting concurrent changes", lastConflict);
    }

    private enum Held {
        /** Every live instance applied it (or a later version), or none runs to hold anything. */
        HELD,
        /** The store no longer holds it and the instances did not: it must be made again. */
        LOST,
        /** Still not applied by every live instance when {@link #HOLD_WAIT} ran out. */
        NOT_YET
    }

    /**
     * Waits until every live instance reports {@code committed}'s version applied, as {@code down --wait}
     * does, so whichever instance writes a state back after the store loses its data writes this change or
     * a later one; meanwhile reads the store: one found holding an older state, or another state under the
     * same version (even one with the same settings, made by another actor), lost the change.
     *
     * @param mayBeAlone true when no live instance means none runs; false after the store dropped a change,
     *                   which takes the instances' reports with it until they report again
     */
    private Held awaitHeld(MaintenanceState committed, boolean mayBeAlone) {
        long version = committed.version();
        Instant deadline = clock.instant().plus(HOLD_WAIT);
        while (true) {
            try {
                MaintenanceState stored = store.readStored().state();
                List<InstanceReport> live = liveInstances();
                // the same version with the same settings by another writer is a lost change too: it was made
                // on the state the instances wrote back, and acknowledging both would give one version twice
                if (stored.version() < version || (stored.version() == version && !stored.equals(committed))) {
                    return Held.LOST;
                }
                if (live.isEmpty()
                        ? mayBeAlone
                        : live.stream().allMatch(report -> report.appliedVersion() >= version)) {
                    return Held.HELD;
                }
            } catch (StoreException unreachable) {
                // committed, then the store went away: it may come back without the change, so ask again
            }
            if (!clock.instant().isBefore(deadline)) {
                return Held.NOT_YET;
            }
            mayBeAlone = false; // from the second look on, no report means the store dropped them
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Held.NOT_YET;
            }
        }
    }

    private List<InstanceReport> liveInstances() {
        Instant now = clock.instant();
        return instances().stream().filter(report -> report.isLiveAt(now)).toList();
    }

    private String notHeld(MaintenanceState committed) {
        return "version " + committed.version() + " is stored in " + store.describe() + ", but not every running "
                + "instance has applied it within " + HOLD_WAIT.toSeconds() + " s; that store keeps no copy, so the "
                + "change can be lost if it loses its data before they do: check with maint status";
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5 + Math.min(attempt, 20) * 5L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a conflicting change", e);
        }
    }

    private void applyOnInstance(MaintenanceState stored) {
        if (instance != null) {
            instance.applyCommitted(stored);
        }
    }

    /** A running instance following the store: see {@link #forInstance}. */
    public interface Instance {
        /** The state in force on the instance. */
        MaintenanceState current();

        /** Takes the state an operation left in the store (newer than the one in force, or ignored). */
        void applyCommitted(MaintenanceState stored);

        /**
         * Applies a change on the instance while the store can not be reached.
         *
         * @param failure why the store could not be reached
         * @return the result, with {@link Result#pending()} true
         */
        Result applyWhileStoreIsDown(
                String action, Actor actor, StateChange change, Instant now, StoreException failure);
    }

    /** A change from the current state to the next, at an instant. May throw IllegalArgumentException. */
    @FunctionalInterface
    public interface StateChange {
        MaintenanceState apply(MaintenanceState current, Instant now);
    }

    /**
     * The outcome of an operation.
     *
     * @param before          the state it started from
     * @param after           the state now stored
     * @param changed         false when the operation was a no-op
     * @param generatedSecret a newly generated secret to show once, or null
     * @param pending         true when the store was unreachable: the change is in force on this instance
     *                        only, and is written to the store once it answers
     * @param notice          what the operator should know about a change that is stored but not yet safe
     *                        (no running instance holds it yet on a store that may drop it), or null
     */
    public record Result(
            MaintenanceState before,
            MaintenanceState after,
            boolean changed,
            @Nullable String generatedSecret,
            boolean pending,
            @Nullable String notice) {
        public Result(
                MaintenanceState before, MaintenanceState after, boolean changed, @Nullable String generatedSecret) {
            this(before, after, changed, generatedSecret, false, null);
        }

        public Result(
                MaintenanceState before,
                MaintenanceState after,
                boolean changed,
                @Nullable String generatedSecret,
                boolean pending) {
            this(before, after, changed, generatedSecret, pending, null);
        }

        Result withGeneratedSecret(@Nullable String secret) {
            return new Result(before, after, changed, secret, pending, notice);
        }
    }

    /**
     * The instances that report to the store, live or not, as {@code down --wait} and status reports list
     * them; empty when the store keeps no instance registry.
     *
     * @throws StoreException when the store can not be reached
     */
    public List<InstanceReport> instances() {
        return store.instanceRegistry()
                .map(registry -> registry.instances(clock.instant()))
                .orElse(List.of());
    }
}
