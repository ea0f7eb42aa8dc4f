/**
 * Extension points: the {@link dev.maintenance4j.spi.StateStore} every store implements, and providers that open stores from URIs.
 */
@NullMarked
package dev.maintenance4j.spi;

import org.jspecify.annotations.NullMarked;
