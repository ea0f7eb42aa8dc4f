/**
 * Time: parsing of the durations and times operators type, and the {@code Scheduler}
 * that runs maintenance4j's timed work.
 */
@NullMarked
package dev.maintenance4j.time;

import org.jspecify.annotations.NullMarked;
