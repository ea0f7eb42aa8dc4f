/**
 * Events about maintenance (activated, deactivated, updated, bypassed, blocked) and their listeners.
 */
@NullMarked
package dev.maintenance4j.event;

import org.jspecify.annotations.NullMarked;
