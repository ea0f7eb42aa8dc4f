package dev.maintenance4j.buffer;

import java.time.Instant;
import java.util.Objects;

/**
 * A record handed to a {@link DrainHandler}.
 *
 * @param position       its place in the buffer; records arrive in increasing position
 * @param appendedAt     when it was appended
 * @param idempotencyKey the key it was appended with (the client's {@code Idempotency-Key}, or generated)
 * @param payload        the bytes appended (do not modify)
 * @param redelivered    true when a drain that crashed may already have applied it: the handler should
 *                       check its own records for this key before applying it again
 */
public record BufferedRecord(
        long position, Instant appendedAt, String idempotencyKey, byte[] payload, boolean redelivered) {

    public BufferedRecord {
        Objects.requireNonNull(appendedAt, "appendedAt");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(payload, "payload");
    }
}
