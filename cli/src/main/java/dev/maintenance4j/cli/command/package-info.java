/**
 * One class per {@code maint} subcommand.
 */
@NullMarked
package dev.maintenance4j.cli.command;

import org.jspecify.annotations.NullMarked;
