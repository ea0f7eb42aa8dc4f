/**
 * The bypass secret (stored only as a salted HMAC) and the signed, expiring bypass cookies derived from it.
 */
@NullMarked
package dev.maintenance4j.bypass;

import org.jspecify.annotations.NullMarked;
