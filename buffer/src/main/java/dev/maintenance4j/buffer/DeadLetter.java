package dev.maintenance4j.buffer;

import java.time.Instant;
import java.util.Objects;

/**
 * A record the drain gave up on after its attempts, kept in the dead-letter log for an operator.
 *
 * @param record    the record as the handler got it (position, time appended, key, bytes)
 * @param attempts  how often the handler was tried
 * @param lastError what the handler's last attempt threw
 * @param deadAt    when it was moved here
 */
public record DeadLetter(BufferedRecord record, int attempts, String lastError, Instant deadAt) {

    public DeadLetter {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(deadAt, "deadAt");
    }
}
