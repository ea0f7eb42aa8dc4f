/**
 * Buffered routes: chosen write routes that, while maintenance blocks them, are accepted with
 * {@code 202 Accepted} into a durable {@link dev.maintenance4j.buffer.WriteBuffer} and replayed in order
 * through registered {@link dev.maintenance4j.buffer.request.BufferedRequestHandler}s once maintenance ends.
 * Start at {@link dev.maintenance4j.buffer.request.RequestBuffer}.
 */
@NullMarked
package dev.maintenance4j.buffer.request;

import org.jspecify.annotations.NullMarked;
