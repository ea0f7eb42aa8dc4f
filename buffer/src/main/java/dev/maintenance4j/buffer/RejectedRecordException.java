package dev.maintenance4j.buffer;

/**
 * Thrown by a {@link DrainHandler} when a record can never be applied (its target refused it for good,
 * say with {@code 400}): the record goes to the dead-letter log at once instead of being retried, so it
 * does not hold up the records behind it.
 */
public final class RejectedRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public RejectedRecordException(String message) {
        super(message);
    }
}
