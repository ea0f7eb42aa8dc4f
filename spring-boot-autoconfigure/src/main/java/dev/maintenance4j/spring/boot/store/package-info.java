/** State stores built from what the application already has: its {@code DataSource}, its Spring Data Redis connection. */
@NullMarked
package dev.maintenance4j.spring.boot.store;

import org.jspecify.annotations.NullMarked;
