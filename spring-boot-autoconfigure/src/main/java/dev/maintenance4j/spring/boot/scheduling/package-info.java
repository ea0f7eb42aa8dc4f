/**
 * Background work during maintenance: scheduled methods and lifecycle beans.
 */
@NullMarked
package dev.maintenance4j.spring.boot.scheduling;

import org.jspecify.annotations.NullMarked;
