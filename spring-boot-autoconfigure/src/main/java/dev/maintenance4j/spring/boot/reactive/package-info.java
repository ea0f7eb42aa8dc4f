/**
 * Spring WebFlux applications: the {@code MaintenanceWebFilter} in front of every handler, with the same
 * {@code maintenance.*} properties and {@code HttpOptions} bean as the servlet filter.
 */
@NullMarked
package dev.maintenance4j.spring.boot.reactive;

import org.jspecify.annotations.NullMarked;
