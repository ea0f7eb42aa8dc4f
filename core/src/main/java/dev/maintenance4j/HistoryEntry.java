package dev.maintenance4j;

import dev.maintenance4j.spi.AuditRecord;
import java.time.Instant;
import java.util.Objects;

/**
 * One audited change as reported to people and scripts: an element of what {@code maint history --json}
 * prints and the admin API's {@code GET history} returns, written and read with Jackson data binding by
 * both, so the document is defined once. Like {@link MaintenanceStatus}, it never holds the secret.
 *
 * @param version the version the change created
 * @param at      when
 * @param action  what: an {@link dev.maintenance4j.spi.AuditAction} id such as {@code down}
 * @param actor   who
 * @param origin  from where
 * @param before  the state before, as of the change
 * @param after   the state after, as of the change
 */
public record HistoryEntry(
        long version,
        Instant at,
        String action,
        String actor,
        String origin,
        MaintenanceStatus before,
        MaintenanceStatus after) {

    public HistoryEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /** The entry for a stored audit record. */
    public static HistoryEntry of(AuditRecord record) {
        Instant at = record.change().at();
        return new HistoryEntry(
                record.version(),
                at,
                record.change().action(),
                record.change().actor(),
                record.change().origin(),
                MaintenanceStatus.of(record.before(), at),
                MaintenanceStatus.of(record.after(), at));
    }
}
