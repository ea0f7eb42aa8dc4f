/**
 * Actuator integration: health, the {@code maintenance} endpoint and Micrometer metrics.
 */
@NullMarked
package dev.maintenance4j.spring.boot.actuate;

import org.jspecify.annotations.NullMarked;
