package dev.maintenance4j.event;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.decision.Decision;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Something that happened to maintenance, delivered to {@link MaintenanceListener}s. */
public sealed interface MaintenanceEvent {

    /** When it happened. */
    Instant at();

    /** A new state was applied: {@link Activated}, {@link Deactivated} or {@link Updated}. */
    sealed interface StateApplied extends MaintenanceEvent {
        MaintenanceState previous();

        MaintenanceState current();
    }

    /** Maintenance came into force (switched on, or a scheduled window started). */
    record Activated(MaintenanceState previous, MaintenanceState current, Instant at) implements StateApplied {}

    /** Maintenance stopped being in force (switched off, or its window ended). */
    record Deactivated(MaintenanceState previous, MaintenanceState current, Instant at) implements StateApplied {}

    /** The state changed without coming into or out of force (new reason, allow-list, schedule, ...). */
    record Updated(MaintenanceState previous, MaintenanceState current, Instant at) implements StateApplied {}

    /**
     * The shared store stopped answering this instance, which keeps serving the state it last knew, or
     * answers again.
     *
     * @param reachable whether it answers now
     * @param failure   why it did not answer, while it does not
     */
    record StoreHealthChanged(boolean reachable, @Nullable String failure, Instant at) implements MaintenanceEvent {}

    /**
     * A request that maintenance would block was let through by a bypass.
     *
     * @param clientAddress the client address if known
     */
    record Bypassed(
            Decision decision,
            String method,
            String path,
            @Nullable String clientAddress,
            Instant at) implements MaintenanceEvent {}

    /**
     * A request was refused (or, in test mode, would have been).
     *
     * @param clientAddress the client address if known
     */
    record Blocked(
            Decision decision,
            String method,
            String path,
            @Nullable String clientAddress,
            Instant at) implements MaintenanceEvent {}
}
