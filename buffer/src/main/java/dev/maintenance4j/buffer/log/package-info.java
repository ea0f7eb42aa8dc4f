/**
 * The append-only segmented log under the write buffer: frames with a length and a CRC-32C, group
 * commit, torn-tail recovery, and cursors for reading in order.
 */
@NullMarked
package dev.maintenance4j.buffer.log;

import org.jspecify.annotations.NullMarked;
