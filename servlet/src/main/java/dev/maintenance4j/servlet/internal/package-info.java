/**
 * Implementation details of the filter; not a public API.
 */
@NullMarked
package dev.maintenance4j.servlet.internal;

import org.jspecify.annotations.NullMarked;
