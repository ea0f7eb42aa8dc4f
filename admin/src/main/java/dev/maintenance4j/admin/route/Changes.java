package dev.maintenance4j.admin.route;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceStatus;
import dev.maintenance4j.control.ClusterAwait;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.protocol.ChangeReceipt;
import dev.maintenance4j.protocol.InstanceStatus;
import dev.maintenance4j.protocol.InvalidRequestException;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.text.Failures;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How every state-changing route answers: it applies the change, optionally waits until every live
 * instance applied it, and answers with a {@link ChangeReceipt}: 200, or 202 when the store was
 * unreachable and the change is pending on this instance.
 */
final class Changes {

    /** A change to apply. */
    interface Change {
        MaintenanceControl.Result apply() throws IOException;
    }

    private final Maintenance maintenance;

    Changes(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    void answer(AdminCall call, Change change) throws IOException {
        answer(call, change, null, false);
    }

    /**
     * @param wait        how long to wait for every live instance, or null to answer at once
     * @param drainWrites the wait also lasts until no instance has a blocked write in flight (for enable)
     */
    void answer(AdminCall call, Change change, @Nullable Duration wait, boolean drainWrites) throws IOException {
        MaintenanceControl.Result result;
        try {
            result = change.apply();
        } catch (InvalidRequestException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(null, Failures.describe(e));
        }
        Instant now = maintenance.clock().instant();
        ChangeReceipt.ClusterWait waited = wait == null || result.pending() ? null : await(result, wait, drainWrites);
        call.answer(
                result.pending() ? 202 : 200,
                new ChangeReceipt(
                        MaintenanceStatus.of(result.after(), now),
                        result.changed(),
                        MaintenanceStatus.of(result.before(), now),
                        result.generatedSecret(),
                        waited,
                        result.pending(),
                        result.pending() ? ChangeReceipt.PENDING_MESSAGE : null));
    }

    private ChangeReceipt.ClusterWait await(MaintenanceControl.Result result, Duration wait, boolean drainWrites) {
        maintenance.reportNow();
        ClusterAwait.Result waited;
        try {
            waited = ClusterAwait.of(maintenance::instances, maintenance.clock())
                    .await(result.after().version(), drainWrites, wait, report -> {});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the instances", e);
        }
        Instant now = maintenance.clock().instant();
        return new ChangeReceipt.ClusterWait(
                waited.done(), InstanceStatus.of(waited.live(), now), InstanceStatus.of(waited.laggards(), now));
    }
}
