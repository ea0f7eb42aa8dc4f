/**
 * What the commands act on: a state store, or a running service's admin API.
 */
@NullMarked
package dev.maintenance4j.cli.backend;

import org.jspecify.annotations.NullMarked;
