/**
 * Customizer beans: change one part of what the starter builds (the policy, the filter, the instance)
 * without replacing the bean, as Spring Boot's own {@code *Customizer}s and resilience4j's config customizers do.
 */
@NullMarked
package dev.maintenance4j.spring.boot.customize;

import org.jspecify.annotations.NullMarked;
