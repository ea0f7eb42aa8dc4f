/**
 * A durable write buffer: requests (or any records) accepted while the application can not apply
 * them are appended to a local, checksummed, segmented log ({@link dev.maintenance4j.buffer.log.SegmentedLog})
 * and later drained to a {@link dev.maintenance4j.buffer.DrainHandler} in order, at least once, skipping
 * records whose idempotency key was applied already. Start at {@link dev.maintenance4j.buffer.WriteBuffer}.
 */
@NullMarked
package dev.maintenance4j.buffer;

import org.jspecify.annotations.NullMarked;
