/**
 * Parsing of the durations and times operators type.
 */
@NullMarked
package dev.maintenance4j.time;

import org.jspecify.annotations.NullMarked;
