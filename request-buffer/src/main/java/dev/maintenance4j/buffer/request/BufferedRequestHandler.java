package dev.maintenance4j.buffer.request;

/**
 * Applies a request that was accepted into the write buffer during maintenance, once maintenance is
 * over. Called in acceptance order, one at a time; a handler that throws is retried with backoff and,
 * after the configured attempts, the request goes to the dead-letter log (at once when it throws
 * {@link dev.maintenance4j.buffer.RejectedRecordException}: the request can never be applied).
 *
 * <p>Use the request's {@link BufferedRequest#idempotencyKey()} to make applying idempotent: a request
 * marked {@link BufferedRequest#redelivered()} may have been applied just before a crash.
 */
@FunctionalInterface
public interface BufferedRequestHandler {

    void apply(BufferedRequest request) throws Exception;
}
