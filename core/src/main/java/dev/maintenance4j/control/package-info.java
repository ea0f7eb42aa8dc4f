/**
 * Operators' changes (down, up, allow, disallow, secret) applied with compare-and-set and retries.
 */
@NullMarked
package dev.maintenance4j.control;

import org.jspecify.annotations.NullMarked;
