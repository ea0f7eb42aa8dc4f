/**
 * The in-memory view of the state that request paths read, kept fresh by the store's change feed and polling.
 */
@NullMarked
package dev.maintenance4j.view;

import org.jspecify.annotations.NullMarked;
