package dev.maintenance4j.buffer;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link WriteBuffer}, cheap to take (no I/O).
 *
 * @param pending            records appended and not yet drained
 * @param bytes              bytes the buffer's record log holds on disk
 * @param oldestPendingAt    when the oldest pending record was appended; null when none is pending
 * @param appendedThrough    the position of the last record appended
 * @param drainedThrough     every record up to this position is done (applied, skipped as duplicate or dead-lettered)
 * @param draining           true while a drain runs
 * @param drained            records drained since the buffer was opened
 * @param duplicatesSkipped  records skipped since opening because their key was applied already
 * @param deadLetters        records in the dead-letter log
 * @param drainRatePerSecond records per second of the running (or last) drain
 * @param drainProgress      share of the running (or last) drain done, 0 to 1 (1 when nothing is pending)
 * @param lastError          the last error a handler threw, if any
 * @param failure            why the buffer takes no appends now (its disk failed or is full), or null while it does;
 *                           it takes appends again by itself once the disk does
 */
public record BufferStats(
        long pending,
        long bytes,
        @Nullable Instant oldestPendingAt,
        long appendedThrough,
        long drainedThrough,
        boolean draining,
        long drained,
        long duplicatesSkipped,
        long deadLetters,
        double drainRatePerSecond,
        double drainProgress,
        @Nullable String lastError,
        @Nullable String failure) {

    /** How long the oldest pending record has waited, or zero. */
    public Duration oldestPendingAge(Instant now) {
        return oldestPendingAt == null || oldestPendingAt.isAfter(now)
                ? Duration.ZERO
                : Duration.between(oldestPendingAt, now);
    }
}
