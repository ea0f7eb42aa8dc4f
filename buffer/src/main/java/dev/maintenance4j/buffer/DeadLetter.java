package dev.maintenance4j.buffer;

import java.time.Instant;
import java.util.Objects;

/**
 * A record the drain gave up on after its attempts, kept in the dead-letter log for an operator.
 *
 * @param position       its place in the buffer
 * @param appendedAt     when it was appended
 * @param idempotencyKey its key
 * @param payload        its bytes
 * @param attempts       how often the handler was tried
 * @param lastError      what the handler's last attempt threw
 * @param deadAt         when it was moved here
 */
public record DeadLetter(long position, Instant appendedAt, String idempotencyKey, byte[] payload, int attempts, String lastError,
                         Instant deadAt) {

    public DeadLetter {
        Objects.requireNonNull(appendedAt, "appendedAt");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(deadAt, "deadAt");
    }
}
