package dev.maintenance4j.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where running instances report themselves (their heartbeat), so operators and {@code maint down --wait}
 * see which instances applied a change and drained their writes. Optional: a store offers one through
 * {@link StateStore#instanceRegistry()}; without it, maintenance works the same and only the instance
 * list is empty.
 *
 * <p>An implementation only keeps reports by instance id; when reports are forgotten is decided here,
 * once for every store, by {@link #instances(Instant)}.
 */
public interface InstanceRegistry {

    /**
     * Stores the instance's report, replacing its previous one.
     *
     * @throws StoreException when the store can not be reached
     */
    void heartbeat(InstanceReport report);

    /**
     * Every report held, in any order. Entries that can not be decoded are skipped (and may be deleted).
     *
     * @throws StoreException when the store can not be reached
     */
    List<InstanceReport> reports();

    /**
     * Deletes the report of this instance, if there is one.
     *
     * @throws StoreException when the store can not be reached
     */
    void forget(String instanceId);

    /**
     * The instances that reported recently, live or not (see {@link InstanceReport#isLiveAt}); reports
     * older than {@link InstanceReport#FORGOTTEN_AFTER} are forgotten on the way.
     *
     * @throws StoreException when the store can not be reached
     */
    default List<InstanceReport> instances(Instant now) {
        List<InstanceReport> recent = new ArrayList<>();
        for (InstanceReport report : reports()) {
            if (report.isForgottenAt(now)) {
                forget(report.id());
            } else {
                recent.add(report);
            }
        }
        return recent;
    }
}
