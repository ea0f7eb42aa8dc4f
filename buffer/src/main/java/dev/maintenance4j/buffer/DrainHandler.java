package dev.maintenance4j.buffer;

/**
 * Applies drained records, one at a time, in order. A handler that throws is called again for the same
 * record after a backoff; after the configured number of attempts the record goes to the dead-letter
 * log and draining goes on with the next one. A {@link RejectedRecordException} sends the record to the
 * dead-letter log at once.
 *
 * <p>Delivery is at least once: the buffer records which keys were applied after each batch, so a record
 * is delivered again only when the process died between applying it and recording that; such records
 * come with {@link BufferedRecord#redelivered()} set.
 */
@FunctionalInterface
public interface DrainHandler {

    void apply(BufferedRecord record) throws Exception;
}
