/**
 * Implementation details shared by modules; not a public API.
 */
@NullMarked
package dev.maintenance4j.internal;

import org.jspecify.annotations.NullMarked;
