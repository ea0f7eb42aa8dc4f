/**
 * maintenance4j: maintenance mode for JVM services. Start at {@link dev.maintenance4j.Maintenance} (one
 * running instance) and {@link dev.maintenance4j.control.MaintenanceControl} (operators' changes).
 */
@NullMarked
package dev.maintenance4j;

import org.jspecify.annotations.NullMarked;
