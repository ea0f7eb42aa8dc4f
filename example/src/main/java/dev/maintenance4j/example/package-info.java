/**
 * The example service started by {@code bin/example}.
 */
@NullMarked
package dev.maintenance4j.example;

import org.jspecify.annotations.NullMarked;
