/** State stores built from what the application already has: its {@code DataSource}. */
@NullMarked
package dev.maintenance4j.spring.boot.store;

import org.jspecify.annotations.NullMarked;
