package dev.maintenance4j.spring.boot.customize;

import dev.maintenance4j.Maintenance;

/**
 * Changes how the instance follows its store (poll interval, safe default, local mirror, instance id,
 * heartbeat), without replacing the {@code Maintenance} bean. Applied in
 * {@link org.springframework.core.annotation.Order} after the properties.
 */
@FunctionalInterface
public interface MaintenanceCustomizer {

    void customize(Maintenance.Builder maintenance);
}
