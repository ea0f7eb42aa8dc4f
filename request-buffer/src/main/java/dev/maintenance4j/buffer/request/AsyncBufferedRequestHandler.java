package dev.maintenance4j.buffer.request;

import java.util.concurrent.CompletionStage;

/**
 * A {@link BufferedRequestHandler} for non-blocking applications: applying a buffered request returns a stage that
 * completes when the request is applied (or fails when it can not be). A reactive handler returns its
 * {@code Mono}'s {@code toFuture()}; a Vert.x, RxJava or coroutine handler its own future. The replay waits for one
 * stage before it starts the next, so requests are still applied in acceptance order, one at a time, and a failed
 * stage is retried or dead-lettered as a thrown exception would be (at once when it fails with
 * {@link dev.maintenance4j.buffer.RejectedRecordException}). Register it with {@link BufferedRoute#ofAsync}.
 */
@FunctionalInterface
public interface AsyncBufferedRequestHandler {

    CompletionStage<?> apply(BufferedRequest request) throws Exception;
}
