package dev.maintenance4j.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.operation.OperationClass;
import dev.maintenance4j.stats.BlockedAttempts;
import dev.maintenance4j.view.MaintenanceView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET api/status} and each status event: the status (its fields at the top level), the reason as
 * the page shows it, what the mode blocks and how often it was tried, the store as this instance sees
 * it, the instances, the write buffer when there is one, and what status contributors add.
 *
 * @param estimatedCompletion the end while switched on, or null
 * @param buffer              the write buffer, or null (and absent) when the service has none
 * @param contributed         fields added by status contributors, each under its own name (written, not read
 *                            back: a client that wants them reads the document as a tree)
 */
public record StatusDocument(
        @JsonUnwrapped MaintenanceStatus status,
        @Nullable String message,
        @Nullable Instant estimatedCompletion,
        List<BlockedOperation> blockedOperations,
        StoreStatus store,
        List<InstanceStatus> instances,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable BufferStatus buffer,
        @JsonAnyGetter Map<String, Object> contributed) {

    public StatusDocument {
        blockedOperations = List.copyOf(blockedOperations);
        instances = List.copyOf(instances);
        contributed = contributed == null ? new LinkedHashMap<>() : new LinkedHashMap<>(contributed);
    }

    /**
     * One operation class: whether the current mode blocks it, and the attempts counted.
     *
     * @param perMinute attempts in each of the last minutes, oldest first
     */
    public record BlockedOperation(
            String operationClass,
            String description,
            boolean blocked,
            @Nullable Instant blockedSince,
            long attempts,
            long lastMinute,
            @Nullable Instant firstBlockedAt,
            @Nullable Instant lastBlockedAt,
            List<Long> perMinute) {}

    /**
     * The store as the answering instance sees it.
     *
     * @param lastRead    when it last read the state, or null
     * @param lastFailure the last failure, or null
     */
    public record StoreStatus(
            String description,
            boolean reachable,
            @Nullable Instant lastRead,
            @Nullable String lastFailure) {}

    /** The document for {@code maintenance} now, with its buffer's status and contributed fields. */
    public static StatusDocument of(
            Maintenance maintenance, Instant now, @Nullable BufferStatus buffer, Map<String, Object> contributed) {
        MaintenanceState state = maintenance.state();
        MaintenanceView view = maintenance.view();
        List<InstanceStatus> instances;
        try {
            instances = InstanceStatus.of(maintenance.instances(), now);
        } catch (RuntimeException e) {
            instances = List.of(); // the store is down: the status still answers
        }
        return new StatusDocument(
                MaintenanceStatus.of(state, now),
                state.reason(),
                state.enabled() ? state.until() : null,
                blockedOperations(maintenance, now),
                new StoreStatus(view.store().describe(), view.storeReachable(), view.lastRead(), view.lastFailure()),
                instances,
                buffer,
                contributed);
    }

    /** Per operation class: whether the current mode blocks it, and the attempts counted. */
    public static List<BlockedOperation> blockedOperations(Maintenance maintenance, Instant now) {
        MaintenanceState state = maintenance.state();
        boolean active = state.isActiveAt(now);
        List<OperationClass> classes = maintenance.gate().policy().classifier().classes();
        return classes.stream()
                .map(operationClass -> {
                    BlockedAttempts.Snapshot attempts =
                            maintenance.blockedAttempts().snapshot(operationClass, now);
                    return new BlockedOperation(
                            operationClass.name(),
                            operationClass.description(),
                            active
                                    && maintenance
                                            .gate()
                                            .policy()
                                            .blockedIn(state.mode())
                                            .blocks(operationClass),
                            active ? state.since() : null,
                            attempts == null ? 0 : attempts.total(),
                            attempts == null ? 0 : attempts.lastMinute(),
                            attempts == null ? null : attempts.firstBlockedAt(),
                            attempts == null ? null : attempts.lastBlockedAt(),
                            attempts == null ? List.of() : attempts.perMinute());
                })
                .toList();
    }
}
