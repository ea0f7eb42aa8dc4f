/**
 * Human and JSON output of states and history.
 */
@NullMarked
package dev.maintenance4j.cli.output;

import org.jspecify.annotations.NullMarked;
