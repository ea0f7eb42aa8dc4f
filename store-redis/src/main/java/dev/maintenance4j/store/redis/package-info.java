/**
 * The Redis state store (Lettuce).
 */
@NullMarked
package dev.maintenance4j.store.redis;

import org.jspecify.annotations.NullMarked;
