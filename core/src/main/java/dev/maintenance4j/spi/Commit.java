package dev.maintenance4j.spi;

import dev.maintenance4j.MaintenanceState;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What a compare-and-set writes, decided the same way for every store: the check of the expected
 * version, the next version (which never goes back, not even over an unreadable state), the actor stamp,
 * and the audit record. A store reads its data, calls {@link #over}, then writes {@link #next()} and
 * {@link #audit()} if its data is still what it read (the store's own atomic step).
 *
 * @param next  the state to store
 * @param audit the record of this change, to append to the history
 */
public record Commit(MaintenanceState next, AuditRecord audit) {

    public Commit {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(audit, "audit");
    }

    /**
     * @param stored          what the store holds now
     * @param expectedVersion the version the writer based its change on
     * @param proposed        the writer's new state (its version and actor are replaced)
     * @param change          who changes it, from where, when
     * @param highestVersion  the highest version the store ever committed (its version field, its audit
     *                        log), asked only when {@code stored} is unreadable, which reads as version 0
     * @throws VersionConflictException when the stored version is not {@code expectedVersion}
     */
    public static Commit over(
            StoredState stored,
            long expectedVersion,
            MaintenanceState proposed,
            Change change,
            LongSupplier highestVersion) {
        MaintenanceState current = stored.state();
        if (current.version() != expectedVersion) {
            throw new VersionConflictException(expectedVersion, current.version());
        }
        long base = stored.readable() ? expectedVersion : Math.max(expectedVersion, highestVersion.getAsLong());
        MaintenanceState next =
                proposed.toBuilder().version(base + 1).actor(change.actor()).build();
        return new Commit(next, new AuditRecord(change, current, next));
    }

    /**
     * This commit, numbered above {@code seen} if it is not already: a writer that saw version {@code seen}
     * never commits that version or a lower one, even when the store went back below it (a lost state
     * restored by an instance that had not applied the newest).
     */
    public Commit above(long seen) {
        if (next.version() > seen) {
            return this;
        }
        MaintenanceState renumbered = next.toBuilder().version(seen + 1).build();
        return new Commit(renumbered, new AuditRecord(audit.change(), audit.before(), renumbered));
    }
}
