package dev.maintenance4j.protocol;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET api/buffer}: the write buffer of the answering instance, what {@code maint buffer status}
 * prints.
 *
 * @param pending            accepted requests not yet replayed
 * @param bytes              their size on disk
 * @param drainProgress      replayed share of what was pending when the replay began, 0 to 1
 * @param lastError          the last replay failure, or null
 * @param failure            why the buffer refuses new requests, or null
 * @param routes             the buffered routes, such as {@code POST /api/orders}
 */
public record BufferStatus(
        long pending,
        long bytes,
        @Nullable Instant oldestPendingAt,
        long oldestPendingAgeSeconds,
        long appendedThrough,
        long drainedThrough,
        boolean draining,
        long drained,
        long duplicatesSkipped,
        long deadLetters,
        double drainRatePerSecond,
        double drainProgress,
        @Nullable String lastError,
        @Nullable String failure,
        List<String> routes) {

    public BufferStatus {
        routes = List.copyOf(routes);
    }
}
