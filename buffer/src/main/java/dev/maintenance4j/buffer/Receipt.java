package dev.maintenance4j.buffer;

import java.time.Instant;
import java.util.Objects;

/**
 * What an append returns once the record is durable.
 *
 * @param position       the record's place in the buffer (1, 2, 3…; order of replay)
 * @param idempotencyKey the key replay deduplicates on
 * @param appendedAt     when it was appended
 */
public record Receipt(long position, String idempotencyKey, Instant appendedAt) {

    public Receipt {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(appendedAt, "appendedAt");
    }
}
