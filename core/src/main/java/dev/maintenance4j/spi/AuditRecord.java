package dev.maintenance4j.spi;

import dev.maintenance4j.MaintenanceState;
import java.util.Objects;

/**
 * One change of the state: who, from where, when, and the state before and after.
 *
 * @param change what was done, by whom, from where, when
 * @param before the state that was replaced
 * @param after  the state that was stored
 */
public record AuditRecord(Change change, MaintenanceState before, MaintenanceState after) {

    public AuditRecord {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /** The version this change created. */
    public long version() {
        return after.version();
    }
}
