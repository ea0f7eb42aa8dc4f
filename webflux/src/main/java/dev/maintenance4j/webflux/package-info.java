/**
 * The reactive adapter: {@link dev.maintenance4j.webflux.MaintenanceWebFilter} puts a Spring WebFlux
 * application behind maintenance with the servlet filter's behaviour, translating between the exchange and
 * the shared HTTP code of {@code dev.maintenance4j.http}; it decides nothing itself. {@link
 * dev.maintenance4j.webflux.MaintenanceAdminWebFilter} serves the admin module's {@code AdminApi} the same way.
 */
@NullMarked
package dev.maintenance4j.webflux;

import org.jspecify.annotations.NullMarked;
