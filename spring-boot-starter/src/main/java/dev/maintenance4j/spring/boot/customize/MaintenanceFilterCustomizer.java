package dev.maintenance4j.spring.boot.customize;

import dev.maintenance4j.servlet.MaintenanceFilter;

/**
 * Changes the servlet filter the starter builds from {@code maintenance.*} properties (page, API paths, cookie
 * name, trusted proxies), without replacing its registration. Applied in
 * {@link org.springframework.core.annotation.Order} after the properties.
 */
@FunctionalInterface
public interface MaintenanceFilterCustomizer {

    void customize(MaintenanceFilter.Builder filter);
}
