/**
 * Counters of what maintenance blocked, for status pages and metrics.
 */
@NullMarked
package dev.maintenance4j.stats;

import org.jspecify.annotations.NullMarked;
