package dev.maintenance4j.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.maintenance4j.MaintenanceStatus;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a change: the status after it (its fields at the top level), whether it changed anything,
 * the status before, the generated secret (shown once), the cluster wait when one was asked for, and
 * whether the change is pending because the store was unreachable.
 *
 * @param after   the status after the change
 * @param clusterWait how the wait for every instance ended, when one was asked for (JSON {@code wait})
 * @param pending the change is in force on the answering instance only, until the store answers
 * @param message what to do about a pending change, or null
 */
public record ChangeReceipt(
        @JsonUnwrapped MaintenanceStatus after,
        boolean changed,
        @Nullable MaintenanceStatus before,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secret,

        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("wait") @Nullable
        ClusterWait clusterWait,

        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean pending,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String message) {

    /** What a pending change tells the caller. */
    public static final String PENDING_MESSAGE =
            "the maintenance state store is unreachable: the change is in force on this instance only, and is "
                    + "written to the store when it answers; send it to every instance to cover them all";

    /**
     * How a wait for every instance ended.
     *
     * @param done      every live instance applied the change (and, for down, drained its writes)
     * @param instances the live instances
     * @param laggards  those that had not when the wait ended
     */
    public record ClusterWait(boolean done, List<InstanceStatus> instances, List<InstanceStatus> laggards) {
        public ClusterWait {
            instances = List.copyOf(instances);
            laggards = List.copyOf(laggards);
        }
    }
}
