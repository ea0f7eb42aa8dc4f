/**
 * Micrometer meters for maintenance4j: {@link dev.maintenance4j.micrometer.MaintenanceMetrics} (state,
 * blocked and bypassed requests) and {@link dev.maintenance4j.micrometer.WriteBufferMetrics} (the write
 * buffer), bound by the Spring Boot starter and by the gateway alike.
 */
@NullMarked
package dev.maintenance4j.micrometer;

import org.jspecify.annotations.NullMarked;
