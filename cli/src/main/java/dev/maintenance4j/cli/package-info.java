/**
 * The {@code maint} command line.
 */
@NullMarked
package dev.maintenance4j.cli;

import org.jspecify.annotations.NullMarked;
