package dev.maintenance4j.spring.boot.customize;

import dev.maintenance4j.http.HttpOptions;

/**
 * Changes how the web adapter meets traffic, as the starter built it from {@code maintenance.*} properties
 * (page, API paths, cookie, trusted proxies), without replacing it: the same for the servlet filter and
 * the WebFlux filter. Applied in {@link org.springframework.core.annotation.Order} after the properties.
 */
@FunctionalInterface
public interface MaintenanceHttpCustomizer {

    void customize(HttpOptions.Builder options);
}
