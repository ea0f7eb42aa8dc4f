/**
 * Spring Boot auto-configuration of maintenance4j, bound to {@code maintenance.*}.
 */
@NullMarked
package dev.maintenance4j.spring.boot;

import org.jspecify.annotations.NullMarked;
