package dev.maintenance4j.protocol;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET api/buffer/dead-letters}: one accepted request that could not be replayed. Method, path and
 * principal are null when the stored request can no longer be read.
 *
 * @param idempotencyKey the client's key
 * @param acceptedAt     when it was accepted into the buffer
 * @param bodyBytes      the size of its body
 */
public record DeadLetterEntry(
        long position,
        @Nullable String idempotencyKey,
        Instant acceptedAt,
        Instant deadAt,
        int attempts,
        @Nullable String lastError,
        @Nullable String method,
        @Nullable String path,
        @Nullable String principal,
        long bodyBytes) {}
